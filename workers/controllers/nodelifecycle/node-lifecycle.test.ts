import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import { createPodOn, createReadyNode, renewLease } from './node-testing';
import type { Node } from './node-health';
import { NodeLifecycleController } from './node-lifecycle-controller';
import { TaintEvictionController } from './taint-eviction-controller';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

async function setup() {
  const bed = await newControllerTestbed();
  const lifecycle = new NodeLifecycleController(bed.ctx);
  const eviction = new TaintEvictionController(bed.ctx);
  const node = async (name: string) => bed.admin.resource<Node>(NODES).get(name);
  return { bed, lifecycle, eviction, node };
}

const readyOf = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready');
const taintsOf = (n: Node) => (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
const podReady = (p: KubeObject) => (p.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'Ready')?.status;

describe('NodeLifecycleController', () => {
  it('a renewing lease keeps the node Ready; silence past 40 s makes it Unknown, then tainted unreachable', async () => {
    const { bed, lifecycle, node } = await setup();
    await createReadyNode(bed, 'n1');
    await createReadyNode(bed, 'healthy');
    await createPodOn(bed, 'web', 'n1');
    lifecycle.start();
    for (let i = 0; i < 6; i++) {
      await bed.advance(10_000);
      await renewLease(bed, 'n1');
      await renewLease(bed, 'healthy');
    }
    expect(readyOf(await node('n1'))?.status).toBe('True');
    expect(taintsOf(await node('n1'))).toEqual([]);
    expect(bed.recorder.events).toContain('Normal RegisteredNode Node n1 event: Registered Node n1 in Controller');
    const silentSince = bed.kernel.now();
    for (let i = 0; i < 5; i++) {
      await bed.advance(10_000);
      await renewLease(bed, 'healthy');
    }
    const n = await node('n1');
    const ready = readyOf(n)!;
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const transitionMs = Date.parse(ready.lastTransitionTime!);
    expect(transitionMs - silentSince).toBeGreaterThan(40_000);
    // The renewal is noticed at the next 5 s monitor pass, and the grace runs out by the one after.
    expect(transitionMs - silentSince).toBeLessThanOrEqual(50_000);
    expect(n.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=Unknown', 'Ready=Unknown', 'DiskPressure=Unknown', 'PIDPressure=Unknown']);
    expect(n.status!.conditions!.find((c) => c.type === 'DiskPressure')).toMatchObject({ reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
    // The NoSchedule taint follows the status at once; the NoExecute one is queued by the next pass.
    await bed.advance(6_000);
    expect(taintsOf(await node('n1'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    const noExecute = (await node('n1')).spec!.taints!.find((t) => t.effect === 'NoExecute')!;
    expect(Date.parse(noExecute.timeAdded!) - transitionMs).toBe(5_000);
    expect(bed.recorder.events).toContain('Normal NodeNotReady Node n1 status is now: NodeNotReady');
    expect(podReady(await bed.admin.resource(PODS, 'default').get('web'))).toBe('False');
    expect(bed.recorder.events).toContain('Warning NodeNotReady Node is not ready');
    lifecycle.stop();
  });

  it('a kubelet reporting Ready=False gets not-ready taints; the controller leaves its pods to it', async () => {
    const { bed, lifecycle, node } = await setup();
    await createReadyNode(bed, 'n1');
    await createReadyNode(bed, 'healthy');
    await createPodOn(bed, 'web', 'n1');
    lifecycle.start();
    await bed.advance(1_000);
    const n = structuredClone(await node('n1'));
    readyOf(n)!.status = 'False';
    await bed.admin.resource(NODES).updateStatus(n);
    await bed.advance(1_000);
    expect(taintsOf(await node('n1'))).toEqual(['node.kubernetes.io/not-ready:NoSchedule']);
    await bed.advance(10_000);
    expect(taintsOf(await node('n1'))).toEqual(['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
    expect(podReady(await bed.admin.resource(PODS, 'default').get('web'))).toBe('True');
    expect(bed.recorder.events.filter((e) => e.includes('NodeNotReady'))).toEqual([]);
    // Ready again: every taint of ours goes.
    const back = structuredClone(await node('n1'));
    readyOf(back)!.status = 'True';
    await bed.admin.resource(NODES).updateStatus(back);
    await bed.advance(6_000);
    expect(taintsOf(await node('n1'))).toEqual([]);
    lifecycle.stop();
  });

  it('one monitor pass after the grace period: status, then pods; the next pass taints', async () => {
    const { bed, lifecycle } = await setup();
    await createReadyNode(bed, 'n1');
    await createReadyNode(bed, 'healthy');
    await createPodOn(bed, 'web', 'n1');
    for (const i of [lifecycle.nodes, lifecycle.leases, lifecycle.pods]) i.run();
    await bed.advance(10);
    await lifecycle.runMonitorPass();
    bed.kernel.runUntil(bed.kernel.now() + 41_000);
    await renewLease(bed, 'healthy');
    await bed.settle();
    bed.clearActions();
    await lifecycle.runMonitorPass();
    expect(bed.actions).toEqual(['PUT /api/v1/nodes/n1/status', 'PUT /api/v1/namespaces/default/pods/web/status']);
    await bed.settle();
    bed.clearActions();
    await lifecycle.runMonitorPass();
    expect(bed.actions).toEqual(['PATCH /api/v1/nodes/n1']);
  });

  it('a pod bound to a node that is not ready is marked not ready', async () => {
    const { bed, lifecycle } = await setup();
    await createReadyNode(bed, 'n1');
    await createReadyNode(bed, 'healthy');
    lifecycle.start();
    for (let i = 0; i < 6; i++) {
      await bed.advance(10_000);
      await renewLease(bed, 'healthy');
    }
    await createPodOn(bed, 'late', 'n1');
    await bed.advance(1_000);
    expect(podReady(await bed.admin.resource(PODS, 'default').get('late'))).toBe('False');
    lifecycle.stop();
  });
});

describe('disruption mode', () => {
  it('when every node is lost, no NoExecute taint is added (upstream master disruption mode)', async () => {
    const { bed, lifecycle, node } = await setup();
    await createReadyNode(bed, 'only');
    lifecycle.start();
    await bed.advance(60_000);
    const n = await node('only');
    expect(n.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('Unknown');
    expect(n.spec!.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    lifecycle.stop();
  });

  it('NoExecute taints come one node per 10 s in a zone', async () => {
    const { bed, lifecycle, node } = await setup();
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) await createReadyNode(bed, n);
    lifecycle.start();
    // a and b go silent; the rest keep renewing.
    const healthy = ['c', 'd', 'e', 'f', 'g'];
    const tainted = async () => {
      const out: string[] = [];
      for (const n of ['a', 'b']) if ((await node(n)).spec?.taints?.some((t) => t.effect === 'NoExecute')) out.push(n);
      return out;
    };
    let firstAt = 0;
    for (let t = 0; t < 120_000; t += 1_000) {
      await bed.advance(1_000);
      if (t % 5_000 === 0) for (const n of healthy) await renewLease(bed, n);
      const now = await tainted();
      if (now.length === 1 && !firstAt) firstAt = bed.kernel.now();
      if (now.length === 2) {
        expect(bed.kernel.now() - firstAt).toBeGreaterThanOrEqual(9_000);
        lifecycle.stop();
        return;
      }
    }
    throw new Error(`only ${String(await tainted())} tainted`);
  });
});

describe('TaintEvictionController', () => {
  it('evicts after tolerationSeconds (default 300 s) and not before; short tolerations go first', async () => {
    const { bed, lifecycle, eviction } = await setup();
    await createReadyNode(bed, 'n1');
    // A second node keeps answering (its status heartbeat stands in for a lease), so n1 alone is lost.
    await createReadyNode(bed, 'healthy');
    const keepAlive = async (ms: number) => {
      for (let t = 0; t < ms; t += 5_000) {
        await bed.advance(5_000);
        await renewLease(bed, 'healthy');
      }
    };
    await createPodOn(bed, 'patient', 'n1');
    await createPodOn(bed, 'hasty', 'n1', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }]);
    await createPodOn(bed, 'forever', 'n1', [{ operator: 'Exists' }]);
    lifecycle.start();
    eviction.start();
    await keepAlive(50_000);
    const pods = async () => (await bed.admin.resource(PODS, 'default').list()).items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();
    expect(await pods()).toEqual(['forever', 'hasty', 'patient']);
    await keepAlive(15_000);
    expect(await pods()).toEqual(['forever', 'patient']);
    expect(bed.recorder.events).toContain('Normal TaintManagerEviction Marking for deletion Pod default/hasty');
    // The unreachable taint came at 45 s (40 s grace, 5 s monitor period): 300 s later is 345 s.
    await keepAlive(270_000);
    expect(await pods()).toEqual(['forever', 'patient']);
    await keepAlive(20_000);
    expect(await pods()).toEqual(['forever']);
    const deleted = await bed.admin.resource(PODS, 'default').get('patient');
    expect((deleted.status as { conditions: { type: string; reason?: string }[] }).conditions.find((c) => c.type === 'DisruptionTarget')?.reason).toBe('DeletionByTaintManager');
    lifecycle.stop();
    eviction.stop();
  });
});

describe('TaintEvictionController, one sync at a time', () => {
  async function seeded(taints: { key: string; effect: string }[]) {
    const { bed, eviction } = await setup();
    await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints } });
    return { bed, eviction };
  }
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

  it('an untolerated NoExecute taint evicts at once: DisruptionTarget, then delete', async () => {
    const { bed, eviction } = await seeded([{ key: 'example.com/drain', effect: 'NoExecute' }]);
    await createPodOn(bed, 'p', 'n1');
    eviction.nodes.run();
    eviction.pods.run();
    await bed.advance(10);
    bed.clearActions();
    await eviction.sync('default/p');
    await bed.advance(10);
    expect(bed.actions).toEqual(['PATCH /api/v1/namespaces/default/pods/p/status', 'DELETE /api/v1/namespaces/default/pods/p']);
    expect(bed.recorder.events).toEqual(['Normal TaintManagerEviction Marking for deletion Pod default/p']);
  });

  it('a tolerated taint schedules the eviction; its removal cancels it with an Event', async () => {
    const { bed, eviction } = await seeded([unreachable]);
    await createPodOn(bed, 'p', 'n1', [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]);
    eviction.start();
    await bed.advance(1_000);
    const start = bed.kernel.now() - 1_000;
    expect(eviction.scheduledAt('default/p')! - start).toBeLessThanOrEqual(300_000);
    expect(eviction.scheduledAt('default/p')! - start).toBeGreaterThan(299_000);
    await bed.admin.resource(NODES).patch('n1', 'merge', { spec: { taints: null } });
    await bed.advance(1_000);
    expect(eviction.scheduledAt('default/p')).toBeUndefined();
    expect(bed.recorder.events).toEqual(['Normal TaintManagerEviction Cancelling deletion of Pod default/p']);
    await bed.advance(400_000);
    expect((await bed.admin.resource(PODS, 'default').get('p')).metadata.deletionTimestamp).toBeUndefined();
    eviction.stop();
  });
});
