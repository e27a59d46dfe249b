import { describe, expect, it } from 'vitest';
import { SeededRng } from '../sim/rng';
import { deepFreeze, shareUnchanged } from './freeze';

/** The plain algorithm: a new container at every level unless the whole level is prev's. */
function reference(next: unknown, prev: unknown): unknown {
  if (next === prev || next === null || typeof next !== 'object' || prev === null || typeof prev !== 'object') return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    const out = next.map((x, i) => (i < prev.length ? reference(x, prev[i]) : x));
    return out.length === prev.length && out.every((x, i) => x === prev[i]) ? prev : out;
  }
  if (Array.isArray(prev)) return next;
  const n = next as Record<string, unknown>;
  const p = prev as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const pk = Object.keys(p);
  let same = Object.keys(n).length === pk.length;
  Object.keys(n).forEach((k, i) => {
    out[k] = reference(n[k], p[k]);
    if (out[k] !== p[k] || pk[i] !== k) same = false;
  });
  return same ? prev : out;
}

function randomValue(rng: SeededRng, depth: number): unknown {
  const pick = rng.int(depth > 2 ? 3 : 6);
  if (pick === 0) return rng.int(2);
  if (pick === 1) return ['x', 'y'][rng.int(2)];
  if (pick === 2) return null;
  if (pick === 3) return Array.from({ length: rng.int(3) }, () => randomValue(rng, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of rng.int(4) ? ['a', 'b', '1'] : ['b', 'a']) if (rng.int(3)) out[k] = randomValue(rng, depth + 1);
  return out;
}

/** A copy of `v` with, now and then, one leaf changed (or `v` itself as a fresh copy). */
function mutated(rng: SeededRng, v: unknown): unknown {
  if (v === null || typeof v !== 'object') return rng.int(5) === 0 ? randomValue(rng, 2) : v;
  if (Array.isArray(v)) return rng.int(8) === 0 ? [...v.map((x) => mutated(rng, x)), 1] : v.map((x) => mutated(rng, x));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (rng.int(10)) out[k] = mutated(rng, x);
  return out;
}

/** Every path of `v` whose subtree is the very object found at the same path of `prev`. */
function sharedPaths(v: unknown, prev: unknown, at = '$'): string[] {
  if (v === null || typeof v !== 'object') return [];
  if (v === prev) return [at];
  const p = (prev ?? {}) as Record<string, unknown>;
  return Object.entries(v).flatMap(([k, x]) => sharedPaths(x, typeof p === 'object' ? p[k] : undefined, `${at}.${k}`));
}

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

  it.each([1, 2, 3, 4])('seed %i: same JSON and the same shared subtrees as the plain algorithm', (seed) => {
    const rng = new SeededRng(`share-${seed}`);
    for (let i = 0; i < 3000; i++) {
      const prev = deepFreeze(randomValue(rng, 0));
      const next = mutated(rng, prev);
      const want = reference(next, prev);
      const got = shareUnchanged(next, prev);
      const at = JSON.stringify([prev, next]);
      expect(JSON.stringify(got), at).toBe(JSON.stringify(want));
      expect(got === prev, at).toBe(want === prev);
      expect(sharedPaths(got, prev), at).toEqual(sharedPaths(want, prev));
    }
  });
});
