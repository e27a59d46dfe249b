/** Builders and a harness for the replica controller's tests. */
import type { KubeObject } from '../../api/types';
import { Client } from '../../client/client';
import { FakeEventRecorder } from '../../client/event-recorder';
import { TestClock, TestRng, TestTimers } from '../../apiserver/testkit';
import { frozen, RecordingTransport, T0_MS } from '../shared/testing';
import { ReplicaSetController, type ReplicaSetControllerOptions } from './replicaset-controller';
import type { ReplicaOwner } from './replica-kind';

/** A ReplicaSet selecting app=web. */
export function makeReplicaSet(name: string, replicas: number, extra: { minReadySeconds?: number; status?: object; uid?: string; generation?: number } = {}): ReplicaOwner {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: extra.uid ?? `uid-${name}`, resourceVersion: '5', generation: extra.generation ?? 1 },
    spec: {
      replicas,
      minReadySeconds: extra.minReadySeconds,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
    },
    status: extra.status ?? { replicas: 0 },
  };
}

/** A controller over a recording transport, caches seeded with frozen objects. */
export function harness(owners: ReplicaOwner[], pods: KubeObject[], opts: ReplicaSetControllerOptions = {}) {
  const transport = new RecordingTransport();
  const clock = new TestClock(T0_MS + 3600_000);
  const recorder = new FakeEventRecorder();
  const client = new Client(transport, { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: [] });
  const timers = new TestTimers(clock);
  const ctrl = new ReplicaSetController({ client, clock, timers, rng: new TestRng(1), recorder }, opts);
  for (const o of owners) {
    ctrl.owners.indexer.upsert(frozen(structuredClone(o)));
    transport.objects.set(`${ctrl.kind.gvr.resource}/${o.metadata.name}`, o);
  }
  for (const p of pods) ctrl.pods.indexer.upsert(frozen(structuredClone(p)) as never);
  return { transport, clock, timers, recorder, ctrl };
}
