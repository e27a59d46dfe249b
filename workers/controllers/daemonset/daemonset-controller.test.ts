import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import type { DaemonSet, Pod } from './daemon-pods';
import { DaemonSetController } from './daemonset-controller';

const DS = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };

type Bed = Awaited<ReturnType<typeof newControllerTestbed>>;

async function node(bed: Bed, name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): Promise<void> {
  await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec });
  // Admission taints a new node not-ready:NoSchedule until it reports Ready; daemon pods do not
  // tolerate that one, so stand in for the node lifecycle controller and set the taints wanted.
  await bed.admin.resource(NODES).patch(name, 'merge', { spec: { taints: (spec.taints as unknown[] | undefined) ?? null } });
}

function daemonSet(podSpec: Record<string, unknown> = {}, strategy?: unknown): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }], ...podSpec } },
      ...(strategy ? { updateStrategy: strategy } : {}),
    },
  };
}

async function pods(bed: Bed): Promise<Pod[]> {
  return (await bed.admin.resource<Pod>(PODS, 'default').list()).items;
}

const nodeOfPod = (p: Pod) => p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchFields?.[0].values?.[0];

async function markReady(bed: Bed): Promise<void> {
  for (const p of await pods(bed)) {
    const next = structuredClone(p);
    next.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    await bed.admin.resource(PODS, 'default').updateStatus(next);
  }
}

describe('DaemonSetController', () => {
  it('runs one pinned pod per eligible node, honouring taints and the daemon tolerations', async () => {
    const bed = await newControllerTestbed();
    await node(bed, 'n1');
    await node(bed, 'n2', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });
    await node(bed, 'n3', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] });
    const ds = await bed.admin.resource(DS, 'default').create(daemonSet());
    const ctrl = new DaemonSetController(bed.ctx);
    ctrl.start();
    await bed.advance(2_000);
    const got = await pods(bed);
    expect(got.map(nodeOfPod).sort()).toEqual(['n1', 'n3']);
    const pod = got[0];
    expect(pod.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(Object.keys(pod.metadata.labels ?? {}).sort()).toEqual(['app', 'controller-revision-hash', 'pod-template-generation']);
    expect(pod.spec?.tolerations?.map((t) => `${t.key}:${t.effect}`)).toEqual(expect.arrayContaining([
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]));
    const revisions = (await bed.admin.resource(REVISIONS, 'default').list()).items;
    expect(revisions.map((r) => [r.metadata.name, (r as { revision?: number }).revision])).toEqual([[`agent-${pod.metadata.labels!['controller-revision-hash']}`, 1]]);
    expect(bed.recorder.events.filter((e) => e.startsWith('Normal SuccessfulCreate'))).toHaveLength(2);
    const status = (await bed.admin.resource<DaemonSet>(DS, 'default').get('agent')).status;
    expect(status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 0, numberUnavailable: 2, updatedNumberScheduled: 2, numberMisscheduled: 0 });
    ctrl.stop();
  });

  it('waits while a new node still has the not-ready NoSchedule taint', async () => {
    const bed = await newControllerTestbed();
    await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'fresh' } });
    await bed.admin.resource(DS, 'default').create(daemonSet());
    const ctrl = new DaemonSetController(bed.ctx);
    ctrl.start();
    await bed.advance(2_000);
    expect(await pods(bed)).toEqual([]);
    await bed.admin.resource(NODES).patch('fresh', 'merge', { spec: { taints: null } });
    await bed.advance(2_000);
    expect((await pods(bed)).map(nodeOfPod)).toEqual(['fresh']);
    ctrl.stop();
  });

  it('follows nodeSelector and node changes: a relabelled node gets or loses its pod', async () => {
    const bed = await newControllerTestbed();
    await node(bed, 'n1', {}, { role: 'edge' });
    await node(bed, 'n2');
    await bed.admin.resource(DS, 'default').create(daemonSet({ nodeSelector: { role: 'edge' } }));
    const ctrl = new DaemonSetController(bed.ctx);
    ctrl.start();
    await bed.advance(2_000);
    expect((await pods(bed)).map(nodeOfPod)).toEqual(['n1']);
    await bed.admin.resource(NODES).patch('n2', 'merge', { metadata: { labels: { role: 'edge' } } });
    await bed.admin.resource(NODES).patch('n1', 'merge', { metadata: { labels: { role: null } } });
    await bed.advance(2_000);
    expect((await pods(bed)).map(nodeOfPod)).toEqual(['n2']);
    ctrl.stop();
  });

  it('rolls a template change one node at a time with maxUnavailable 1', async () => {
    const bed = await newControllerTestbed();
    for (const n of ['n1', 'n2', 'n3']) await node(bed, n);
    await bed.admin.resource(DS, 'default').create(daemonSet({}, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }));
    const ctrl = new DaemonSetController(bed.ctx);
    ctrl.start();
    await bed.advance(2_000);
    await markReady(bed);
    await bed.advance(1_000);
    const image = (p: Pod) => ((p.spec as { containers: { image: string }[] }).containers[0].image);
    await bed.admin.resource(DS, 'default').patch('agent', 'merge', { spec: { template: { spec: { containers: [{ name: 'a', image: 'agent:2' }] } } } });
    await bed.advance(2_000);
    // One old pod went and its replacement came; the others wait until it is available.
    expect((await pods(bed)).map(image).sort()).toEqual(['agent:1', 'agent:1', 'agent:2']);
    for (let round = 0; round < 3; round++) {
      await markReady(bed);
      await bed.advance(2_000);
    }
    expect((await pods(bed)).map(image).sort()).toEqual(['agent:2', 'agent:2', 'agent:2']);
    expect((await pods(bed)).map(nodeOfPod).sort()).toEqual(['n1', 'n2', 'n3']);
    const revisions = (await bed.admin.resource(REVISIONS, 'default').list()).items.map((r) => (r as { revision?: number }).revision).sort();
    expect(revisions).toEqual([1, 2]);
    ctrl.stop();
  });
});
