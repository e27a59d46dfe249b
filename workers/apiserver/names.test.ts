import { describe, expect, it } from 'vitest';
import { rfc3339, rfc3339Micro } from './names';

describe('timestamps', () => {
  it('formats seconds and microseconds, the same whether or not the last time repeats', () => {
    const times = [0, 1_700_000_000_123, 1_700_000_000_999, 1_700_000_001_000, 1_700_000_000_123, 1_700_000_000_123.7, -0];
    for (const ms of times) {
      expect(rfc3339(ms)).toBe(new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
      const iso = new Date(Math.floor(ms)).toISOString();
      expect(rfc3339Micro(ms)).toBe(`${iso.slice(0, 19)}.${iso.slice(20, 23)}000Z`);
    }
    expect(rfc3339(1_700_000_000_999)).toBe('2023-11-14T22:13:20Z');
    expect(rfc3339Micro(1_700_000_000_123.7)).toBe('2023-11-14T22:13:20.123000Z');
  });

  it('still refuses a time that is not one', () => {
    expect(() => rfc3339(NaN)).toThrow(RangeError);
    expect(() => rfc3339Micro(NaN)).toThrow(RangeError);
  });
});
