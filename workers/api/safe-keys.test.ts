import { describe, expect, it } from 'vitest';
import { assertSafeKeys, findUnsafeKey } from './safe-keys';

describe('findUnsafeKey', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['clean object', { a: { b: [1, { c: 2 }] } }, undefined],
    ['top-level __proto__', JSON.parse('{"__proto__": {"x": 1}}'), '__proto__'],
    ['nested constructor in a list', { spec: { containers: [{ name: 'a' }, { constructor: 1 }] } }, 'spec.containers[1].constructor'],
    ['prototype as a label key', { metadata: { labels: { prototype: 'x' } } }, 'metadata.labels.prototype'],
    ['values may say __proto__', { a: '__proto__' }, undefined],
  ];
  it.each(cases)('%s', (_name, value, path) => {
    expect(findUnsafeKey(value)?.path).toBe(path);
  });

  it('assertSafeKeys throws a 400 naming the path', () => {
    expect(() => assertSafeKeys({ a: { constructor: {} } })).toThrow('request body contains the forbidden key "constructor" at a.constructor');
  });

  it('walks deep documents without overflowing the stack', () => {
    let v: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20000; i++) v = { n: v };
    expect(findUnsafeKey(v)).toBeUndefined();
    v.bad = JSON.parse('{"__proto__": 1}');
    expect(findUnsafeKey(v)?.path).toBe('bad.__proto__');
  });

  it('names the first forbidden key in document order when there are several', () => {
    const v = { a: [{ ok: 1 }, { b: { prototype: 1 } }], c: { constructor: 1 } };
    expect(findUnsafeKey(v)?.path).toBe('a[1].b.prototype');
  });
});
