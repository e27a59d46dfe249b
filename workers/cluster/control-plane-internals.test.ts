import { describe, expect, it } from 'vitest';
import { controlPlaneInternals } from './control-plane-internals';
import { apply, testSimulation } from './sim-testkit';

describe('controlPlaneInternals', () => {
  it('shows etcd, the scheduler queues and caches, and each controller\'s queue and expectations', async () => {
    const sim = await testSimulation({ seed: 31 });
    await sim.advance(5_000);
    const quiet = controlPlaneInternals(sim.cluster.store, sim.controlPlane);
    expect(quiet.etcd.revision).toBe(sim.cluster.store.revision);
    expect(quiet.etcd.keys).toBeGreaterThan(50);
    expect(quiet.scheduler).toMatchObject({ running: true, queue: { active: 0, backoff: 0, unschedulable: 0 } });
    expect(quiet.scheduler.caches).toEqual([
      { resource: 'nodes', objects: 3 },
      { resource: 'pods', objects: expect.any(Number) },
    ]);
    expect(quiet.controllerManager.caches.find((c) => c.resource === 'deployments.apps')?.objects).toBe(1); // coredns
    expect(quiet.controllerManager.controllers.map((c) => c.name)).toContain('replicaset-controller');

    // A pod too big for any node waits in unschedulable; a ReplicaSet that has just created its pods waits on them.
    await apply(sim, 'apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: "64"}}}]\n');
    await apply(sim, 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx:1.27}]}\n');
    let sawExpectations = false;
    for (let i = 0; i < 20 && !sawExpectations; i++) {
      await sim.advance(1);
      const rs = controlPlaneInternals(sim.cluster.store, sim.controlPlane).controllerManager.controllers.find((c) => c.name === 'replicaset-controller');
      sawExpectations = (rs?.expectations ?? []).some((e) => e.key === 'default/web' && e.add > 0);
    }
    expect(sawExpectations).toBe(true);
    await sim.advance(5_000);
    const after = controlPlaneInternals(sim.cluster.store, sim.controlPlane);
    expect(after.scheduler.queue?.unschedulable).toBe(1);
    expect(after.controllerManager.controllers.find((c) => c.name === 'replicaset-controller')?.expectations).toEqual([]);
    sim.stopScheduler();
    expect(controlPlaneInternals(sim.cluster.store, sim.controlPlane).scheduler).toEqual({ running: false });
    await sim.close();
  }, 30_000);
});
