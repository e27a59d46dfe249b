import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESCRIPTIONS_PATH, generateSchemaFiles, STRUCTURE_PATH } from './gen-schema';
import { parseDtsModule, parseType } from './schema-gen/dts-parser';

const root = join(__dirname, '..');

describe('gen-schema', () => {
  const generated = generateSchemaFiles();

  it('committed output is current (re-run `npx tsx scripts/gen-schema.ts` if this fails)', () => {
    for (const path of [STRUCTURE_PATH, DESCRIPTIONS_PATH]) {
      expect(readFileSync(join(root, path), 'utf8') === generated[path], `${path} is stale`).toBe(true);
    }
  });

  const structure = JSON.parse(generated[STRUCTURE_PATH]) as { schemas: Record<string, any>; goTypes: Record<string, any> };
  const s = structure.schemas;
  const descriptions = JSON.parse(generated[DESCRIPTIONS_PATH]) as Record<string, any>;

  it('emits upstream names for kinds and apimachinery types', () => {
    for (const name of [
      'io.k8s.api.core.v1.Pod', 'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.batch.v1.CronJob',
      'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler', 'io.k8s.api.networking.v1.Ingress',
      'io.k8s.api.rbac.v1.ClusterRole', 'io.k8s.api.coordination.v1.Lease', 'io.k8s.api.discovery.v1.EndpointSlice',
    ]) {
      expect(s[name], name).toBeDefined();
    }
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity']).toEqual({ oneOf: [{ type: 'string' }, { type: 'number' }] });
    expect(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toEqual({ type: 'string', format: 'date-time' });
    // Only served groups: nothing from admissionregistration or flowcontrol.
    expect(Object.keys(s).some((n) => n.includes('admissionregistration') || n.includes('flowcontrol'))).toBe(false);
  });

  it('carries GVKs, required fields, formats and refs', () => {
    expect(s['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(s['io.k8s.api.core.v1.PodSpec'].required).toEqual(['containers']);
    expect(s['io.k8s.api.core.v1.Container'].required).toEqual(['name']);
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].required).toEqual(['selector', 'template']);
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas).toEqual({ type: 'integer', format: 'int32' });
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.generation).toEqual({ type: 'integer', format: 'int64' });
    expect(s['io.k8s.api.core.v1.PodSpec'].properties.terminationGracePeriodSeconds.format).toBe('int64');
    expect(s['io.k8s.api.core.v1.Secret'].properties.data.additionalProperties).toEqual({ type: 'string', format: 'byte' });
    expect(s['io.k8s.api.core.v1.ServicePort'].properties.targetPort).toEqual({
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    });
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].properties.template.$ref).toBe('#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec');
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Status']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Status' },
    ]);
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']['x-kubernetes-map-type']).toBe('atomic');
  });

  it('declares upstream patch strategies and list types', () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['io.k8s.api.core.v1.PodSpec', 'containers', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' }],
      ['io.k8s.api.core.v1.PodSpec', 'volumes', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' }],
      ['io.k8s.api.core.v1.PodSpec', 'imagePullSecrets', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' }],
      ['io.k8s.api.core.v1.PodSpec', 'tolerations', { 'x-kubernetes-list-type': 'atomic' }],
      ['io.k8s.api.core.v1.Container', 'ports', {
        'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      }],
      ['io.k8s.api.core.v1.Container', 'env', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' }],
      ['io.k8s.api.core.v1.Container', 'volumeMounts', { 'x-kubernetes-patch-merge-key': 'mountPath', 'x-kubernetes-patch-strategy': 'merge' }],
      ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers', { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' }],
      ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ownerReferences', { 'x-kubernetes-patch-merge-key': 'uid', 'x-kubernetes-patch-strategy': 'merge' }],
      ['io.k8s.api.core.v1.ServiceSpec', 'ports', { 'x-kubernetes-patch-merge-key': 'port', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-map-keys': ['port', 'protocol'] }],
      ['io.k8s.api.apps.v1.DeploymentStatus', 'conditions', { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge' }],
      ['io.k8s.api.apps.v1.DeploymentSpec', 'strategy', { 'x-kubernetes-patch-strategy': 'retainKeys' }],
    ];
    for (const [schema, field, want] of cases) expect(s[schema].properties[field], `${schema}.${field}`).toMatchObject(want);
    expect(s['io.k8s.api.core.v1.Container'].properties.args['x-kubernetes-patch-strategy']).toBeUndefined();
  });

  it('declares +enum values with upstream\'s "Possible enum values" text', () => {
    expect(s['io.k8s.api.apps.v1.DeploymentStrategy'].properties.type.enum).toEqual(['Recreate', 'RollingUpdate']);
    expect(s['io.k8s.api.core.v1.Container'].properties.imagePullPolicy.enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(s['io.k8s.api.core.v1.PersistentVolumeClaimSpec'].properties.accessModes.items.enum).toContain('ReadWriteOnce');
    expect(descriptions['io.k8s.api.core.v1.Container'].p.imagePullPolicy).toContain(
      'Possible enum values:\n - `"Always"` means that kubelet always attempts to pull the latest image.',
    );
  });

  it('keeps Go type names that differ from the schema for error messages', () => {
    expect(structure.goTypes['io.k8s.api.core.v1.Container'].imagePullPolicy).toBe('v1.PullPolicy');
    expect(structure.goTypes['io.k8s.api.core.v1.ResourceRequirements'].limits).toBe('v1.ResourceList');
    expect(structure.goTypes['io.k8s.api.apps.v1.DeploymentSpec']).toBeUndefined();
  });

  it('puts descriptions in their own file, none in the structure', () => {
    // A property may be called description (PriorityClass.description); a description text may not appear.
    expect(generated[STRUCTURE_PATH]).not.toMatch(/"description":\s*"/);
    expect(descriptions['io.k8s.api.apps.v1.Deployment'].d).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
    expect(descriptions['io.k8s.api.apps.v1.DeploymentSpec'].p.replicas).toMatch(/^Number of desired pods/);
  });
});

describe('dts-parser', () => {
  it('parses the type expressions kubernetes-types uses', () => {
    expect(parseType('Array<string>')).toEqual({ kind: 'array', items: { kind: 'string' } });
    expect(parseType('{ [name: string]: Quantity; }')).toEqual({ kind: 'map', values: { kind: 'ref', name: 'Quantity' } });
    expect(parseType('number | string')).toEqual({ kind: 'intOrString' });
    expect(parseType('"apps/v1"')).toEqual({ kind: 'literal', value: 'apps/v1' });
    expect(() => parseType('Foo | Bar')).toThrow(/unsupported/);
  });

  it('parses interfaces, optional fields, multi-line docs and maps', () => {
    const mod = parseDtsModule(
      [
        'import { ObjectMeta } from "../meta/v1";',
        '/**',
        ' * A thing.',
        ' *',
        ' * Second paragraph.',
        ' */',
        'export interface Thing {',
        '    /** The name. */',
        '    name: string;',
        '    readonly labels?: {',
        '        [name: string]: string;',
        '    };',
        '    metadata?: ObjectMeta;',
        '}',
        'export interface Empty {',
        '}',
        '',
      ].join('\n'),
    );
    expect(mod.imports.get('ObjectMeta')).toBe('../meta/v1');
    expect(mod.decls[0]).toEqual({
      name: 'Thing',
      doc: 'A thing.\n\nSecond paragraph.',
      fields: [
        { name: 'name', optional: false, doc: 'The name.', type: { kind: 'string' } },
        { name: 'labels', optional: true, doc: undefined, type: { kind: 'map', values: { kind: 'string' } } },
        { name: 'metadata', optional: true, doc: undefined, type: { kind: 'ref', name: 'ObjectMeta' } },
      ],
    });
    expect(mod.decls[1]).toEqual({ name: 'Empty', doc: undefined, fields: [] });
  });
});
