/** The ReplicaSet controller against the real apiserver: adoption, release and replacement. */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newTestServer, TEST_EPOCH_MS, TestRng } from '../../apiserver/testkit';
import { Client } from '../../client/client';
import { ClientEventRecorder } from '../../client/event-recorder';
import { advance } from '../../client/testing/drive';
import { FakeHostTimer } from '../../sim/fake-host-timer';
import { Kernel } from '../../sim/kernel';
import { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND, type ReplicaKind, type ReplicaOwner } from './replica-kind';
import { ReplicaSetController } from './replicaset-controller';

const ADMIN = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const PODS = { group: '', version: 'v1', resource: 'pods' };
type PodObject = Pod & KubeObject;

async function cluster(kind: ReplicaKind) {
  const kernel = new Kernel({ epochMs: TEST_EPOCH_MS, host: new FakeHostTimer() });
  const { server } = await newTestServer({ clock: kernel, timers: kernel });
  const client = new Client(server, ADMIN);
  const recorder = new ClientEventRecorder({ client, clock: kernel, component: kind.component });
  return { kernel, client, recorder, pods: client.resource<PodObject>(PODS, 'default') };
}

function orphan(name: string, labels: Record<string, string>): PodObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
}

describe('ReplicaSetController against the real apiserver', () => {
  it.each([['ReplicaSet'], ['ReplicationController']])('%s: adopts a matching orphan, releases a relabelled pod, replaces it', async (kindName) => {
    const kind = kindName === 'ReplicaSet' ? REPLICA_SET_KIND : REPLICATION_CONTROLLER_KIND;
    const c = await cluster(kind);
    const ctrl = new ReplicaSetController({ client: c.client, clock: c.kernel, timers: c.kernel, rng: new TestRng(3), recorder: c.recorder }, { kind });
    ctrl.start();
    await c.pods.create(orphan('stray', { app: 'web' }));
    const selector = kindName === 'ReplicaSet' ? { matchLabels: { app: 'web' } } : { app: 'web' };
    const owner: ReplicaOwner = {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    };
    const created = await c.client.resource<ReplicaOwner>(kind.gvr, 'default').create(owner);
    await advance(c.kernel, 2000);

    let pods = (await c.pods.list()).items;
    expect(pods).toHaveLength(2);
    const stray = pods.find((p) => p.metadata.name === 'stray')!;
    expect(stray.metadata.ownerReferences).toEqual([{ apiVersion: kind.apiVersion, kind: kind.kind, name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);

    // Relabel the adopted pod: it is released and replaced.
    await c.pods.patch('stray', 'merge', { metadata: { labels: { app: 'debug' } } });
    await advance(c.kernel, 2000);
    pods = (await c.pods.list()).items;
    expect(pods).toHaveLength(3);
    expect(pods.find((p) => p.metadata.name === 'stray')!.metadata.ownerReferences ?? []).toEqual([]);
    const status = (await c.client.resource<ReplicaOwner>(kind.gvr, 'default').get('web')).status;
    expect(status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 });
    await c.recorder.flush();
    expect(ctrl.errors).toEqual([]);
    ctrl.stop();
  });
});
