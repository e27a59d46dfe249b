import { describe, expect, it } from 'vitest';
import { PatchError } from './patch-error';
import { applyMergePatch, createMergePatch } from './merge-patch';

describe('JSON merge patch (RFC 7386 appendix A)', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j + %j = %j', (target, patch, want) => {
    const before = JSON.stringify(target);
    const patchBefore = JSON.stringify(patch);
    expect(applyMergePatch(target, patch)).toEqual(want);
    expect(JSON.stringify(target)).toBe(before);
    expect(JSON.stringify(patch)).toBe(patchBefore);
  });

  it.each([null, 'bar', 3])('rejects the non-object patch %j as upstream (400 Invalid JSON Patch)', (patch) => {
    expect(() => applyMergePatch({ a: 'foo' }, patch)).toThrow(PatchError);
    expect(() => applyMergePatch({ a: 'foo' }, patch)).toThrow('Invalid JSON Patch');
  });

  it('creates the patch that reproduces the change', () => {
    const original = { a: 1, b: { c: 2, d: 3 }, e: [1] };
    const modified = { a: 1, b: { c: 5 }, e: [1, 2], f: 'x' };
    const patch = createMergePatch(original, modified);
    expect(patch).toEqual({ b: { c: 5, d: null }, e: [1, 2], f: 'x' });
    expect(applyMergePatch(original, patch)).toEqual(modified);
  });
});
