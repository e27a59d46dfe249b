import { describe, expect, it } from 'vitest';
import { humanDuration, shortHumanDuration, timestampSince } from './age';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (duration.HumanDuration)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 10 * s, '2m10s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [8 * h + 59 * m, '8h'],
    [47 * h, '47h'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d, '7d'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [2 * 365 * d + 10 * d, '2y10d'],
    [9 * 365 * d, '9y'],
  ])('%d ms is %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('shortHumanDuration', () => {
  it.each([
    [-5 * s, '<invalid>'],
    [59 * s, '59s'],
    [61 * m, '1h'],
    [2 * m + 10 * s, '2m'],
    [3 * d, '3d'],
    [400 * d, '1y'],
  ])('%d ms is %s', (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe('timestampSince', () => {
  it('prints <unknown> without a timestamp and the age otherwise', () => {
    const now = Date.UTC(2026, 0, 1, 1, 0, 0);
    expect(timestampSince(undefined, now)).toBe('<unknown>');
    expect(timestampSince('2026-01-01T00:00:00Z', now)).toBe('60m');
    expect(timestampSince('2026-01-01T01:00:30Z', now)).toBe('<invalid>');
  });
});
