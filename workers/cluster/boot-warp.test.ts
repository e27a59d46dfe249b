import { describe, expect, it } from 'vitest';
import { FakeHostTimer } from '../sim/fake-host-timer';
import { Simulation } from './simulation';

describe('Simulation.warpBoot', () => {
  it('a first boot at 1x reaches every machine Ready without waiting for its virtual time, then goes on at 1x', async () => {
    const host = new FakeHostTimer();
    const sim = await Simulation.open({ seed: 3, host });
    const bootedAt = sim.now();
    sim.warpBoot();
    sim.driver.start();
    await host.runUntil(1);
    expect(sim.readyNodeCount()).toBe(3);
    // The nodes turn Ready about 100 ms in (node-ipam's podCIDRs); the warp stops right there.
    expect(sim.now() - bootedAt).toBeGreaterThan(50);
    expect(sim.now() - bootedAt).toBeLessThan(300);
    const warpedTo = sim.now();
    await host.runUntil(501);
    expect(sim.now() - warpedTo).toBeLessThanOrEqual(500);
    expect(sim.now() - warpedTo).toBeGreaterThan(450);
    sim.driver.pause();
    await sim.close();
  });

  it('without the warp, 1 ms of wall time at 1x is at most 1 ms of the boot', async () => {
    const host = new FakeHostTimer();
    const sim = await Simulation.open({ seed: 3, host });
    const bootedAt = sim.now();
    sim.driver.start();
    await host.runUntil(1);
    expect(sim.now() - bootedAt).toBeLessThanOrEqual(1);
    expect(sim.readyNodeCount()).toBe(0);
    sim.driver.pause();
    await sim.close();
  });
});
