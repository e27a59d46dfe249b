/** Builders and a harness for the Deployment controller's tests. */
import { Client } from '../../client/client';
import { FakeEventRecorder } from '../../client/event-recorder';
import { TestClock, TestRng, TestTimers } from '../../apiserver/testkit';
import { computeHash } from '../shared/template-hash';
import { at, frozen, RecordingTransport, T0_MS } from '../shared/testing';
import { DeploymentController } from './deployment-controller';
import type { DeploymentObject, ReplicaSetObject } from './util';

/** What makeDeployment varies. */
export interface DeploymentOptions {
  image?: string;
  strategy?: DeploymentObject['spec'] extends infer S ? (S extends { strategy?: infer T } ? T : never) : never;
  paused?: boolean;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  status?: DeploymentObject['status'];
  annotations?: Record<string, string>;
  /** The revision annotation and a Progressing condition, as mid-rollout. */
  revision?: number;
}

function template(image: string) {
  return { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image }] } };
}

/** A Deployment selecting app=web, RollingUpdate 25%/25% unless told. */
export function makeDeployment(replicas: number, o: DeploymentOptions = {}): DeploymentObject {
  const spec: NonNullable<DeploymentObject['spec']> = {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: template(o.image ?? 'nginx:1'),
    strategy: o.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    progressDeadlineSeconds: o.progressDeadlineSeconds ?? 600,
  };
  if (o.paused) spec.paused = true;
  if (o.revisionHistoryLimit !== undefined) spec.revisionHistoryLimit = o.revisionHistoryLimit;
  const metadata: DeploymentObject['metadata'] = { name: 'web', namespace: 'default', uid: 'uid-d', generation: 1, resourceVersion: '3' };
  if (o.annotations) metadata.annotations = o.annotations;
  const status = structuredClone(o.status ?? {});
  if (o.revision !== undefined) {
    metadata.annotations = { ...metadata.annotations, 'deployment.kubernetes.io/revision': String(o.revision) };
    const progressing = { type: 'Progressing', status: 'True', lastUpdateTime: at(3590), lastTransitionTime: at(0), reason: 'ReplicaSetUpdated', message: 'p' };
    if (!status.conditions?.some((c) => c.type === 'Progressing')) status.conditions = [...(status.conditions ?? []), progressing];
  }
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec, status };
}

/** What makeRS varies. */
export interface ReplicaSetOptions {
  image?: string;
  available?: number;
  revision?: number;
  createdAt?: number;
  desired?: number;
  max?: number;
}

/** The ReplicaSet the Deployment made for `image`, at `replicas` (all of them running, `available` available). */
export function makeRS(d: DeploymentObject, replicas: number, o: ReplicaSetOptions = {}): ReplicaSetObject {
  const t = template(o.image ?? 'nginx:1');
  const hash = computeHash(t);
  const labels = { app: 'web', 'pod-template-hash': hash };
  const annotations: Record<string, string> = { 'deployment.kubernetes.io/revision': String(o.revision ?? 1) };
  if (o.desired !== undefined) annotations['deployment.kubernetes.io/desired-replicas'] = String(o.desired);
  if (o.max !== undefined) annotations['deployment.kubernetes.io/max-replicas'] = String(o.max);
  const available = o.available ?? replicas;
  const status: NonNullable<ReplicaSetObject['status']> = { replicas, observedGeneration: 1 };
  if (available) Object.assign(status, { readyReplicas: available, availableReplicas: available });
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      namespace: 'default',
      uid: `uid-rs-${hash}`,
      generation: 1,
      resourceVersion: '9',
      creationTimestamp: at(o.createdAt ?? 0),
      labels,
      annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas, selector: { matchLabels: labels }, template: { ...t, metadata: { labels } } },
    status,
  };
}

/** A controller over a recording transport with frozen cache contents. */
export function harness(d: DeploymentObject, rss: ReplicaSetObject[]) {
  const transport = new RecordingTransport();
  const clock = new TestClock(T0_MS + 3600_000);
  const recorder = new FakeEventRecorder();
  const client = new Client(transport, { username: 'system:serviceaccount:kube-system:deployment-controller', groups: [] });
  const ctrl = new DeploymentController({ client, clock, timers: new TestTimers(clock), rng: new TestRng(1), recorder });
  ctrl.deployments.indexer.upsert(frozen(structuredClone(d)));
  transport.objects.set(`deployments/${d.metadata.name}`, d);
  for (const rs of rss) ctrl.replicaSets.indexer.upsert(frozen(structuredClone(rs)));
  return { transport, clock, recorder, ctrl };
}

/** The hash of the test template with `image`. */
export function hashOf(image: string): string {
  return computeHash(template(image));
}
