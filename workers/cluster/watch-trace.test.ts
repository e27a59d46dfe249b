/** The watch trace: every watch event sent to every watcher, as the architecture view draws them. */
import { describe, expect, it } from 'vitest';
import { apply, testSimulation } from './sim-testkit';

describe('watch trace', () => {
  it('records which components were told of a new pod, and nothing before it was asked for', async () => {
    const sim = await testSimulation({ seed: 21 });
    await sim.advance(5_000);
    const bus = sim.cluster.watchTrace();
    expect(bus.size).toBe(0);
    await apply(sim, 'apiVersion: v1\nkind: Pod\nmetadata: {name: traced}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n');
    await sim.advance(3_000);
    const added = bus.records().filter((e) => e.record.resource === 'pods' && e.record.name === 'traced' && e.record.type === 'ADDED');
    const watchers = new Set(added.map((e) => e.record.user));
    // The scheduler's informer, the controller-manager's shared informers, and the kubelet of the node it lands on.
    expect(watchers.has('system:kube-scheduler')).toBe(true);
    expect(watchers.has('system:kube-controller-manager')).toBe(true);
    expect([...watchers].some((u) => /^system:node:worker-\d$/.test(u))).toBe(true);
    const first = added[0].record;
    expect(first).toMatchObject({ namespace: 'default', name: 'traced', type: 'ADDED' });
    expect(Number(first.resourceVersion)).toBeGreaterThan(0);
    sim.cluster.stopWatchTrace();
    const held = bus.size;
    await apply(sim, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: quiet}\n');
    await sim.advance(1_000);
    expect(bus.size).toBe(held);
    await sim.close();
  }, 30_000);
});
