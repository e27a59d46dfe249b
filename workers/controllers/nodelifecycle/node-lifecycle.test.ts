import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { formatMicroTime } from '../../client/leader-election';
import { newControllerTestbed } from '../controller-testkit';
import { rfc3339 } from '../meta-time';
import type { Node } from './node-health';
import { NodeLifecycleController } from './node-lifecycle-controller';
import { TaintEvictionController } from './taint-eviction-controller';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

type Bed = Awaited<ReturnType<typeof newControllerTestbed>>;

async function createReadyNode(bed: Bed, name: string): Promise<void> {
  const node = await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  const now = rfc3339(bed.kernel.now());
  const withStatus = structuredClone(node);
  withStatus.status = {
    conditions: [
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
  };
  await bed.admin.resource(NODES).updateStatus(withStatus);
  await bed.admin.resource(LEASES, 'kube-node-lease').create({
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: formatMicroTime(bed.kernel.now()) },
  });
}

async function renewLease(bed: Bed, name: string): Promise<void> {
  await bed.admin.resource(LEASES, 'kube-node-lease').patch(name, 'merge', { spec: { renewTime: formatMicroTime(bed.kernel.now()) } });
}

async function createPodOn(bed: Bed, name: string, node: string, tolerations?: unknown[]): Promise<KubeObject> {
  const spec: Record<string, unknown> = { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] };
  if (tolerations) spec.tolerations = tolerations;
  const pod = await bed.admin.resource(PODS, 'default').create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
  const next = structuredClone(pod);
  next.status = { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'True' }] };
  return bed.admin.resource(PODS, 'default').updateStatus(next);
}

async function setup() {
  const bed = await newControllerTestbed();
  const lifecycle = new NodeLifecycleController(bed.ctx);
  const eviction = new TaintEvictionController(bed.ctx);
  const node = async (name: string) => bed.admin.resource<Node>(NODES).get(name);
  return { bed, lifecycle, eviction, node };
}

describe('NodeLifecycleController', () => {
  it('a renewing lease keeps the node Ready; silence past 40 s makes it Unknown and unreachable', async () => {
    const { bed, lifecycle, node } = await setup();
    await createReadyNode(bed, 'n1');
    await createReadyNode(bed, 'healthy');
    lifecycle.start();
    for (let i = 0; i < 6; i++) {
      await bed.advance(10_000);
      await renewLease(bed, 'n1');
      await renewLease(bed, 'healthy');
    }
    expect((await node('n1')).status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect((await node('n1')).spec?.taints ?? []).toEqual([]);
    const silentSince = bed.kernel.now();
    for (let i = 0; i < 5; i++) {
      await bed.advance(10_000);
      await renewLease(bed, 'healthy');
    }
    const n = await node('n1');
    const ready = n.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const transitionMs = Date.parse(ready.lastTransitionTime!);
    expect(transitionMs - silentSince).toBeGreaterThan(40_000);
    // The renewal is noticed at the next 5 s monitor pass, and the grace runs out by the one after.
    expect(transitionMs - silentSince).toBeLessThanOrEqual(50_000);
    expect(n.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=Unknown', 'Ready=Unknown', 'DiskPressure=Unknown', 'PIDPressure=Unknown']);
    expect(n.status!.conditions!.find((c) => c.type === 'DiskPressure')).toMatchObject({ reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
    expect(n.spec!.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(bed.recorder.events).toContain('Normal NodeNotReady Node n1 status is now: NodeNotReady');
    lifecycle.stop();
  });

  it('a node reporting Ready=False gets not-ready taints; its pods are marked not ready', async () => {
    const { bed, lifecycle, node } = await setup();
    await createReadyNode(bed, 'n1');
    await createReadyNode(bed, 'healthy');
    await createPodOn(bed, 'web', 'n1');
    lifecycle.start();
    await bed.advance(1_000);
    const n = structuredClone(await node('n1'));
    n.status!.conditions!.find((c) => c.type === 'Ready')!.status = 'False';
    await bed.admin.resource(NODES).updateStatus(n);
    await bed.advance(1_000);
    expect((await node('n1')).spec!.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
    const pod = await bed.admin.resource(PODS, 'default').get('web');
    expect((pod.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(bed.recorder.events).toContain('Warning NodeNotReady Node is not ready');
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
