/**
 * Scenario script actions on a live cluster: machines joining with their own capacity, labels and
 * taints, cordon and drain, scaling and deleting, a machine deleted.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { performAction } from './script-actions';
import { apply, getJson, isReady, listItems, runUntil, testSimulation } from './sim-testkit';

type Node = KubeObject & { spec: { taints?: { key: string; value?: string; effect: string }[]; unschedulable?: boolean }; status: { capacity: Record<string, string>; allocatable: Record<string, string> } };
type Pod = KubeObject & { spec: { nodeName?: string } };

describe('script actions', () => {
  it('a machine joins with its own capacity, labels and taints, and the scheduler honours them', async () => {
    const sim = await testSimulation({ seed: 31 });
    const r = await performAction(sim, {
      type: 'add-node',
      node: { name: 'gpu-1', cpu: '16', memory: '64Gi', labels: { accelerator: 'nvidia' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    });
    expect(r).toEqual({ ok: true, text: 'node/gpu-1 joined' });
    await runUntil(sim, 'gpu-1 Ready', async () => {
      const n = (await listItems(sim, '/api/v1/nodes')).find((x) => x.metadata.name === 'gpu-1');
      return !!n && ((n.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    }, 20_000);
    // The not-ready taint of a node still waiting for its pod CIDR is lifted on the next lifecycle pass.
    await sim.advance(6_000);
    const node = await getJson<Node>(sim, '/api/v1/nodes/gpu-1');
    expect(node.status.capacity).toMatchObject({ cpu: '16', memory: '64Gi', pods: '110' });
    expect(node.metadata.labels).toMatchObject({ accelerator: 'nvidia', 'kubernetes.io/hostname': 'gpu-1' });
    expect(node.spec.taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    await apply(sim, `
apiVersion: v1
kind: Pod
metadata: {name: trainer}
spec:
  nodeSelector: {accelerator: nvidia}
  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
  containers: [{name: app, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata: {name: plain}
spec:
  nodeSelector: {accelerator: nvidia}
  containers: [{name: app, image: nginx:1.27}]
`);
    await runUntil(sim, 'trainer running on gpu-1', async () => isReady(await getJson(sim, '/api/v1/namespaces/default/pods/trainer')), 30_000);
    expect((await getJson<Pod>(sim, '/api/v1/namespaces/default/pods/trainer')).spec.nodeName).toBe('gpu-1');
    expect((await getJson<Pod>(sim, '/api/v1/namespaces/default/pods/plain')).spec.nodeName).toBeUndefined();
    await sim.close();
  }, 60_000);

  it('cordon, drain, scale and delete, in kubectl words', async () => {
    const sim = await testSimulation({ seed: 32 });
    await apply(sim, `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`);
    const pods = () => listItems<Pod>(sim, '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb');
    await runUntil(sim, 'web ready', async () => (await pods()).filter(isReady).length === 4, 30_000);
    const drained = await performAction(sim, { type: 'drain', node: 'worker-1' });
    expect(drained.ok).toBe(true);
    expect(drained.text.split('\n')[0]).toBe('node/worker-1 cordoned');
    expect(drained.text).toMatch(/^evicting pod default\/web-[a-z0-9]+-[a-z0-9]{5}$/m);
    expect(drained.text.split('\n').at(-1)).toBe('node/worker-1 drained');
    expect((await getJson<Node>(sim, '/api/v1/nodes/worker-1')).spec.unschedulable).toBe(true);
    await runUntil(sim, 'all on worker-2', async () => {
      const list = (await pods()).filter((p) => !p.metadata.deletionTimestamp);
      return list.length === 4 && list.filter(isReady).length === 4 && list.every((p) => p.spec.nodeName === 'worker-2');
    }, 60_000);
    expect(await performAction(sim, { type: 'uncordon', node: 'worker-1' })).toEqual({ ok: true, text: 'node/worker-1 uncordoned' });
    expect(await performAction(sim, { type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: 1 })).toEqual({ ok: true, text: 'deployments.apps/web scaled' });
    await runUntil(sim, 'scaled to 1', async () => (await pods()).length === 1, 60_000);
    expect(await performAction(sim, { type: 'delete', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' })).toEqual({ ok: true, text: 'deployments.apps "web" deleted' });
    const missing = await performAction(sim, { type: 'delete', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' });
    expect(missing).toEqual({ ok: false, text: 'deployments.apps "web" not found' });
    expect(await performAction(sim, { type: 'cordon', node: 'nope' })).toEqual({ ok: false, text: 'nodes "nope" not found' });
    await sim.close();
  }, 90_000);

  it('a deleted machine takes its Node object with it, and pod GC its pods', async () => {
    const sim = await testSimulation({ seed: 33 });
    await sim.advance(5_000);
    const onWorker2 = async () => (await listItems<Pod>(sim, '/api/v1/pods')).filter((p) => p.spec.nodeName === 'worker-2');
    expect((await onWorker2()).length).toBeGreaterThan(0);
    expect(await performAction(sim, { type: 'delete-node', node: 'worker-2' })).toEqual({ ok: true, text: 'node "worker-2" deleted' });
    await sim.advance(60_000);
    expect((await listItems(sim, '/api/v1/nodes')).map((n) => n.metadata.name)).toEqual(['control-plane', 'worker-1']);
    expect(sim.gateway.nodeNames).toEqual(['control-plane', 'worker-1']);
    await runUntil(sim, 'pods of worker-2 collected', async () => (await onWorker2()).length === 0, 120_000, 5_000);
    await sim.close();
  }, 60_000);
});
