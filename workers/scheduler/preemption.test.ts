import { describe, expect, it } from 'vitest';
import { Client } from '../client/client';
import { ClientEventRecorder } from '../client/event-recorder';
import { newTestServer, TestRng } from '../apiserver/testkit';
import { Scheduler } from './scheduler';
import { makeNode, makePod } from './testing/builders';
import type { Node, Pod } from './framework/types';

const settle = () => new Promise<void>((r) => setImmediate(r));
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const EVENTS = { group: '', version: 'v1', resource: 'events' };
const PRIORITY_CLASSES = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' };

function bare<T extends Pod | Node>(o: T): T {
  const { uid: _u, ...metadata } = o.metadata;
  return { ...o, metadata, ...(o.kind === 'Pod' ? { status: undefined } : {}) } as T;
}

describe('DefaultPreemption against the real apiserver', () => {
  it('evicts a lower-priority pod, nominates the node, then binds there', async () => {
    const t = await newTestServer();
    const admin = new Client(t.server, { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
    const client = new Client(t.server, { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
    const recorder = new ClientEventRecorder({ client, clock: t.clock, component: 'default-scheduler' });
    const scheduler = new Scheduler({ client, clock: t.clock, timers: t.timers, rng: new TestRng(3), recorder });
    const drive = async (ms = 0) => {
      for (let i = 0; i < 30; i++) {
        await settle();
        t.timers.advance(i === 0 ? ms : 0);
        await settle();
        await scheduler.idle();
        await recorder.flush();
      }
    };
    const nodes = admin.resource<Node>(NODES);
    const created = await nodes.create(bare(makeNode('worker-1', { cpu: '2' })));
    await nodes.update({ ...created, spec: { ...created.spec, taints: [] } });
    await admin.resource(PRIORITY_CLASSES).create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 } as never);
    const pods = admin.resource<Pod>(PODS, 'default');
    scheduler.start();
    await pods.create(bare(makePod({ name: 'low', cpu: '2' })));
    await drive();
    expect((await pods.get('low')).spec.nodeName).toBe('worker-1');

    const high = bare(makePod({ name: 'high', cpu: '2' }));
    delete high.spec.priority;
    high.spec.priorityClassName = 'high';
    await pods.create(high);
    await drive();
    const low = await pods.get('low');
    expect(low.metadata.deletionTimestamp).toBeDefined();
    expect(low.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler' });
    let h = await pods.get('high');
    expect(h.status?.nominatedNodeName).toBe('worker-1');
    expect(h.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    const events = (await admin.resource(EVENTS, 'default').list()).items as unknown as { reason: string; message: string; involvedObject: { name: string } }[];
    expect(events.filter((e) => e.involvedObject.name === 'low' && e.reason === 'Preempted').map((e) => e.message)).toEqual([`Preempted by pod ${h.metadata.uid} on node worker-1`]);

    // The kubelet would finish the termination; then the preemptor fits.
    await pods.delete('low', { gracePeriodSeconds: 0 });
    await drive(1_000);
    await drive(2_000);
    h = await pods.get('high');
    expect(h.spec.nodeName).toBe('worker-1');
    scheduler.stop();
  });
});
