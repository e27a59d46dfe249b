import { describe, expect, it } from 'vitest';
import { ERR_FORMAT_WRONG, ERR_SUFFIX, Quantity, QuantityError, parseQuantity, tryParseQuantity } from './quantity';

describe('parseQuantity and String()', () => {
  const cases: [string, string][] = [
    ['500m', '500m'],
    ['1.5Gi', '1536Mi'],
    ['1536Mi', '1536Mi'],
    ['0.5', '500m'],
    ['2e3', '2e3'],
    ['1E6', '1e6'],
    ['12e4', '120e3'],
    ['0.1', '100m'],
    ['100Ki', '100Ki'],
    ['+1', '1'],
    ['.5', '500m'],
    ['1.', '1'],
    ['0', '0'],
    ['0Mi', '0'],
    ['-1', '-1'],
    ['-1.5Gi', '-1536Mi'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['1.5k', '1500'],
    ['2000', '2k'],
    ['1024', '1024'],
    ['1Ki', '1Ki'],
    ['1023', '1023'],
    ['0.5Ki', '512'],
    ['1.1Ki', '1126400m'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['-0.0000000001', '-1n'],
    ['1e-3', '1e-3'],
    ['100M', '100M'],
    ['1G', '1G'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['123Mi', '123Mi'],
    ['8Ei', '9223372036854775807'],
    ['007', '7'],
  ];
  it.each(cases)('%s prints as %s', (input, want) => {
    expect(parseQuantity(input).toString()).toBe(want);
  });

  const invalid: [string, string][] = [
    ['', ERR_FORMAT_WRONG],
    ['abc', ERR_FORMAT_WRONG],
    ['1.2.3', ERR_FORMAT_WRONG],
    ['1 Gi', ERR_FORMAT_WRONG],
    ['1K', ERR_SUFFIX],
    ['1e', ERR_SUFFIX],
    ['1Gb', ERR_FORMAT_WRONG],
    ['1mi', ERR_SUFFIX],
  ];
  it.each(invalid)('%j is rejected with upstream message', (input, msg) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
    expect(() => parseQuantity(input)).toThrow(msg);
  });

  it('uses the exact regex text upstream prints', () => {
    expect(ERR_FORMAT_WRONG).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it('accepts JSON numbers', () => {
    expect(parseQuantity(2).toString()).toBe('2');
    expect(parseQuantity(0.25).toString()).toBe('250m');
  });
});

describe('Quantity arithmetic', () => {
  it('compares without float drift', () => {
    expect(parseQuantity('0.1').add(parseQuantity('0.2')).cmp(parseQuantity('300m'))).toBe(0);
    expect(parseQuantity('1Gi').cmp(parseQuantity('1G'))).toBe(1);
    expect(parseQuantity('999m').cmp(parseQuantity('1'))).toBe(-1);
  });
  it('adds and subtracts keeping the receiver format unless it is zero', () => {
    expect(parseQuantity('1Gi').add(parseQuantity('512Mi')).toString()).toBe('1536Mi');
    expect(parseQuantity('0').add(parseQuantity('1Gi')).toString()).toBe('1Gi');
    expect(parseQuantity('1').sub(parseQuantity('250m')).toString()).toBe('750m');
    expect(parseQuantity('100m').sub(parseQuantity('200m')).toString()).toBe('-100m');
  });
  it('rounds value() and milliValue() up as upstream', () => {
    expect(parseQuantity('100m').value()).toBe(1);
    expect(parseQuantity('1.5').value()).toBe(2);
    expect(parseQuantity('2').value()).toBe(2);
    expect(parseQuantity('1n').milliValue()).toBe(1);
    expect(parseQuantity('1.5Gi').value()).toBe(1610612736);
    expect(parseQuantity('250m').milliValue()).toBe(250);
    expect(parseQuantity('2Ki').milliValue()).toBe(2048000);
  });
  it('builds from integers and millis', () => {
    expect(Quantity.fromMilli(1500).toString()).toBe('1500m');
    expect(Quantity.fromInt(2048, 'BinarySI').toString()).toBe('2Ki');
  });
});

describe('tryParseQuantity', () => {
  it.each<[unknown, string | undefined]>([
    [undefined, undefined],
    [null, undefined],
    [true, undefined],
    [{ memory: '1Gi' }, undefined],
    [['1'], undefined],
    ['', undefined],
    ['1Gx', undefined],
    [Number.NaN, undefined],
    ['128Mi', '128Mi'],
    [1.5, '1500m'],
  ])('%j gives %j, as parseQuantity does or throws', (text, want) => {
    expect(tryParseQuantity(text)?.toString()).toBe(want);
    let thrown = false;
    try {
      expect(parseQuantity(text).toString()).toBe(want);
    } catch (e) {
      thrown = true;
      expect(e).toBeInstanceOf(QuantityError);
    }
    expect(thrown).toBe(want === undefined);
  });
});
