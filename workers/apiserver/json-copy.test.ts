import { describe, expect, it } from 'vitest';
import { cloneData, jsonRoundTrip } from './json-copy';

class Point {
  constructor(public x: number) {}
}

function deep(levels: number): unknown {
  let v: unknown = { leaf: true };
  for (let i = 0; i < levels; i++) v = { next: v, list: [i] };
  return v;
}

const protoKey = JSON.parse('{"a":1,"__proto__":{"x":1},"b":[1]}') as unknown;

const cases: [string, unknown][] = [
  ['a pod-like object', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { b: '1', a: '2' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } }],
  ['integer-like keys after string keys', { z: 1, 10: 'ten', 2: 'two', a: { 1: 'x', b: null } }],
  ['undefined members and items', { a: undefined, b: [undefined, 1, null], c: { d: undefined } }],
  ['negative zero', { n: -0, list: [-0, 0, 1.5e300, 1e21] }],
  ['non-finite numbers', { nan: NaN, inf: [Infinity, -Infinity] }],
  ['a Date', { when: new Date(0), nested: [{ d: new Date(1000) }] }],
  ['a class instance', { p: new Point(3) }],
  ['a Map', { m: new Map([['a', 1]]) }],
  ['a toJSON method', { t: { toJSON: () => 'custom' } }],
  ['a __proto__ key', protoKey],
  ['a null-prototype object', { o: Object.assign(Object.create(null) as object, { a: 1 }) }],
  ['strings with lone surrogates', { s: 'a\ud800b', e: '' }],
  ['booleans and null', [true, false, null]],
  ['an empty object and array', { o: {}, a: [] }],
  ['deep nesting', deep(300)],
];

describe('jsonRoundTrip', () => {
  it.each(cases)('equals JSON.parse(JSON.stringify(v)) for %s', (_, v) => {
    const want = JSON.parse(JSON.stringify(v)) as unknown;
    const got = jsonRoundTrip(v);
    expect(got).toEqual(want);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    if (typeof want === 'object' && want !== null) expect(got).not.toBe(v);
  });

  it('keeps __proto__ as an own property, not a prototype', () => {
    const got = jsonRoundTrip(protoKey) as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toEqual(['a', '__proto__', 'b']);
  });

  it('turns negative zero into zero as the wire does', () => {
    expect(Object.is((jsonRoundTrip({ n: -0 }) as { n: number }).n, 0)).toBe(true);
  });

  it('copies frozen input into mutable output', () => {
    const v = Object.freeze({ a: Object.freeze([Object.freeze({ b: 1 })]) });
    const got = jsonRoundTrip(v) as { a: { b: number }[] };
    got.a[0].b = 2;
    expect(got.a[0].b).toBe(2);
    expect(Object.isFrozen(got.a)).toBe(false);
  });

  it('fails as JSON.stringify does on a cycle and on a bigint', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => jsonRoundTrip(cyclic)).toThrow(/circular/i);
    expect(() => jsonRoundTrip({ n: 1n })).toThrow(TypeError);
  });
});

describe('cloneData', () => {
  it.each(cases)('equals structuredClone(v) for %s', (_, v) => {
    const outcome = (f: () => unknown) => {
      try {
        const value = f();
        return { value, json: JSON.stringify(value) };
      } catch (e) {
        return { error: `${(e as Error).name}: ${(e as Error).message}` };
      }
    };
    const want = outcome(() => structuredClone(v));
    const got = outcome(() => cloneData(v));
    expect(got).toEqual(want);
    if (typeof v === 'object' && v !== null) expect(got.value).not.toBe(v);
  });

  it('keeps undefined members, negative zero and holes as structuredClone does', () => {
    // eslint-disable-next-line no-sparse-arrays
    const got = cloneData({ a: undefined, n: -0, h: [1, , 3] });
    expect(Object.keys(got)).toEqual(['a', 'n', 'h']);
    expect(Object.is(got.n, -0)).toBe(true);
    expect(1 in got.h).toBe(false);
  });

  it('copies frozen input into mutable output and shares nothing', () => {
    const inner = Object.freeze({ b: 1 });
    const v = Object.freeze({ a: Object.freeze([inner]) });
    const got = cloneData(v);
    expect(got.a[0]).not.toBe(inner);
    expect(Object.isFrozen(got) || Object.isFrozen(got.a) || Object.isFrozen(got.a[0])).toBe(false);
  });

  it('fails as structuredClone does on a function', () => {
    expect(() => cloneData({ f: () => 1 })).toThrow(/could not be cloned/);
  });
});
