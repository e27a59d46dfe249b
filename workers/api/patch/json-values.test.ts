import { describe, expect, it } from 'vitest';
import { cloneJson, jsonEqual, type JsonMap } from './json-values';

describe('cloneJson', () => {
  it('copies deeply', () => {
    const v = { a: [1, { b: 'x' }], c: { d: null, e: true }, constructor: 'k', toString: 2 };
    const copy = cloneJson(v);
    expect(copy).toEqual(v);
    expect(copy.a).not.toBe(v.a);
    expect(copy.a[1]).not.toBe(v.a[1]);
    expect(copy.c).not.toBe(v.c);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', 'c', 'constructor', 'toString']);
  });

  it('keeps a __proto__ key an own data property and never touches the prototype', () => {
    const v = JSON.parse('{"a":1,"__proto__":{"polluted":true},"n":{"__proto__":[1]}}') as JsonMap;
    const copy = cloneJson(v);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__', 'n']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')).toEqual({
      value: { polluted: true },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).not.toBe(Object.getOwnPropertyDescriptor(v, '__proto__')?.value);
    const inner = copy.n as JsonMap;
    expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(inner, '__proto__')?.value).toEqual([1]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(jsonEqual(copy, v)).toBe(true);
  });
});
