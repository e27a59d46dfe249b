/** Builders and a harness for the DaemonSet controller's tests: frozen cache objects over a recording transport. */
import type { KubeObject } from '../../api/types';
import { Client } from '../../client/client';
import { FakeEventRecorder } from '../../client/event-recorder';
import { TestClock, TestRng, TestTimers } from '../../apiserver/testkit';
import { computeHash } from '../shared/template-hash';
import { at, frozen, RecordingTransport, T0_MS } from '../shared/testing';
import { newRevision, type ControllerRevision } from './controller-revisions';
import type { DaemonSet, Node, Pod } from './daemon-pods';
import { DaemonSetController } from './daemonset-controller';

/** kube-system/agent selecting app=agent, RollingUpdate maxUnavailable 1 unless told. */
export function makeDS(image = 'agent:1', o: { strategy?: unknown; historyLimit?: number; status?: Record<string, unknown>; selector?: unknown } = {}): DaemonSet {
  const spec: Record<string, unknown> = {
    selector: o.selector ?? { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image }] } },
    updateStrategy: o.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    revisionHistoryLimit: o.historyLimit ?? 10,
  };
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'uid-ds', generation: 1, resourceVersion: '4' },
    spec: spec as DaemonSet['spec'],
    status: o.status ?? { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  };
}

/** The hash of the test template with `image`. */
export const hashOf = (image: string) => computeHash(makeDS(image).spec.template);
/** A node, optionally tainted. */
export const node = (name: string, taints?: unknown[]): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, resourceVersion: '1' }, spec: taints ? { taints } as Node['spec'] : {} });

/** The ControllerRevision of the template with `image`. */
export function revision(image: string, rev: number): ControllerRevision {
  const r = newRevision(makeDS(image), hashOf(image), rev);
  r.metadata.uid = `uid-rev-${rev}`;
  r.metadata.resourceVersion = '2';
  return r;
}

/** A daemon pod of `image` on `nodeName`; `ready` makes it Ready since T0; `owned` false makes it an orphan. */
export function pod(name: string, nodeName: string, image = 'agent:1', o: { ready?: boolean; phase?: string; owned?: boolean; createdAt?: number } = {}): Pod {
  const p: Pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'kube-system', uid: `uid-${name}`, resourceVersion: '3', creationTimestamp: at(o.createdAt ?? 0),
      labels: { app: 'agent', 'controller-revision-hash': hashOf(image) },
    },
    spec: { nodeName },
    status: { phase: o.phase ?? 'Running', conditions: o.ready === false ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: at(0) }] },
  };
  if (o.owned !== false) p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-ds', controller: true, blockOwnerDeletion: true }];
  return p;
}

/** A controller whose caches hold frozen copies of the given objects. */
export function harness(ds: DaemonSet, nodes: Node[], pods: Pod[], revisions: ControllerRevision[]) {
  const transport = new RecordingTransport();
  const clock = new TestClock(T0_MS + 3600_000);
  const recorder = new FakeEventRecorder();
  const client = new Client(transport, { username: 'system:serviceaccount:kube-system:daemon-set-controller', groups: [] });
  const timers = new TestTimers(clock);
  const ctrl = new DaemonSetController({ client, clock, timers, rng: new TestRng(1), recorder });
  const seed = <T extends KubeObject>(inf: { indexer: { upsert(o: T): unknown } }, o: T) => inf.indexer.upsert(frozen(structuredClone(o)));
  seed(ctrl.daemonSets, ds);
  transport.objects.set('daemonsets/agent', ds);
  for (const n of nodes) seed(ctrl.nodes, n);
  for (const p of pods) seed(ctrl.pods, p);
  for (const r of revisions) seed(ctrl.revisions, r);
  return { ctrl, transport, recorder, clock, timers };
}
