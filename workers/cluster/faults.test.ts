/**
 * Faults (issue 3, section 5): what a class sees when a part of the cluster breaks and comes back.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { apply, condition, getJson, isReady, listItems, runUntil, testSimulation } from './sim-testkit';

const WEB = (replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`;

type Pod = KubeObject & { spec: { nodeName?: string }; status?: { phase?: string; containerStatuses?: { restartCount: number; lastState?: { terminated?: { exitCode: number; reason: string } } }[] } };

describe('faults', () => {
  it('kube-scheduler stopped: new pods stay Pending; started: they are scheduled', async () => {
    const sim = await testSimulation({ seed: 21 });
    await sim.advance(2_000);
    sim.stopScheduler();
    await apply(sim, WEB(2));
    await sim.advance(30_000);
    const pending = await listItems<Pod>(sim, '/api/v1/namespaces/default/pods');
    expect(pending).toHaveLength(2);
    expect(pending.every((p) => !p.spec.nodeName && p.status?.phase === 'Pending')).toBe(true);
    sim.startScheduler();
    await runUntil(sim, 'scheduled and ready', async () => (await listItems<Pod>(sim, '/api/v1/namespaces/default/pods')).filter(isReady).length === 2, 30_000);
    await sim.close();
  }, 60_000);

  it('kube-controller-manager stopped: a scale-up does nothing until it returns', async () => {
    const sim = await testSimulation({ seed: 22 });
    await apply(sim, WEB(1));
    await runUntil(sim, 'one ready', async () => (await listItems<Pod>(sim, '/api/v1/namespaces/default/pods')).filter(isReady).length === 1, 30_000);
    sim.stopControllerManager();
    await apply(sim, WEB(3));
    await sim.advance(30_000);
    expect(await listItems(sim, '/api/v1/namespaces/default/pods')).toHaveLength(1);
    sim.startControllerManager();
    await runUntil(sim, 'three ready', async () => (await listItems<Pod>(sim, '/api/v1/namespaces/default/pods')).filter(isReady).length === 3, 30_000);
    await sim.close();
  }, 60_000);

  it('a partitioned node turns Unknown after the grace period and Ready again once healed', async () => {
    const sim = await testSimulation({ seed: 23 });
    await sim.advance(5_000);
    sim.partitionNode('worker-2', true);
    const took = await runUntil(sim, 'worker-2 Unknown', async () => condition(await getJson(sim, '/api/v1/nodes/worker-2'), 'Ready')?.status === 'Unknown', 120_000, 1_000);
    expect(took).toBeGreaterThanOrEqual(30_000);
    expect(took).toBeLessThanOrEqual(55_000);
    sim.partitionNode('worker-2', false);
    await runUntil(sim, 'worker-2 Ready', async () => condition(await getJson(sim, '/api/v1/nodes/worker-2'), 'Ready')?.status === 'True', 60_000, 1_000);
    // The node lifecycle controller lifts the taint on its next 5 s pass.
    await runUntil(sim, 'unreachable taint lifted', async () => {
      const node = await getJson(sim, '/api/v1/nodes/worker-2');
      return !((node.spec as { taints?: { key: string }[] }).taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable');
    }, 15_000, 1_000);
    await sim.close();
  }, 60_000);

  it('a killed container is restarted by its kubelet (exit code 137, restartCount 1)', async () => {
    const sim = await testSimulation({ seed: 24 });
    await apply(sim, WEB(1));
    await runUntil(sim, 'ready', async () => (await listItems<Pod>(sim, '/api/v1/namespaces/default/pods')).filter(isReady).length === 1, 30_000);
    const [pod] = await listItems<Pod>(sim, '/api/v1/namespaces/default/pods');
    sim.killContainer(pod.spec.nodeName!, pod.metadata.uid!, 'nginx');
    await runUntil(sim, 'restarted', async () => {
      const p = await getJson<Pod>(sim, `/api/v1/namespaces/default/pods/${pod.metadata.name}`);
      return p.status?.containerStatuses?.[0]?.restartCount === 1 && isReady(p);
    }, 60_000);
    const p = await getJson<Pod>(sim, `/api/v1/namespaces/default/pods/${pod.metadata.name}`);
    expect(p.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 137 });
    await sim.close();
  }, 60_000);

  it('slow etcd makes the same rollout take longer in virtual time', async () => {
    const timeToReady = async (etcdMs: number) => {
      const sim = await testSimulation({ seed: 25 });
      await sim.advance(2_000);
      sim.slowEtcd(etcdMs);
      await apply(sim, WEB(3));
      const took = await runUntil(sim, 'ready', async () => (await listItems<Pod>(sim, '/api/v1/namespaces/default/pods')).filter(isReady).length === 3, 120_000, 100);
      await sim.close();
      return took;
    };
    const healthy = await timeToReady(0);
    const slow = await timeToReady(400);
    expect(slow).toBeGreaterThan(healthy + 1_000);
    await expect(testSimulation().then((s) => s.slowEtcd(-1))).rejects.toThrow('etcd latency must be 0..60000 ms, got -1');
  }, 60_000);
});
