import { describe, expect, it } from 'vitest';
import { FieldChecker, showValue, utf8Length } from './field-checks';
import { ScenarioError } from './scenario-error';

describe('field checks', () => {
  it('counts UTF-8 bytes as TextEncoder does, lone surrogates included', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a\uD800b', '\uDC00', 'x😀é€']) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });

  it('shows bad values briefly: strings quoted and cut, containers elided', () => {
    expect(showValue('a"b')).toBe('"a\\"b"');
    expect(showValue('x'.repeat(100))).toBe(`"${'x'.repeat(64)}..."`);
    expect([showValue([1]), showValue({ a: 1 }), showValue(null), showValue(undefined), showValue(2.5), showValue(false)]).toEqual(['[...]', '{...}', 'null', 'undefined', '2.5', 'false']);
  });

  it('records problems instead of throwing, then throws them together', () => {
    const c = new FieldChecker();
    expect(c.integer(1.5, 'seed', 0, 10)).toBeUndefined();
    expect(c.object({ a: 1, b: 2 }, 'x', ['a'])).toEqual({ a: 1, b: 2 });
    expect(c.object(Object.create({ inherited: true }) as object, 'y', [])).toBeUndefined();
    expect(c.requiredString('', 'z')).toBeUndefined();
    expect(c.ok).toBe(false);
    let thrown: unknown;
    try {
      c.throwIfAny();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as ScenarioError).causes.map((x) => x.message)).toEqual([
      'seed: Invalid value: 1.5: must be an integer',
      'unknown field "x.b"',
      'y: Invalid value: {...}: must be an object',
      'z: Required value',
    ]);
  });

  it('sums the bytes of every string it reads', () => {
    const c = new FieldChecker();
    c.string('é', 'a');
    c.string('abc', 'b', 2);
    expect(c.stringBytes).toBe(5);
    expect(() => c.throwIfAny()).toThrow('b: Too long: may not be more than 2 bytes');
  });
});
