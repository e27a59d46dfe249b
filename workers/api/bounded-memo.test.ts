import { describe, expect, it } from 'vitest';
import { BoundedMemo, StringInterner } from './bounded-memo';

describe('BoundedMemo', () => {
  it('keeps values until the limit, then starts again empty', () => {
    const m = new BoundedMemo<string, number>(2);
    expect(m.remember('a', 1)).toBe(1);
    m.remember('b', 2);
    expect([m.get('a'), m.get('b'), m.size]).toEqual([1, 2, 2]);
    m.remember('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([undefined, undefined, 3, 1]);
  });

  it('refuses a limit below one', () => {
    expect(() => new BoundedMemo(0)).toThrow('memo limit must be at least 1, got 0');
  });
});

describe('StringInterner', () => {
  it('keeps one string per text, up to its limit', () => {
    const i = new StringInterner(2);
    expect(i.intern(['probe', 'Liveness'].join(' '))).toBe('probe Liveness');
    expect(i.intern(['probe', 'Liveness'].join(' '))).toBe('probe Liveness');
    expect(i.size).toBe(1);
    i.intern('a');
    i.intern('b');
    expect(i.size).toBe(1);
  });
});
