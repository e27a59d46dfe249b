import { describe, expect, it } from 'vitest';
import { newTestServer, TestRng } from '../apiserver/testkit';
import { Client } from '../client/client';
import { ClientEventRecorder } from '../client/event-recorder';
import type { Framework } from './framework/framework';
import type { CycleState, PermitPlugin } from './framework/interfaces';
import type { PodInfo } from './framework/pod-info';
import { Code, newStatus } from './framework/status';
import type { Node, Pod } from './framework/types';
import { goDuration } from './framework/waiting-pods';
import { Scheduler } from './scheduler';
import { makeNode, makePod } from './testing/builders';

const settle = () => new Promise<void>((r) => setImmediate(r));
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const EVENTS = { group: '', version: 'v1', resource: 'events' };

/** A Permit plugin that holds every pod for 5 s (as a gang-scheduling plugin would until its group is ready). */
class Gang implements PermitPlugin {
  readonly name = 'Gang';
  permit(_s: CycleState, _pi: PodInfo, _node: string) {
    return { status: newStatus(Code.Wait), timeoutMs: 5_000 };
  }
}

function bare<T extends Pod | Node>(o: T): T {
  const { uid: _u, ...metadata } = o.metadata;
  return { ...o, metadata, ...(o.kind === 'Pod' ? { status: undefined } : {}) } as T;
}

async function setup() {
  const t = await newTestServer();
  const admin = new Client(t.server, { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
  const client = new Client(t.server, { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
  const recorder = new ClientEventRecorder({ client, clock: t.clock, component: 'default-scheduler' });
  let fw: Framework | undefined;
  const scheduler = new Scheduler({ client, clock: t.clock, timers: t.timers, rng: new TestRng(5), recorder }, { configureProfile: (f) => (fw = f.register(new Gang())) });
  const drive = async (ms = 0) => {
    for (let i = 0; i < 20; i++) {
      await settle();
      t.timers.advance(i === 0 ? ms : 0);
      await settle();
      await recorder.flush();
    }
  };
  const nodes = admin.resource<Node>(NODES);
  const created = await nodes.create(bare(makeNode('n1')));
  await nodes.update({ ...created, spec: { ...created.spec, taints: [] } });
  scheduler.start();
  await drive();
  return { admin, scheduler, drive, fw: fw! };
}

describe('Permit Wait', () => {
  it('holds the binding until the waiting plugin allows the pod', async () => {
    const { admin, scheduler, drive, fw } = await setup();
    const pods = admin.resource<Pod>(PODS, 'default');
    const p = await pods.create(bare(makePod({ name: 'p' })));
    await drive();
    const waiting = fw.getWaitingPod(p.metadata.uid!)!;
    expect(waiting.pendingPlugins()).toEqual(['Gang']);
    expect((await pods.get('p')).spec.nodeName).toBeUndefined();
    waiting.allow('Gang');
    await drive();
    expect((await pods.get('p')).spec.nodeName).toBe('n1');
    scheduler.stop();
  });

  it('rejects the pod when the wait times out, with upstream message and Unschedulable reason', async () => {
    const { admin, scheduler, drive } = await setup();
    const pods = admin.resource<Pod>(PODS, 'default');
    await pods.create(bare(makePod({ name: 'p' })));
    await drive();
    await drive(5_000);
    const p = await pods.get('p');
    const msg = '0/1 nodes are available: 1 rejected due to timeout after waiting 5s at plugin Gang.';
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    const events = (await admin.resource(EVENTS, 'default').list()).items as unknown as { reason: string; message: string }[];
    expect(events.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message)).toEqual([msg]);
    expect(scheduler.cache.isAssumedPod(p)).toBe(false);
    scheduler.stop();
  });
});

describe('goDuration', () => {
  it.each([
    [500, '500ms'],
    [5_000, '5s'],
    [1_500, '1.5s'],
    [90_000, '1m30s'],
    [15 * 60_000, '15m0s'],
    [3_600_000, '1h0m0s'],
  ])('%i ms is %s', (ms, want) => expect(goDuration(ms)).toBe(want));
});
