import { describe, expect, it } from 'vitest';
import { formatAge, formatClock } from './format';

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [119_000, '119s'],
    [192_000, '3m12s'],
    [600_000, '10m'],
    [3 * 3600_000, '3h'],
    [5 * 3600_000 + 30 * 60_000, '5h30m'],
    [20 * 3600_000, '20h'],
    [51 * 3600_000, '2d3h'],
    [10 * 86400_000, '10d'],
    [800 * 86400_000, '2y70d'],
    [3000 * 86400_000, '8y'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatAge(1_000_000, 1_000_000 + ms)).toBe(text);
  });
  it('marks a future timestamp invalid', () => {
    expect(formatAge(5000, 1000)).toBe('<invalid>');
    expect(formatAge(1500, 1000)).toBe('0s');
  });
  it('formats the clock in UTC', () => {
    expect(formatClock(Date.UTC(2026, 0, 1, 13, 4, 5))).toBe('13:04:05');
  });
});
