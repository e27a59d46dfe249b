import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../sim/rng';
import { fingerprintText, jsonFingerprint, matchesFingerprint } from './json-fingerprint';

const cases: [string, unknown, unknown][] = [
  ['equal strings', 'a', 'a'],
  ['different strings', 'a', 'b'],
  ['number and its string', 1, '1'],
  ['-0 and 0', -0, 0],
  ['NaN and null', NaN, null],
  ['Infinity and null', Infinity, null],
  ['true and 1', true, 1],
  ['same objects', { a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'x' }] }],
  ['key order', { a: 1, b: 2 }, { b: 2, a: 1 }],
  ['undefined member left out', { a: 1, u: undefined }, { a: 1 }],
  ['function member left out', { a: 1, f: () => 1 }, { a: 1 }],
  ['null member kept', { a: 1, n: null }, { a: 1 }],
  ['undefined element is null', [undefined, 1], [null, 1]],
  ['NaN element is null', [NaN], [null]],
  ['array and object', [1], { 0: 1 }],
  ['shorter array', [1, 2], [1]],
  ['nested difference', { s: { c: [{ t: 'Ready', s: 'True' }] } }, { s: { c: [{ t: 'Ready', s: 'False' }] } }],
  ['empty object and empty array', {}, []],
  ['toJSON and its text', { d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' }],
  ['toJSON both', { d: new Date(0) }, { d: new Date(0) }],
  ['extra member', { a: 1 }, { a: 1, b: 2 }],
  ['placeholder characters in values', { a: '?', b: '#' }, { a: '#', b: '?' }],
  ['placeholder characters in keys', { '?': 'x', '#"\\': 1 }, { '?': 'x', '#"\\': 1 }],
  ['quoted keys differ', { 'a"b': 1 }, { 'a\\"b': 1 }],
  ['string and number leaves swap', ['1', 1], [1, '1']],
  ['leaf moves between members', { a: 'x', b: 'y' }, { a: 'xy', b: '' }],
  ['undefined top level', undefined, undefined],
];

describe('JSON fingerprints', () => {
  it.each(cases)('%s: agree with comparing JSON.stringify texts', (_name, a, b) => {
    const expected = JSON.stringify(a) === JSON.stringify(b);
    expect(matchesFingerprint(b, jsonFingerprint(a))).toBe(expected);
    expect(matchesFingerprint(a, jsonFingerprint(b))).toBe(expected);
    expect(fingerprintText(jsonFingerprint(a))).toBe(String(JSON.stringify(a)));
  });

  it('agree with JSON.stringify on random pod-status-like values', () => {
    const rng = new SeededRng('fingerprints');
    const words = ['Ready', 'True', 'False', '?', '#', 'a"b', '', 'x'];
    const gen = (depth: number): unknown => {
      const r = rng.int(8);
      if (depth > 3 || r < 3) return [words[rng.int(words.length)], rng.int(3), rng.int(2) === 0, null, undefined][rng.int(5)];
      if (r < 5) return Array.from({ length: rng.int(3) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) o[words[rng.int(words.length)]] = gen(depth + 1);
      return o;
    };
    for (let i = 0; i < 2000; i++) {
      const a = gen(0);
      const b = rng.int(2) === 0 ? a : gen(0);
      expect(matchesFingerprint(b, jsonFingerprint(a))).toBe(JSON.stringify(a) === JSON.stringify(b));
      expect(fingerprintText(jsonFingerprint(a))).toBe(String(JSON.stringify(a)));
      // From the previous fingerprint of another value: the same fingerprint as from scratch.
      const fromPrevious = jsonFingerprint(b, jsonFingerprint(a));
      expect(fingerprintText(fromPrevious)).toBe(String(JSON.stringify(b)));
      expect(fromPrevious).toEqual(jsonFingerprint(b));
    }
  });

  it.each(cases)('%s: a fingerprint made from the previous one is the fingerprint from scratch', (_name, a, b) => {
    const fromPrevious = jsonFingerprint(b, jsonFingerprint(a));
    expect(fromPrevious).toEqual(jsonFingerprint(b));
    expect(matchesFingerprint(b, fromPrevious)).toBe(true);
  });

  it('same shape, new leaves: the previous shape text itself is shared, not rebuilt', () => {
    const first = jsonFingerprint({ s: { c: [{ t: 'Ready', s: 'True' }] } });
    const next = jsonFingerprint({ s: { c: [{ t: 'Ready', s: 'False' }] } }, first);
    expect(next.shape).toBe(first.shape);
    expect(next.leaves).toEqual(['Ready', 'False']);
  });
});
