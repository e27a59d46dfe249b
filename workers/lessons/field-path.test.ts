import { describe, expect, it } from 'vitest';
import { parseFieldPath, readField } from './field-path';

describe('parseFieldPath', () => {
  it.each([
    ['status.readyReplicas', ['status', 'readyReplicas']],
    ['spec.template.spec.containers[0].image', ['spec', 'template', 'spec', 'containers', 0, 'image']],
    ['metadata.annotations["deployment.kubernetes.io/revision"]', ['metadata', 'annotations', 'deployment.kubernetes.io/revision']],
    ['items[2]', ['items', 2]],
  ])('%s', (path, want) => expect(parseFieldPath(path)).toEqual(want));

  it.each([
    ['', 'empty path'],
    ['a..b', 'column 3: empty segment'],
    ['a.', 'ends with "."'],
    ['a[x]', 'expected [N] or ["key"]'],
    ['a[0', '"[" without "]"'],
  ])('rejects %j', (path, why) => expect(() => parseFieldPath(path)).toThrow(why));
});

describe('readField', () => {
  const obj = { metadata: { annotations: { 'a.b/c': '2' } }, spec: { list: [{ image: 'nginx' }] } };
  it('reads keys, indexes and quoted keys', () => {
    expect(readField(obj, 'spec.list[0].image')).toBe('nginx');
    expect(readField(obj, 'metadata.annotations["a.b/c"]')).toBe('2');
  });
  it('is undefined past a missing step, and never reads inherited properties', () => {
    expect(readField(obj, 'spec.list[3].image')).toBeUndefined();
    expect(readField(obj, 'spec.missing.x')).toBeUndefined();
    expect(readField(obj, 'spec.constructor')).toBeUndefined();
    expect(readField(obj, 'spec.list.length')).toBeUndefined();
  });
});
