import { describe, expect, it } from 'vitest';
import { Client } from '../client/client';
import { ClientEventRecorder } from '../client/event-recorder';
import { newTestServer, TestRng } from '../apiserver/testkit';
import { Scheduler } from './scheduler';
import { makeNode, makePod } from './testing/builders';
import type { Node, Pod } from './framework/types';

const settle = () => new Promise<void>((r) => setImmediate(r));

async function setup() {
  const t = await newTestServer();
  const admin = new Client(t.server, { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
  const client = new Client(t.server, { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
  const recorder = new ClientEventRecorder({ client, clock: t.clock, component: 'default-scheduler' });
  const scheduler = new Scheduler({ client, clock: t.clock, timers: t.timers, rng: new TestRng(7), recorder });
  // Runs timers and lets promise chains (apiserver answers, watch deliveries) settle, repeatedly.
  const drive = async (ms = 0) => {
    for (let i = 0; i < 30; i++) {
      await settle();
      t.timers.advance(i === 0 ? ms : 0);
      await settle();
      await scheduler.idle();
      await recorder.flush();
    }
  };
  return { ...t, admin, scheduler, recorder, drive };
}

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const EVENTS = { group: '', version: 'v1', resource: 'events' };

// Admission taints new nodes not-ready; the node lifecycle controller would lift it once Ready.
async function createReadyNode(admin: Client, node: Node): Promise<void> {
  const nodes = admin.resource<Node>(NODES);
  const created = await nodes.create(strip(node) as Node);
  const taints = node.spec?.taints ?? [];
  await nodes.update({ ...created, spec: { ...created.spec, taints } });
}

function strip(o: Pod | Node): Pod | Node {
  const { uid: _u, ...metadata } = o.metadata;
  return { ...o, metadata, status: o.kind === 'Pod' ? undefined : o.status } as Pod | Node;
}

describe('Scheduler against the real apiserver', () => {
  it('binds pods that fit, reports the one that does not, with upstream messages', async () => {
    const { admin, scheduler, drive } = await setup();
    await createReadyNode(admin, makeNode('control-plane', { cpu: '2', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    for (const n of ['worker-1', 'worker-2']) await createReadyNode(admin, makeNode(n, { cpu: '2' }));
    const pods = admin.resource<Pod>(PODS, 'default');
    scheduler.start();
    await drive();
    await pods.create(strip(makePod({ name: 'web-a', cpu: '1' })) as Pod);
    await pods.create(strip(makePod({ name: 'web-b', cpu: '1' })) as Pod);
    await pods.create(strip(makePod({ name: 'big', cpu: '3' })) as Pod);
    await drive();
    const a = await pods.get('web-a');
    const b = await pods.get('web-b');
    expect([a.spec.nodeName, b.spec.nodeName].sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^worker-/)]));
    expect(a.spec.nodeName).toMatch(/^worker-/);
    expect(b.spec.nodeName).toMatch(/^worker-/);
    // LeastAllocated spreads the two pods.
    expect(a.spec.nodeName).not.toBe(b.spec.nodeName);
    const big = await pods.get('big');
    expect(big.spec.nodeName).toBeUndefined();
    const expected =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const cond = big.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: expected });
    const events = (await admin.resource(EVENTS, 'default').list()).items as unknown as { reason: string; message: string; type: string; involvedObject: { name: string } }[];
    const byPod = (n: string) => events.filter((e) => e.involvedObject.name === n).map((e) => `${e.type} ${e.reason} ${e.message}`);
    expect(byPod('web-a')).toEqual([`Normal Scheduled Successfully assigned default/web-a to ${a.spec.nodeName}`]);
    expect(byPod('big')).toEqual([`Warning FailedScheduling ${expected}`]);
    const result = scheduler.resultsFor('default/big')[0];
    expect(result.outcome).toBe('Unschedulable');
    expect(result.nodes.map((n) => [n.node, n.filters.at(-1)!.plugin, n.filters.at(-1)!.reasons])).toEqual(
      expect.arrayContaining([['control-plane', 'TaintToleration', ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']]]),
    );
    const ok = scheduler.resultsFor('default/web-a')[0];
    expect(ok.selectedNode).toBe(a.spec.nodeName);
    expect(ok.nodes.find((n) => n.node === a.spec.nodeName)!.scores.map((s) => s.plugin)).toContain('NodeResourcesFit');
    scheduler.stop();
  });

  it('says "No preemption victims" where eviction could make room but no pod has a lower priority', async () => {
    const { admin, scheduler, drive } = await setup();
    await createReadyNode(admin, makeNode('control-plane', { cpu: '2', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    for (const n of ['worker-1', 'worker-2']) await createReadyNode(admin, makeNode(n, { cpu: '2' }));
    const pods = admin.resource<Pod>(PODS, 'default');
    scheduler.start();
    for (const name of ['a', 'b']) await pods.create(strip(makePod({ name, cpu: '1' })) as Pod);
    await drive();
    await pods.create(strip(makePod({ name: 'c', cpu: '1500m' })) as Pod);
    await drive();
    const c = await pods.get('c');
    const expected =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(c.status?.conditions?.find((x) => x.type === 'PodScheduled')).toEqual({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: expected,
      lastProbeTime: null,
      lastTransitionTime: expect.stringMatching(/^2026-01-01T00:00:0\dZ$/),
    });
    expect(scheduler.queue.whereIs(c)).toBe('unschedulable');
    // Deleting a bound pod is a cluster event NodeResourcesFit cares about: c is retried and fits.
    await pods.delete('a', { gracePeriodSeconds: 0 });
    await drive(1_000);
    await drive(2_000);
    expect((await pods.get('c')).spec.nodeName).toMatch(/^worker-/);
    const latest = scheduler.results.latest('default/c')!;
    expect(latest.outcome).toBe('Scheduled');
    expect(scheduler.results.recent(1)[0]).toMatchObject({ pod: 'default/c', outcome: 'Scheduled' });
    scheduler.stop();
  });

  it('a stopped scheduler starts no further cycle: the queued pod stays Pending', async () => {
    const { admin, scheduler, drive } = await setup();
    await createReadyNode(admin, makeNode('n1'));
    const pods = admin.resource<Pod>(PODS, 'default');
    scheduler.start();
    await drive();
    await pods.create(strip(makePod({ name: 'p' })) as Pod);
    for (let i = 0; i < 5; i++) await settle();
    expect(scheduler.queue.stats().active).toBe(1);
    scheduler.stop();
    await drive(1_000);
    expect((await pods.get('p')).spec.nodeName).toBeUndefined();
  });

  it('retries an unschedulable pod when a node is added, and ignores other schedulerNames', async () => {
    const { admin, scheduler, drive } = await setup();
    const pods = admin.resource<Pod>(PODS, 'default');
    scheduler.start();
    await drive();
    await pods.create(strip(makePod({ name: 'p', cpu: '1' })) as Pod);
    await pods.create(strip(makePod({ name: 'other', cpu: '1', schedulerName: 'my-scheduler' })) as Pod);
    await drive();
    expect((await pods.get('p')).status?.conditions?.[0]?.message).toBe('no nodes available to schedule pods');
    expect(scheduler.queue.whereIs(makePod({ name: 'p' }))).toBe('unschedulable');
    await createReadyNode(admin, makeNode('n1'));
    await drive(1_000);
    await drive(2_000);
    expect((await pods.get('p')).spec.nodeName).toBe('n1');
    // Untouched: no binding, no condition, no Event from a scheduler that does not serve it.
    const other = await pods.get('other');
    expect(other.spec.nodeName).toBeUndefined();
    expect(other.status?.conditions?.find((c) => c.type === 'PodScheduled')).toBeUndefined();
    const events = (await admin.resource(EVENTS, 'default').list()).items as unknown as { involvedObject: { name: string } }[];
    expect(events.filter((e) => e.involvedObject.name === 'other')).toEqual([]);
    expect(scheduler.queue.whereIs(other)).toBeUndefined();
    scheduler.stop();
  });

  it('runs side by side with a scheduler of another schedulerName, each binding only its pods', async () => {
    const { admin, scheduler, drive, server, clock, timers } = await setup();
    const client = new Client(server, { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
    const recorder = new ClientEventRecorder({ client, clock, component: 'my-scheduler' });
    const mine = new Scheduler({ client, clock, timers, rng: new TestRng(9), recorder }, { schedulerNames: ['my-scheduler'] });
    await createReadyNode(admin, makeNode('n1'));
    const pods = admin.resource<Pod>(PODS, 'default');
    scheduler.start();
    mine.start();
    await pods.create(strip(makePod({ name: 'a' })) as Pod);
    await pods.create(strip(makePod({ name: 'b', schedulerName: 'my-scheduler' })) as Pod);
    await drive();
    await mine.idle();
    await recorder.flush();
    expect((await pods.get('a')).spec.nodeName).toBe('n1');
    expect((await pods.get('b')).spec.nodeName).toBe('n1');
    expect(scheduler.resultsFor('default/b')).toEqual([]);
    expect(mine.resultsFor('default/b')[0].profile).toBe('my-scheduler');
    expect(mine.resultsFor('default/a')).toEqual([]);
    scheduler.stop();
    mine.stop();
  });
});
