import { describe, expect, it } from 'vitest';
import { FakeHostTimer } from '../sim/fake-host-timer';
import { MemoryPersistence } from '../store/memory-persistence';
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

describe('Simulation persistence', () => {
  it('commits once per tick of its driver, not once per lockstep window', async () => {
    let flushes = 0;
    const persistence = new MemoryPersistence();
    const flush = persistence.flush.bind(persistence);
    persistence.flush = () => {
      flushes++;
      return flush();
    };
    const sim = await Simulation.open({ seed: 4, persistence });
    flushes = 0;
    // Two seconds of a booting cluster are hundreds of windows (each at most half a latency past its next event).
    await sim.advance(2_000);
    expect(flushes).toBe(1);
    await sim.driver.step();
    expect(flushes).toBe(2);
    const resumeAtMs = sim.now();
    const revision = sim.cluster.store.revision;
    await sim.close();
    const resumed = await Simulation.open({ seed: 4, persistence, resumeAtMs });
    expect(resumed.cluster.store.revision).toBe(revision);
    await resumed.close();
  });
});
