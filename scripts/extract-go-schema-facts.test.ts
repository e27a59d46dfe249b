import { describe, expect, it } from 'vitest';
import { importsOf, parseGoStructs, protobufNumber, qualify } from './extract-go-schema-facts';

const goSource = [
  'package v1',
  '',
  'import (',
  '\tcorev1 "k8s.io/api/core/v1"',
  '\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"',
  '\t"k8s.io/apimachinery/pkg/util/intstr"',
  ')',
  '',
  '// Widget is a test type.',
  '// +structType=atomic',
  'type Widget struct {',
  '\tmetav1.TypeMeta `json:",inline"`',
  '\t// +optional',
  '\tmetav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`',
  '\t// Parts of the widget.',
  '\t// +patchMergeKey=name',
  '\t// +patchStrategy=merge',
  '\t// +listType=map',
  '\t// +listMapKey=name',
  '\t// +listMapKey=kind',
  '\tParts []Part `json:"parts,omitempty" patchStrategy:"merge" patchMergeKey:"name" protobuf:"bytes,2,rep,name=parts"`',
  '\tReplicas *int32 `json:"replicas,omitempty"`',
  '\tPolicy corev1.PullPolicy `json:"policy"`',
  '\tPort intstr.IntOrString `json:"port"`',
  '\tSecret map[string][]byte `json:"secret,omitempty"`',
  '\tinternal string `json:"-"`',
  '}',
  '',
  'type Part struct {',
  '\tName string `json:"name"`',
  '\tPartSource `json:",inline" protobuf:"bytes,2,opt,name=partSource"`',
  '}',
].join('\n');

describe('extract-go-schema-facts', () => {
  it('qualifies Go types as reflect prints them', () => {
    const locals = new Set(['Part', 'Widget']);
    expect(qualify('*int32', 'v1', locals)).toBe('int32');
    expect(qualify('[]Part', 'v1', locals)).toBe('[]v1.Part');
    expect(qualify('metav1.Time', 'v1', locals)).toBe('v1.Time');
    expect(qualify('corev1.PodSpec', 'v1', locals)).toBe('v1.PodSpec');
    expect(qualify('map[string]resource.Quantity', 'v1', locals)).toBe('map[string]resource.Quantity');
    expect(qualify('*Part', 'v2', locals)).toBe('v2.Part');
  });

  it('reads import aliases', () => {
    const imports = importsOf(goSource);
    expect(imports.get('corev1')).toBe('k8s.io/api/core/v1');
    expect(imports.get('intstr')).toBe('k8s.io/apimachinery/pkg/util/intstr');
  });

  it('reads struct fields with their tags and markers', () => {
    const [widget, part] = parseGoStructs(goSource, 'v1', new Set(['Widget', 'Part', 'PartSource']));
    expect(widget.name).toBe('Widget');
    expect(widget.markers.structType).toEqual(['atomic']);
    expect(widget.fields.map((f) => [f.json, f.goType])).toEqual([
      ['metadata', 'v1.ObjectMeta'],
      ['parts', '[]v1.Part'],
      ['replicas', 'int32'],
      ['policy', 'v1.PullPolicy'],
      ['port', 'intstr.IntOrString'],
      ['secret', 'map[string][]byte'],
    ]);
    const parts = widget.fields[1];
    expect(parts.tags).toMatchObject({ patchStrategy: 'merge', patchMergeKey: 'name' });
    expect(parts.markers).toMatchObject({ listType: ['map'], listMapKey: ['name', 'kind'] });
    expect(part.fields).toHaveLength(1);
    expect(part.inline).toEqual([{ protobuf: 2, goType: 'v1.PartSource' }]);
    expect(widget.inline).toEqual([]);
  });

  it('reads protobuf field numbers from the struct tags', () => {
    expect(protobufNumber('bytes,2,rep,name=parts')).toBe(2);
    expect(protobufNumber('varint,11,opt,name=hostNetwork')).toBe(11);
    expect(protobufNumber(undefined)).toBeUndefined();
    expect(protobufNumber('bytes')).toBeUndefined();
  });
});
