import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../sim/rng';
import { cloneObject, deepEqual } from './common';

/** The definition: same defined members (key order ignored), recursively. */
function reference(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => reference(x, (b as unknown[])[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => reference(ao[k], bo[k]));
}

function randomValue(rng: SeededRng, depth: number): unknown {
  const pick = rng.int(depth > 2 ? 4 : 7);
  if (pick === 0) return undefined;
  if (pick === 1) return rng.int(2);
  if (pick === 2) return ['x', 'y'][rng.int(2)];
  if (pick === 3) return null;
  if (pick === 4) return Array.from({ length: rng.int(3) }, () => randomValue(rng, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of ['a', 'b', 'c']) if (rng.int(2)) out[k] = randomValue(rng, depth + 1);
  return out;
}

describe('deepEqual', () => {
  it('treats undefined members as absent and ignores key order', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ b: 2, a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(deepEqual({ a: undefined }, { b: undefined })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1, c: 2 })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, c: 2 })).toBe(false);
    expect(deepEqual({ a: 1, c: 2 }, { a: 1 })).toBe(false);
    expect(deepEqual([1, undefined], [1, null])).toBe(false);
    expect(deepEqual({}, [])).toBe(false);
  });

  it.each([1, 2, 3])('seed %i: agrees with the definition on random values', (seed) => {
    const rng = new SeededRng(`deep-equal-${seed}`);
    for (let i = 0; i < 2000; i++) {
      const a = randomValue(rng, 0);
      const b = rng.int(3) === 0 ? cloneObject(a) : randomValue(rng, 0);
      expect(deepEqual(a, b), JSON.stringify([a, b])).toBe(reference(a, b));
      expect(deepEqual(b, a)).toBe(reference(b, a));
    }
  });
});
