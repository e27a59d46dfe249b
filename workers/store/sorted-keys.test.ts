import { describe, expect, it } from 'vitest';
import { SortedKeys, prefixEnd } from './sorted-keys';

/** A tiny seeded PRNG (mulberry32) so the checks replay exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scanAll(keys: SortedKeys, from: string, exclusive: boolean, until: string): string[] {
  const out: string[] = [];
  keys.scan(from, exclusive, until, (k) => (out.push(k), true));
  return out;
}

describe('SortedKeys', () => {
  it('matches a sorted array rebuilt from scratch through thousands of random adds and deletes', () => {
    const next = rng(7);
    const keys = new SortedKeys();
    const model = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const k = `/registry/pods/ns${Math.floor(next() * 5)}/p${Math.floor(next() * 800)}`;
      if (next() < 0.65) {
        expect(keys.add(k)).toBe(!model.has(k));
        model.add(k);
      } else {
        expect(keys.delete(k)).toBe(model.delete(k));
      }
    }
    const sorted = [...model].sort();
    expect(keys.size).toBe(sorted.length);
    expect(scanAll(keys, '', false, '\uffff')).toEqual(sorted);
    const p = '/registry/pods/ns2/';
    expect(keys.countRange(p, prefixEnd(p))).toBe(sorted.filter((k) => k.startsWith(p)).length);
    const mid = sorted[Math.floor(sorted.length / 2)];
    expect(scanAll(keys, mid, true, prefixEnd('/registry/pods/'))).toEqual(sorted.filter((k) => k > mid));
    expect(keys.has(mid)).toBe(true);
  });

  it('stops a scan when the visitor says so and at the upper bound', () => {
    const keys = new SortedKeys();
    for (const k of ['/a/1', '/a/2', '/b/1', '/a/3']) keys.add(k);
    const seen: string[] = [];
    keys.scan('/a/', false, prefixEnd('/a/'), (k) => (seen.push(k), seen.length < 2));
    expect(seen).toEqual(['/a/1', '/a/2']);
    expect(scanAll(keys, '/a/', false, prefixEnd('/a/'))).toEqual(['/a/1', '/a/2', '/a/3']);
    expect(keys.countRange('/b/', '/a/')).toBe(0);
  });
});
