/**
 * The ReplicaSet and Deployment controllers against the real apiserver, in virtual time. There is no
 * kubelet: the test marks pods Running and Ready itself, one round after they appear.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newTestServer, TEST_EPOCH_MS, TestRng } from '../../apiserver/testkit';
import { Client } from '../../client/client';
import { ClientEventRecorder, rfc3339Seconds, type CoreEvent } from '../../client/event-recorder';
import { advance } from '../../client/testing/drive';
import { FakeHostTimer } from '../../sim/fake-host-timer';
import { Kernel } from '../../sim/kernel';
import { ReplicaSetController } from '../replicaset/replicaset-controller';
import { DeploymentController } from './deployment-controller';
import { DEPLOYMENTS, REPLICASETS } from './sync-context';
import type { DeploymentObject, ReplicaSetObject } from './util';

const ADMIN = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const PODS = { group: '', version: 'v1', resource: 'pods' };
type PodObject = Pod & KubeObject;

async function cluster() {
  const kernel = new Kernel({ epochMs: TEST_EPOCH_MS, host: new FakeHostTimer() });
  const { server } = await newTestServer({ clock: kernel, timers: kernel });
  const client = new Client(server, ADMIN);
  const component = (name: string) => ({ client, clock: kernel, timers: kernel, rng: new TestRng(7), recorder: new ClientEventRecorder({ client, clock: kernel, component: name }) });
  const rsc = new ReplicaSetController(component('replicaset-controller'));
  const dc = new DeploymentController(component('deployment-controller'));
  rsc.start();
  dc.start();
  const pods = client.resource<PodObject>(PODS, 'default');
  const deployments = client.resource<DeploymentObject>(DEPLOYMENTS, 'default');
  const replicaSets = client.resource<ReplicaSetObject>(REPLICASETS, 'default');

  /** What a kubelet would do: run and ready new pods, finish deleting terminating ones. */
  async function kubelet(): Promise<void> {
    for (const p of (await pods.list()).items) {
      if (p.metadata.deletionTimestamp) {
        await pods.delete(p.metadata.name!, { gracePeriodSeconds: 0 }).catch(() => undefined);
        continue;
      }
      if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      const now = rfc3339Seconds(kernel.now());
      const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }], startTime: now };
      await pods.updateStatus({ ...p, status }).catch(() => undefined);
    }
  }
  const readyPods = async () =>
    (await pods.list()).items.filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  /** Rounds of: let the controllers work for a second, then the kubelet; returns the fewest ready pods seen. */
  async function rounds(n: number): Promise<number> {
    let fewest = Infinity;
    for (let i = 0; i < n; i++) {
      await advance(kernel, 1000);
      fewest = Math.min(fewest, (await readyPods()).length);
      await kubelet();
    }
    await advance(kernel, 1000);
    return fewest;
  }
  return { kernel, client, rsc, dc, pods, deployments, replicaSets, rounds, readyPods };
}

function deployment(replicas: number, image: string): DeploymentObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

