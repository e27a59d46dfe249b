import { describe, expect, it } from 'vitest';
import { TestClock } from '../../apiserver/testkit';
import { Backoff } from './backoff';
import { formatDuration as goDuration } from '../../api/duration';

describe('Backoff', () => {
  it('starts at 10 s, doubles to 5 min, and starts over after 10 quiet minutes', () => {
    const clock = new TestClock();
    const b = new Backoff(clock);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.next('k', clock.now());
      seen.push(b.get('k'));
      clock.advance(1000);
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    clock.advance(600_001);
    b.next('k', clock.now());
    expect(b.get('k')).toBe(10_000);
  });

  it('is in back-off since an exit until the delay has passed', () => {
    const clock = new TestClock();
    const b = new Backoff(clock);
    const finished = clock.now();
    expect(b.isInBackOffSince('k', finished)).toBe(false);
    b.next('k', finished);
    clock.advance(9_999);
    expect(b.isInBackOffSince('k', finished)).toBe(true);
    clock.advance(1);
    expect(b.isInBackOffSince('k', finished)).toBe(false);
    expect(b.isInBackOffSinceUpdate('k', clock.now())).toBe(false);
    expect(b.isInBackOffSinceUpdate('k', clock.now() - 1)).toBe(true);
  });
});

describe('goDuration', () => {
  it.each([
    [0, '0s'],
    [850, '850ms'],
    [1200, '1.2s'],
    [1590, '1.59s'],
    [10_000, '10s'],
    [80_000, '1m20s'],
    [300_000, '5m0s'],
    [3_723_500, '1h2m3.5s'],
  ])('%d ms is %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
});
