/**
 * Whole-cluster scenarios (issue 3, section 6): the control plane and the nodes together, driven in
 * virtual time, checked the way a person would check a real cluster.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { apply, condition, del, getJson, isReady, listItems, runUntil, testSimulation } from './sim-testkit';

function deployment(name: string, replicas: number, extra = ''): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
${extra}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
`;
}

const podsOf = (sim: Awaited<ReturnType<typeof testSimulation>>, app: string) => listItems(sim, `/api/v1/namespaces/default/pods?labelSelector=app%3D${app}`);

describe('whole-cluster scenarios', () => {
  it('a 3-replica Deployment is Available within a few virtual seconds, spread over the workers', async () => {
    const sim = await testSimulation({ seed: 3 });
    await sim.advance(1_000);
    await apply(sim, deployment('web', 3));
    const took = await runUntil(sim, 'web Available', async () => {
      const d = await getJson(sim, '/apis/apps/v1/namespaces/default/deployments/web');
      return condition(d, 'Available')?.status === 'True' && (d.status as { availableReplicas?: number }).availableReplicas === 3;
    }, 30_000);
    expect(took).toBeLessThan(10_000);
    const pods = await podsOf(sim, 'web');
    expect(pods).toHaveLength(3);
    const nodes = pods.map((p) => (p.spec as { nodeName: string }).nodeName);
    expect(nodes.every((n) => n.startsWith('worker-'))).toBe(true);
    expect(new Set(nodes).size).toBe(2);
    await sim.close();
  }, 60_000);

  it('a rolling update with maxUnavailable 0 never has fewer than the desired ready pods', async () => {
    const sim = await testSimulation({ seed: 4 });
    await apply(sim, deployment('web', 3, '  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}'));
    await runUntil(sim, 'first rollout', async () => (await podsOf(sim, 'web')).filter(isReady).length === 3, 30_000);
    await apply(sim, deployment('web', 3, '  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}').replace('nginx:1.27', 'nginx:1.28'));
    let minReady = Infinity;
    await runUntil(sim, 'second rollout', async () => {
      const pods = await podsOf(sim, 'web');
      const ready = pods.filter((p) => isReady(p) && !p.metadata.deletionTimestamp);
      minReady = Math.min(minReady, ready.length);
      const updated = ready.filter((p) => (p.spec as { containers: { image: string }[] }).containers[0].image === 'nginx:1.28');
      return updated.length === 3 && pods.length === 3;
    }, 120_000, 100);
    expect(minReady).toBeGreaterThanOrEqual(3);
    const rsList = await listItems(sim, '/apis/apps/v1/namespaces/default/replicasets');
    expect(rsList.map((rs) => [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], (rs.spec as { replicas: number }).replicas]).sort()).toEqual([
      ['1', 0],
      ['2', 3],
    ]);
    await sim.close();
  }, 120_000);

  it('a pod requesting more cpu than any node has stays Pending with the scheduler message', async () => {
    const sim = await testSimulation({ seed: 5 });
    await sim.advance(2_000);
    await apply(sim, `
apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: "64"}}}]
`);
    await sim.advance(60_000);
    const pod = await getJson(sim, '/api/v1/namespaces/default/pods/huge');
    expect((pod.status as { phase: string }).phase).toBe('Pending');
    const scheduled = condition(pod, 'PodScheduled');
    expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(scheduled?.message).toMatch(
      /^0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role\.kubernetes\.io\/control-plane: \}, 2 Insufficient cpu\. preemption: 0\/3 nodes are available: /,
    );
    const events = await listItems<KubeObject & { reason: string; message: string; type: string }>(sim, '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dhuge');
    const failed = events.find((e) => e.reason === 'FailedScheduling');
    expect(failed?.type).toBe('Warning');
    expect(failed?.message).toBe(scheduled?.message);
    // What the UI shows for "why is this pod Pending": every node's filter verdicts.
    const attempt = sim.controlPlane.schedulingResults.latest('default/huge');
    expect(attempt?.outcome).toBe('Unschedulable');
    const verdicts = Object.fromEntries(attempt!.nodes.map((n) => [n.node, n.filters.filter((f) => !f.passed).map((f) => `${f.plugin}: ${f.reasons.join(', ')}`)]));
    expect(verdicts['control-plane']).toEqual(['TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    expect(verdicts['worker-1']).toEqual(['NodeResourcesFit: Insufficient cpu']);
    await sim.close();
  }, 60_000);

  it('a stopped kubelet: NotReady (Unknown) at about 40 s, its pods evicted at about 340 s', async () => {
    const sim = await testSimulation({ seed: 6 });
    await apply(sim, deployment('web', 4));
    await runUntil(sim, 'web ready', async () => (await podsOf(sim, 'web')).filter(isReady).length === 4, 30_000);
    const onWorker1 = (await podsOf(sim, 'web')).filter((p) => (p.spec as { nodeName: string }).nodeName === 'worker-1').map((p) => p.metadata.name);
    expect(onWorker1.length).toBeGreaterThan(0);
    sim.stopKubelet('worker-1');
    const notReadyAfter = await runUntil(sim, 'worker-1 Unknown', async () => {
      const n = await getJson(sim, '/api/v1/nodes/worker-1');
      return condition(n, 'Ready')?.status === 'Unknown';
    }, 120_000, 500);
    expect(notReadyAfter).toBeGreaterThanOrEqual(30_000);
    expect(notReadyAfter).toBeLessThanOrEqual(50_000);
    const node = await getJson(sim, '/api/v1/nodes/worker-1');
    expect(condition(node, 'Ready')).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    // The NoExecute taint follows from the node lifecycle controller's eviction queue (rate-limited per zone).
    const taintedAfter = await runUntil(sim, 'unreachable NoExecute taint', async () => {
      const taints = ((await getJson(sim, '/api/v1/nodes/worker-1')).spec as { taints?: { key: string; effect: string }[] }).taints ?? [];
      return taints.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
    }, 30_000, 500);
    expect(taintedAfter).toBeLessThanOrEqual(15_000);
    // Evicted pods are marked for deletion; with the kubelet gone they stay Terminating, as on a
    // real cluster, until the node returns or is deleted.
    const evictedAfter = await runUntil(sim, 'pods on worker-1 evicted', async () => {
      const pods = await podsOf(sim, 'web');
      return onWorker1.every((n) => pods.find((p) => p.metadata.name === n)?.metadata.deletionTimestamp);
    }, 600_000, 5_000);
    const total = notReadyAfter + evictedAfter;
    expect(total).toBeGreaterThanOrEqual(320_000);
    expect(total).toBeLessThanOrEqual(380_000);
    await runUntil(sim, 'replacements ready', async () => (await podsOf(sim, 'web')).filter((p) => isReady(p) && !p.metadata.deletionTimestamp).length === 4, 60_000);
    await sim.close();
  }, 180_000);

  it('deleting a Deployment removes its ReplicaSets and Pods', async () => {
    const sim = await testSimulation({ seed: 8 });
    await apply(sim, deployment('web', 3));
    await runUntil(sim, 'web ready', async () => (await podsOf(sim, 'web')).filter(isReady).length === 3, 30_000);
    await del(sim, '/apis/apps/v1/namespaces/default/deployments/web');
    await runUntil(sim, 'everything gone', async () => {
      const rs = await listItems(sim, '/apis/apps/v1/namespaces/default/replicasets');
      return rs.length === 0 && (await podsOf(sim, 'web')).length === 0;
    }, 120_000);
    await sim.close();
  }, 60_000);

  it("a Service's endpoints follow readiness", async () => {
    const sim = await testSimulation({ seed: 9 });
    await apply(sim, `
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: good, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx:1.27, readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}}]
---
apiVersion: v1
kind: Pod
metadata: {name: bad, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx:1.27, readinessProbe: {httpGet: {path: /, port: 8081}, periodSeconds: 2}}]
`);
    await runUntil(sim, 'endpoints settle', async () => {
      const ep = await getJson<KubeObject & { subsets?: { addresses?: unknown[]; notReadyAddresses?: unknown[] }[] }>(sim, '/api/v1/namespaces/default/endpoints/web').catch(() => undefined);
      return (ep?.subsets?.[0]?.addresses?.length ?? 0) === 1 && (ep?.subsets?.[0]?.notReadyAddresses?.length ?? 0) === 1;
    }, 30_000);
    const good = await getJson(sim, '/api/v1/namespaces/default/pods/good');
    const ep = await getJson<KubeObject & { subsets: { addresses: { ip: string; targetRef: { name: string } }[]; notReadyAddresses: { targetRef: { name: string } }[] }[] }>(sim, '/api/v1/namespaces/default/endpoints/web');
    expect(ep.subsets[0].addresses[0]).toMatchObject({ ip: (good.status as { podIP: string }).podIP, targetRef: { name: 'good' } });
    expect(ep.subsets[0].notReadyAddresses[0].targetRef.name).toBe('bad');
    const slices = await listItems<KubeObject & { endpoints: { conditions: { ready: boolean }; targetRef: { name: string } }[] }>(sim, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb');
    expect(slices).toHaveLength(1);
    const readiness = Object.fromEntries(slices[0].endpoints.map((e) => [e.targetRef.name, e.conditions.ready]));
    expect(readiness).toEqual({ good: true, bad: false });
    await del(sim, '/api/v1/namespaces/default/pods/good');
    await runUntil(sim, 'good leaves the endpoints', async () => {
      const e = await getJson<KubeObject & { subsets?: { addresses?: unknown[] }[] }>(sim, '/api/v1/namespaces/default/endpoints/web');
      return !(e.subsets ?? []).some((s) => (s.addresses ?? []).length > 0);
    }, 60_000);
    await sim.close();
  }, 60_000);
});
