import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, formatDurationNs, parseDuration, parseDurationNs } from './duration';

describe('parseDuration (Go time.ParseDuration)', () => {
  it.each([
    ['0', 0],
    ['+0', 0],
    ['-0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['1h30m0s', 5_400_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1.s', 1_000],
    ['1s500ms', 1_500],
    ['2s2s', 4_000], // Go adds repeated units
    ['-1m', -60_000],
    ['+2s', 2_000],
    ['1us', 0.001],
    ['1µs', 0.001],
    ['1μs', 0.001],
    ['1500ns', 0.0015],
    ['0.000001ms', 0.000001],
    ['2562047h47m16.854775807s', 9_223_372_036_854.775],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 9);
  });

  it('keeps nanoseconds exact', () => {
    expect(parseDurationNs('1h2m3.000000004s')).toBe(3_723_000_000_004n);
    expect(parseDurationNs('-2562047h47m16.854775808s')).toBe(-(1n << 63n));
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h30', 'time: missing unit in duration "1h30"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['3 s', 'time: unknown unit " s" in duration "3 s"'],
    ['1sec', 'time: unknown unit "sec" in duration "1sec"'],
    ['1h"', 'time: unknown unit "h\\"" in duration "1h\\""'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseDuration(text)).toThrow(new DurationError(message));
  });
});

describe('formatDuration (Go Duration.String)', () => {
  it.each([
    [0, '0s'],
    [0.000001, '1ns'],
    [0.0015, '1.5µs'],
    [1, '1ms'],
    [500, '500ms'],
    [1.25, '1.25ms'],
    [999.999999, '999.999999ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [90_000, '1m30s'],
    [120_000, '2m0s'],
    [3_600_000, '1h0m0s'],
    [5_400_000, '1h30m0s'],
    [5_400_500, '1h30m0.5s'],
    [-61_000, '-1m1s'],
    [-0.5, '-500µs'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats the extremes of int64 nanoseconds', () => {
    expect(formatDurationNs((1n << 63n) - 1n)).toBe('2562047h47m16.854775807s');
    expect(formatDurationNs(-(1n << 63n))).toBe('-2562047h47m16.854775808s');
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [0, 1, 999, 1_000, 59_999, 61_000, 3_599_999, 5_400_000, 86_400_000, 123_456_789.5]) {
      expect(parseDuration(formatDuration(ms))).toBeCloseTo(ms, 6);
    }
    for (const text of ['1h30m0s', '1m30s', '500ms', '1.5s', '0s', '2h0m0.001s']) expect(formatDuration(parseDuration(text))).toBe(text);
  });

  it('refuses what is not a finite number', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
    expect(() => formatDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
