import { describe, expect, it } from 'vitest';
import { deepFreeze, shareUnchanged } from './freeze';

describe('shareUnchanged', () => {
  it('keeps prev subtrees that did not change and new ones that did', () => {
    const prev = deepFreeze({ spec: { containers: [{ name: 'a', image: 'x' }] }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } });
    const next = { spec: { containers: [{ name: 'a', image: 'x' }] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } };
    const out = shareUnchanged(next, prev);
    expect(out).toEqual(next);
    expect(out.spec).toBe(prev.spec);
    expect(out.status).not.toBe(prev.status);
    expect(out.status.conditions).toBe(prev.status.conditions);
    expect(JSON.stringify(out)).toBe(JSON.stringify(next));
  });

  it('treats key order, array length and type changes as changes', () => {
    const prev = deepFreeze({ a: { x: 1, y: 2 }, b: [1, 2], c: { k: 1 } });
    const next = { a: { y: 2, x: 1 }, b: [1, 2, 3], c: [1] };
    const out = shareUnchanged(next, prev) as typeof next;
    expect(JSON.stringify(out)).toBe(JSON.stringify(next));
    expect(out.a).not.toBe(prev.a);
    expect(out.b).not.toBe(prev.b);
  });

  it('returns prev itself when nothing changed', () => {
    const prev = deepFreeze({ a: [{ b: 'c' }], d: null });
    expect(shareUnchanged({ a: [{ b: 'c' }], d: null }, prev)).toBe(prev);
  });
});
