/**
 * Scenario script actions on a live cluster: machines joining with their own capacity, labels and
 * taints, cordon and drain, scaling and deleting, a machine deleted.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { rfc3339Seconds } from '../client/event-recorder';
import { performAction } from './script-actions';
import type { Simulation } from './simulation';
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
    expect(await performAction(sim, { type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: 1 })).toEqual({ ok: true, text: 'deployment.apps/web scaled' });
    await runUntil(sim, 'scaled to 1', async () => (await pods()).length === 1, 60_000);
    expect(await performAction(sim, { type: 'delete', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' })).toEqual({ ok: true, text: 'deployment.apps "web" deleted' });
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

type Deployment = KubeObject & { spec: { paused?: boolean; replicas?: number; template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } } };
type ReplicaSet = Deployment;

const WEB = (image: string, replicas = 2) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, annotations: {team: blue}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: ${image}}]
`;

const web = { namespace: 'default', name: 'web' };

/** A cluster where web went nginx:1.26 (revision 1) -> nginx:1.27 (revision 2), fully rolled out. */
async function twoRevisions(seed: number) {
  const sim = await testSimulation({ seed });
  await apply(sim, WEB('nginx:1.26'));
  await sim.advance(2_000);
  await apply(sim, WEB('nginx:1.27'));
  await rolledOut(sim, 'nginx:1.27');
  return sim;
}

const deployment = (sim: Simulation) => getJson<Deployment>(sim, '/apis/apps/v1/namespaces/default/deployments/web');
const replicaSets = async (sim: Simulation) => (await listItems<ReplicaSet>(sim, '/apis/apps/v1/namespaces/default/replicasets')).filter((rs) => rs.metadata.name?.startsWith('web-'));
const revisionOf = (rs: KubeObject) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];

/** Until the newest ReplicaSet runs `image` with every replica and the old ones are scaled to 0. */
async function rolledOut(sim: Simulation, image: string) {
  await runUntil(sim, `rolled out ${image}`, async () => {
    const d = await deployment(sim);
    const st = d.status as { updatedReplicas?: number; availableReplicas?: number; replicas?: number; observedGeneration?: number };
    return d.spec.template.spec.containers[0].image === image && st.observedGeneration === d.metadata.generation && st.updatedReplicas === d.spec.replicas && st.availableReplicas === d.spec.replicas && st.replicas === d.spec.replicas;
  }, 60_000);
}