describe('Deployment scenario against the real apiserver', () => {
  it('creates, rolls with maxUnavailable 0, scales, and replaces deleted pods', async () => {
    const c = await cluster();
    await advance(c.kernel, 100);
    await c.deployments.create(deployment(3, 'nginx:1.25'));
    await c.rounds(4);

    const [rs1] = (await c.replicaSets.list()).items;
    expect(rs1.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs1.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    let pods = (await c.pods.list()).items;
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name!.startsWith(`${rs1.metadata.name}-`)).toBe(true);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs1.metadata.name, uid: rs1.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    let d = await c.deployments.get('web');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);

    // An image change rolls one pod at a time without ever dropping below 3 ready.
    d = structuredClone(await c.deployments.get('web'));
    d.spec!.template.spec!.containers[0].image = 'nginx:1.26';
    await c.deployments.update(d);
    const fewest = await c.rounds(12);
    expect(fewest).toBeGreaterThanOrEqual(3);
    const rss = (await c.replicaSets.list()).items;
    expect(rss).toHaveLength(2);
    const rs2 = rss.find((r) => r.metadata.uid !== rs1.metadata.uid)!;
    expect(rs2.spec?.replicas).toBe(3);
    expect(rss.find((r) => r.metadata.uid === rs1.metadata.uid)!.spec?.replicas).toBe(0);
    pods = (await c.pods.list()).items;
    expect(pods.map((p) => p.spec?.containers[0].image)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    d = structuredClone(await c.deployments.get('web'));
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });

    // Scaling goes to the new ReplicaSet.
    d.spec!.replicas = 5;
    await c.deployments.update(d);
    await c.rounds(3);
    expect((await c.readyPods()).length).toBe(5);

    // A deleted pod is replaced.
    const victim = (await c.pods.list()).items[0].metadata.name!;
    await c.pods.delete(victim);
    await c.rounds(3);
    const names = (await c.pods.list()).items.map((p) => p.metadata.name);
    expect(names).toHaveLength(5);
    expect(names).not.toContain(victim);

    const events = (await c.client.resource<CoreEvent>({ group: '', version: 'v1', resource: 'events' }, 'default').list()).items;
    const messages = events.map((e) => `${e.source.component}: ${e.message}`);
    const [a, b] = [rs1.metadata.name, rs2.metadata.name];
    // maxSurge 1, maxUnavailable 0: one up, then one down once the new pod is available.
    expect(messages.filter((m) => m.startsWith('deployment-controller'))).toEqual([
      `deployment-controller: Scaled up replica set ${a} from 0 to 3`,
      `deployment-controller: Scaled up replica set ${b} from 0 to 1`,
      `deployment-controller: Scaled down replica set ${a} from 3 to 2`,
      `deployment-controller: Scaled up replica set ${b} from 1 to 2`,
      `deployment-controller: Scaled down replica set ${a} from 2 to 1`,
      `deployment-controller: Scaled up replica set ${b} from 2 to 3`,
      `deployment-controller: Scaled down replica set ${a} from 1 to 0`,
      `deployment-controller: Scaled up replica set ${b} from 3 to 5`,
    ]);
    expect(messages.filter((m) => m.startsWith(`replicaset-controller: Created pod: ${b}-`))).toHaveLength(6);
    expect(messages.filter((m) => m.startsWith(`replicaset-controller: Deleted pod: ${a}-`))).toHaveLength(3);
    expect([...c.dc.errors, ...c.rsc.errors]).toEqual([]);
    c.rsc.stop();
    c.dc.stop();
  });

  it('Recreate never runs old and new pods together; undoing to the first template reuses its ReplicaSet', async () => {
    const c = await cluster();
    await advance(c.kernel, 100);
    const d0 = deployment(2, 'nginx:1.25');
    d0.spec!.strategy = { type: 'Recreate' };
    await c.deployments.create(d0);
    await c.rounds(4);
    const [first] = (await c.replicaSets.list()).items;

    const images = async () => new Set((await c.pods.list()).items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec?.containers[0].image));
    let d = structuredClone(await c.deployments.get('web'));
    d.spec!.template.spec!.containers[0].image = 'nginx:1.26';
    await c.deployments.update(d);
    for (let i = 0; i < 8; i++) {
      await c.rounds(1);
      expect((await images()).size).toBeLessThanOrEqual(1);
    }
    expect(await images()).toEqual(new Set(['nginx:1.26']));

    // `kubectl rollout undo` puts the old template back.
    d = structuredClone(await c.deployments.get('web'));
    d.spec!.template.spec!.containers[0].image = 'nginx:1.25';
    await c.deployments.update(d);
    await c.rounds(8);
    const rss = (await c.replicaSets.list()).items;
    expect(rss).toHaveLength(2);
    const reused = rss.find((r) => r.metadata.uid === first.metadata.uid)!;
    expect(reused.spec?.replicas).toBe(2);
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect((await c.deployments.get('web')).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(await images()).toEqual(new Set(['nginx:1.25']));
    expect([...c.dc.errors, ...c.rsc.errors]).toEqual([]);
    c.rsc.stop();
    c.dc.stop();
  });

  it('pausing holds a template change back until resumed', async () => {
    const c = await cluster();
    await advance(c.kernel, 100);
    await c.deployments.create(deployment(2, 'nginx:1.25'));
    await c.rounds(4);
    let d = structuredClone(await c.deployments.get('web'));
    d.spec!.paused = true;
    d.spec!.template.spec!.containers[0].image = 'nginx:1.26';
    await c.deployments.update(d);
    await c.rounds(4);
    expect((await c.replicaSets.list()).items).toHaveLength(1);
    d = structuredClone(await c.deployments.get('web'));
    expect(d.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    d.spec!.paused = false;
    await c.deployments.update(d);
    await c.rounds(8);
    expect((await c.replicaSets.list()).items).toHaveLength(2);
    expect((await c.pods.list()).items.map((p) => p.spec?.containers[0].image)).toEqual(['nginx:1.26', 'nginx:1.26']);
    c.rsc.stop();
    c.dc.stop();
  });

  it('kubectl rollout undo (a JSON patch of the template and annotations from the old ReplicaSet) reuses it', async () => {
    const c = await cluster();
    await advance(c.kernel, 100);
    await c.deployments.create(deployment(2, 'nginx:1.25'));
    await c.rounds(4);
    const [first] = (await c.replicaSets.list()).items;
    await c.deployments.patch('web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } });
    await c.rounds(8);
    // What kubectl 1.32's DeploymentRollbacker sends: the revision's template without its hash label,
    // serialized from Go structs, so with `creationTimestamp: null` in its metadata.
    const old = await c.replicaSets.get(first.metadata.name!);
    const template = structuredClone(old.spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    (template.metadata as Record<string, unknown>).creationTimestamp = null;
    const annotations = { 'deployment.kubernetes.io/revision': '2' };
    await c.deployments.patch('web', 'json', [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]);
    await c.rounds(8);
    const rss = (await c.replicaSets.list()).items;
    expect(rss).toHaveLength(2);
    expect(rss.find((r) => r.metadata.uid === first.metadata.uid)!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect((await c.pods.list()).items.map((p) => p.spec?.containers[0].image)).toEqual(['nginx:1.25', 'nginx:1.25']);
    const d = await c.deployments.get('web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    expect([...c.dc.errors, ...c.rsc.errors]).toEqual([]);
    c.rsc.stop();
    c.dc.stop();
  });

  it('a restarted controller-manager waits for its caches and creates no extra pods', async () => {
    const c = await cluster();
    await advance(c.kernel, 100);
    await c.deployments.create(deployment(3, 'nginx:1.25'));
    await c.rounds(4);
    c.rsc.stop();
    c.dc.stop();
    const component = (name: string) => ({ client: c.client, clock: c.kernel, timers: c.kernel, rng: new TestRng(9), recorder: new ClientEventRecorder({ client: c.client, clock: c.kernel, component: name }) });
    const rsc = new ReplicaSetController(component('replicaset-controller'));
    const dc = new DeploymentController(component('deployment-controller'));
    rsc.start();
    dc.start();
    await c.rounds(3);
    expect((await c.pods.list()).items).toHaveLength(3);
    expect((await c.replicaSets.list()).items).toHaveLength(1);
    rsc.stop();
    dc.stop();
  });
});
