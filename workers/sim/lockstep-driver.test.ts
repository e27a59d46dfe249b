import { describe, expect, it } from 'vitest';
import { FakeHostTimer } from './fake-host-timer';
import { LockstepDriver, type LockstepSystem } from './lockstep-driver';

/** Something is due every `everyMs` of virtual time; each window costs `costMs` of wall time. */
function busySystem(host: FakeHostTimer, everyMs: number, costMs: number): LockstepSystem & { windows: number; busyWallMs: number } {
  let now = 0;
  const sys = {
    windows: 0,
    busyWallMs: 0,
    latencyMs: 1,
    now: () => now,
    nextEventAt: () => (Math.floor(now / everyMs) + 1) * everyMs,
    runWindow: async (untilMs: number) => {
      now = untilMs;
      host.wallMs += costMs;
      sys.windows++;
      sys.busyWallMs += costMs;
    },
  };
  return sys;
}

describe('LockstepDriver in real time', () => {
  it('follows the wall clock at 1x and 4x when the windows are cheap', async () => {
    for (const speed of [1, 4]) {
      const host = new FakeHostTimer();
      const sys = busySystem(host, 100, 0);
      const driver = new LockstepDriver(sys, { host, tickMs: 16, sliceMs: 12 });
      driver.setSpeed(speed);
      driver.start();
      await host.runUntil(1_000);
      driver.pause();
      // One tick behind at most.
      expect(sys.now()).toBeGreaterThan(speed * (1_000 - 20));
      expect(sys.now()).toBeLessThanOrEqual(speed * 1_000);
    }
  });

  it('a cluster too busy for 1x falls behind but leaves the host most of each tick (the page keeps its frames)', async () => {
    const host = new FakeHostTimer();
    const sys = busySystem(host, 0.5, 4); // 4 ms of wall per window, each at most ~1 ms of virtual time
    const driver = new LockstepDriver(sys, { host, tickMs: 16, sliceMs: 12 });
    driver.start();
    await host.runUntil(1_000);
    driver.pause();
    // A 12 ms slice, then a 16 ms tick of rest: under half of the wall time.
    expect(sys.busyWallMs / host.wallMs).toBeLessThan(0.5);
    expect(sys.busyWallMs / host.wallMs).toBeGreaterThan(0.35);
    expect(sys.now()).toBeLessThan(host.wallMs);
  });

  it('never runs past its target at 1x, even when behind', async () => {
    const host = new FakeHostTimer();
    const sys = busySystem(host, 0.5, 4);
    const driver = new LockstepDriver(sys, { host, tickMs: 16, sliceMs: 12 });
    let worst = 0;
    driver.onTick(() => (worst = Math.max(worst, sys.now() - host.wallMs)));
    driver.start();
    await host.runUntil(500);
    driver.pause();
    expect(worst).toBeLessThanOrEqual(0);
  });
});

describe('LockstepDriver.warpUntil', () => {
  it('runs as fast as possible until done, then at the chosen speed from there', async () => {
    const host = new FakeHostTimer();
    const sys = busySystem(host, 5, 0);
    const driver = new LockstepDriver(sys, { host, tickMs: 16, sliceMs: 12 });
    driver.warpUntil(() => sys.now() >= 300, 2_000);
    driver.start();
    await host.runUntil(1);
    expect(sys.now()).toBeGreaterThanOrEqual(300);
    expect(sys.now()).toBeLessThan(300 + 5);
    expect(driver.speed).toBe(1);
    const warpedTo = sys.now();
    await host.runUntil(1_001);
    expect(sys.now() - warpedTo).toBeGreaterThan(1_000 - 20);
    expect(sys.now() - warpedTo).toBeLessThanOrEqual(1_000);
  });

  it('stops warping at its bound when done never holds', async () => {
    const host = new FakeHostTimer();
    const sys = busySystem(host, 5, 0);
    const driver = new LockstepDriver(sys, { host, tickMs: 16, sliceMs: 12 });
    driver.warpUntil(() => false, 500);
    driver.start();
    await host.runUntil(1);
    expect(sys.now()).toBe(500);
    await host.runUntil(101);
    expect(sys.now()).toBeGreaterThan(500 + 80);
    expect(sys.now()).toBeLessThanOrEqual(500 + 100);
  });
});
