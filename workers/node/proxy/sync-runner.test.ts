import { describe, expect, it } from 'vitest';
import { TestClock, TestTimers } from '../../apiserver/testkit';
import { BoundedFrequencyRunner } from './sync-runner';

/** Asks for runs at the given offsets (ms) and returns when the function ran, relative to start. */
function runsFor(asks: number[], untilMs: number, opts = { minIntervalMs: 1000, maxIntervalMs: 3_600_000, burst: 2 }): number[] {
  const clock = new TestClock();
  const timers = new TestTimers(clock);
  const t0 = clock.now();
  const ran: number[] = [];
  const runner = new BoundedFrequencyRunner(clock, timers, () => ran.push(clock.now() - t0), { name: 'test', ...opts });
  runner.start();
  for (const at of asks) timers.at(t0 + at, () => runner.run());
  timers.advance(untilMs);
  runner.stop();
  return ran;
}

describe('BoundedFrequencyRunner', () => {
  it.each([
    ['one ask runs at once', [0], 5000, [0]],
    ['asks at the same instant coalesce', [0, 0, 0], 5000, [0]],
    ['two back to back use the burst', [0, 10], 5000, [0, 10]],
    ['a third waits for minInterval after the second', [0, 10, 20], 5000, [0, 10, 1010]],
    ['a storm becomes one run per second after the burst', [0, 10, 20, 300, 600, 900, 1200, 1500], 5000, [0, 10, 1010, 2010]],
    ['after a quiet spell the burst is back', [0, 10, 20, 5000, 5010], 6000, [0, 10, 1010, 5000, 5010]],
  ])('%s', (_name, asks, until, want) => {
    expect(runsFor(asks, until)).toEqual(want);
  });

  it('runs every maxInterval without asks (ipvs syncPeriod 30 s)', () => {
    expect(runsFor([], 95_000, { minIntervalMs: 0, maxIntervalMs: 30_000, burst: 2 })).toEqual([30_000, 60_000, 90_000]);
  });

  it('an ask pushes the next max-interval run back', () => {
    expect(runsFor([10_000], 75_000, { minIntervalMs: 1000, maxIntervalMs: 30_000, burst: 2 })).toEqual([10_000, 40_000, 70_000]);
  });
});