describe('rollout actions, in kubectl words', () => {
  it('restart stamps the pod template with the virtual time and rolls out a new ReplicaSet; the same second twice is refused', async () => {
    const sim = await twoRevisions(41);
    const before = await replicaSets(sim);
    const r = await performAction(sim, { type: 'rollout-restart', ...web });
    expect(r).toMatchObject({ ok: true, text: 'deployment.apps/web restarted' });
    const stamp = (await deployment(sim)).spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
    expect(stamp).toBe(rfc3339Seconds(sim.now()));
    expect(await performAction(sim, { type: 'rollout-restart', ...web })).toMatchObject({
      ok: false,
      text: 'error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another',
    });
    await runUntil(sim, 'restart rolled out', async () => (await replicaSets(sim)).length === before.length + 1, 30_000);
    await rolledOut(sim, 'nginx:1.27');
    const added = (await replicaSets(sim)).find((rs) => !before.some((b) => b.metadata.uid === rs.metadata.uid))!;
    expect(revisionOf(added)).toBe('3');
    expect(added.spec.template.metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': stamp });
    expect(added.spec.replicas).toBe(2);
    await sim.close();
  }, 90_000);

  it('undo to revision 1 brings back its template as a new revision; the Deployment takes the ReplicaSet annotations', async () => {
    const sim = await twoRevisions(42);
    const rss = await replicaSets(sim);
    const rev1 = rss.find((rs) => revisionOf(rs) === '1')!;
    expect(rev1.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(await performAction(sim, { type: 'rollout-undo', ...web, toRevision: 7 })).toMatchObject({ ok: false, text: 'error: unable to find specified revision 7 in history' });
    expect(await performAction(sim, { type: 'rollout-undo', ...web, toRevision: 2 })).toMatchObject({ ok: true, text: 'deployment.apps/web skipped rollback (current template already matches revision 2)' });
    expect(await performAction(sim, { type: 'rollout-undo', ...web, toRevision: 1 })).toMatchObject({ ok: true, text: 'deployment.apps/web rolled back' });
    const d = await deployment(sim);
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'web' });
    expect(d.metadata.annotations?.team).toBe('blue');
    await rolledOut(sim, 'nginx:1.26');
    // The deployment controller re-uses revision 1's ReplicaSet and makes it revision 3.
    const after = await replicaSets(sim);
    expect(after.map((rs) => rs.metadata.uid).sort()).toEqual(rss.map((rs) => rs.metadata.uid).sort());
    const back = after.find((rs) => rs.metadata.uid === rev1.metadata.uid)!;
    expect(revisionOf(back)).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(back.spec.replicas).toBe(2);
    expect(after.find((rs) => rs.metadata.uid !== rev1.metadata.uid)!.spec.replicas).toBe(0);
    // Undo without a revision goes back to the previous one (2: nginx:1.27).
    expect(await performAction(sim, { type: 'rollout-undo', ...web })).toMatchObject({ ok: true, text: 'deployment.apps/web rolled back' });
    expect((await deployment(sim)).spec.template.spec.containers[0].image).toBe('nginx:1.27');
    await sim.close();
  }, 90_000);

  it('pause holds template changes back (scaling still works); resume rolls them out; each refuses the state it is already in', async () => {
    const sim = await twoRevisions(43);
    expect(await performAction(sim, { type: 'rollout-resume', ...web })).toMatchObject({ ok: false, text: 'error: deployments.apps "web" is not paused' });
    expect(await performAction(sim, { type: 'rollout-pause', ...web })).toMatchObject({ ok: true, text: 'deployment.apps/web paused' });
    expect((await deployment(sim)).spec.paused).toBe(true);
    expect(await performAction(sim, { type: 'rollout-pause', ...web })).toMatchObject({ ok: false, text: 'error: deployments.apps "web" is already paused' });
    expect(await performAction(sim, { type: 'rollout-restart', ...web })).toMatchObject({ ok: false, text: `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)` });
    expect(await performAction(sim, { type: 'rollout-undo', ...web, toRevision: 1 })).toMatchObject({
      ok: false,
      text: "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again",
    });
    const before = await replicaSets(sim);
    await apply(sim, WEB('nginx:1.28', 3));
    await runUntil(sim, 'scaled to 3 while paused', async () => (await deployment(sim)).status?.['availableReplicas' as never] === 3, 30_000);
    const paused = await replicaSets(sim);
    expect(paused.map((rs) => rs.metadata.uid).sort()).toEqual(before.map((rs) => rs.metadata.uid).sort());
    expect(paused.find((rs) => revisionOf(rs) === '2')!.spec.replicas).toBe(3);
    expect(await performAction(sim, { type: 'rollout-resume', ...web })).toMatchObject({ ok: true, text: 'deployment.apps/web resumed' });
    expect((await deployment(sim)).spec.paused).toBeUndefined();
    await rolledOut(sim, 'nginx:1.28');
    const resumed = (await replicaSets(sim)).find((rs) => revisionOf(rs) === '3')!;
    expect(resumed.spec.template.spec.containers[0].image).toBe('nginx:1.28');
    await sim.close();
  }, 90_000);

  it('refuses a bad action with field paths, a missing Deployment with the server words, a joined name twice as kubeadm does', async () => {
    const sim = await testSimulation({ seed: 44 });
    expect(await performAction(sim, { type: 'rollout-restart', namespace: 'default', name: 'nope' })).toMatchObject({ ok: false, text: 'deployments.apps "nope" not found' });
    const bad = await performAction(sim, { type: 'add-node', node: { name: 'Bad_Name', cpu: 'lots', taints: [{ key: 'k', effect: 'Sometimes' as never }] } });
    expect(bad.ok).toBe(false);
    expect(bad.causes?.map((c) => c.path)).toEqual(['node.name', 'node.cpu', 'node.taints[0].effect']);
    expect(bad.text.split('\n')[0]).toMatch(/^error: node\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const twice = await performAction(sim, { type: 'add-node', node: { name: 'worker-1' } });
    expect(twice).toMatchObject({ ok: false, causes: [{ path: 'node.name' }] });
    expect(twice.text).toMatch(/^error execution phase kubelet-start: a Node with name "worker-1" and status "(Not)?Ready" already exists in the cluster\./);
    expect(await performAction(sim, { type: 'stop-scheduler' })).toEqual({ ok: true, text: 'kube-scheduler stopped', controlPlane: { scheduler: false, controllerManager: true } });
    expect((await performAction(sim, { type: 'start-scheduler' })).controlPlane).toEqual({ scheduler: true, controllerManager: true });
    await sim.close();
  }, 60_000);
});
