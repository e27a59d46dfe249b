/**
 * Scheduler figures for `npm run bench` (not a vitest test). The headline is issue 3's: the real
 * Scheduler component against a real ApiServer over a Store, 5,000 nodes and 10,000 pending pods,
 * every binding written to the store, virtual time run as fast as the host allows; reported as pods
 * bound per wall second. The cycle-only figures isolate the algorithm (no API, no binding).
 * Wall-clock time is allowed here only: this file measures the machine, not the simulation.
 */
import { performance } from 'node:perf_hooks';
import { ApiServer } from '../apiserver/apiserver';
import { TestClock, TestRng, TestTimers } from '../apiserver/testkit';
import { Store } from '../store/store';
import { Client } from '../client/client';
import { ClientEventRecorder, FakeEventRecorder } from '../client/event-recorder';
import { FakeApiServer } from '../client/testing/fake-apiserver';
import { SchedulerCache } from './framework/cache';
import { newPodInfo } from './framework/pod-info';
import { Snapshot } from './framework/snapshot';
import type { Node, Pod } from './framework/types';
import { newDefaultFramework } from './profile';
import { ScheduleAlgorithm } from './schedule-one';
import { Scheduler } from './scheduler';
import { makeNode, makePod } from './testing/builders';
import { labelSelectorFromObject } from '../api/selectors';

/** One bench figure. */
export interface SchedulerFigure {
  name: string;
  value: number;
  unit: string;
}

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const ZONES = 3;

const settle = () => new Promise<void>((r) => setImmediate(r));

function apiObject<T extends Pod | Node>(o: T): T {
  const { uid: _uid, ...metadata } = o.metadata;
  return { ...o, metadata, ...(o.kind === 'Pod' ? { status: undefined } : {}) };
}

/** A bootstrapped apiserver holding `nodes` Ready nodes and `pods` pending pods. */
async function seededCluster(nodes: number, pods: number) {
  // An apiserver over an in-memory store as the cluster worker builds it (no per-request trace array).
  const store = new Store();
  const clock = new TestClock();
  const timers = new TestTimers(clock);
  const server = new ApiServer({ store, clock, timers, rng: new TestRng(42) });
  server.bootstrap();
  const t = { store, clock, timers, server };
  const admin = new Client(t.server, { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
  const nodeClient = admin.resource<Node>(NODES);
  for (let i = 0; i < nodes; i++) {
    const node = makeNode(`node-${i}`, { cpu: '32', memory: '128Gi', labels: { 'topology.kubernetes.io/zone': `zone-${i % ZONES}` } });
    const created = await nodeClient.create(apiObject(node));
    // Admission taints a new node not-ready; the node lifecycle controller would lift it.
    await nodeClient.update({ ...created, spec: { ...created.spec, taints: [] } });
  }
  const podClient = admin.resource<Pod>(PODS, 'default');
  for (let i = 0; i < pods; i++) {
    await podClient.create(apiObject(makePod({ name: `pending-${i}`, cpu: '100m', memory: '128Mi', labels: { app: `app-${i % 100}` } })));
  }
  return t;
}

/**
 * The real component end to end: informers list and watch through the apiserver, the queue pops,
 * cycles filter and score, DefaultBinder POSTs pods/binding, the store commits. Timers run as soon
 * as they are due (virtual time at max speed); promise chains settle between timer batches.
 */
export async function boundPodsPerSecond(nodes: number, pods: number, recordResults: boolean): Promise<number> {
  return (await boundPodsRates(nodes, pods, recordResults)).perWallSecond;
}

/**
 * The end-to-end run, as pods bound per wall second and per CPU second of this process (user +
 * system, GC threads included): on a shared host the second moves far less with other load.
 */
export async function boundPodsRates(nodes: number, pods: number, recordResults: boolean): Promise<{ perWallSecond: number; perCpuSecond: number }> {
  const t = await seededCluster(nodes, pods);
  let bound = 0;
  t.store.watch('/registry/pods/', t.store.revision, (e) => {
    if (e.type === 'MODIFIED' && e.prevObject && !(e.prevObject as Pod).spec.nodeName && (e.object as Pod).spec.nodeName) bound++;
  });
  const client = new Client(t.server, { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
  const recorder = new ClientEventRecorder({ client, clock: t.clock, component: 'default-scheduler' });
  const scheduler = new Scheduler({ client, clock: t.clock, timers: t.timers, rng: new TestRng(7), recorder }, { recordResults });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  scheduler.start();
  const deadline = start + 600_000;
  let stalled = 0;
  while (bound < pods && performance.now() < deadline) {
    const before = bound;
    await settle();
    t.timers.advance(bound === before ? 1 : 0);
    stalled = bound === before ? stalled + 1 : 0;
    if (stalled > 200_000) break;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  scheduler.stop();
  await scheduler.idle();
  if (bound < pods) throw new Error(`bench: only ${bound}/${pods} pods bound`);
  return { perWallSecond: pods / seconds, perCpuSecond: pods / ((cpu.user + cpu.system) / 1e6) };
}

// System-default spreading as a ReplicaSet's pods get it: the selector is the pod's app label.
const appSelector = (pod: Pod) => (pod.metadata.labels?.app ? labelSelectorFromObject({ matchLabels: { app: pod.metadata.labels.app } }) : undefined);

function setup(nodes: number, podsPerNode: number, defaultSelector?: typeof appSelector, zones = true) {
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) {
    const name = `node-${i}`;
    cache.addNode(makeNode(name, { cpu: '64', memory: '256Gi', labels: zones ? { 'topology.kubernetes.io/zone': `zone-${i % ZONES}` } : {} }));
    for (let j = 0; j < podsPerNode; j++) cache.addPod(makePod({ name: `${name}-p${j}`, cpu: '100m', memory: '128Mi', nodeName: name, labels: { app: `app-${j}` } }));
  }
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  const client = new Client(new FakeApiServer(() => 0), { username: 'bench', groups: [] });
  const fw = newDefaultFramework('default-scheduler', { client, recorder: new FakeEventRecorder(), clock: { now: () => 0 }, rng: new TestRng(1), snapshot: () => snapshot }, defaultSelector);
  return { cache, snapshot, fw };
}

/**
 * What the bench's pods ask of spreading: nothing, a zone constraint of their own, or upstream's
 * system defaults (over zoned nodes, or over nodes without zone labels, as kubesim's default layout).
 */
export type SpreadMode = 'none' | 'constraint' | 'system_default' | 'system_default_no_zones';

// Scheduling cycles (snapshot update, filter, score, select, assume) per second; binding is not included.
// With system defaults, 30 pods per node exist (150,000 pods on 5,000 nodes) and the pods of 1,500
// apps arrive interleaved, as many ReplicaSets' slow-start batches reach the queue together.
export function cyclesPerSecond(nodes: number, pods: number, record: boolean, spread: SpreadMode): number {
  const systemDefault = spread === 'system_default' || spread === 'system_default_no_zones';
  const { cache, snapshot, fw } = setup(nodes, systemDefault ? 30 : 10, systemDefault ? appSelector : undefined, spread !== 'system_default_no_zones');
  const alg = new ScheduleAlgorithm(new TestRng(2), 0, record);
  const constraint = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'bench' } } };
  const start = performance.now();
  for (let i = 0; i < pods; i++) {
    const app = systemDefault ? `app-${i % 1500}` : 'bench';
    const pod = makePod({ name: `bench-${i}`, cpu: '250m', memory: '256Mi', labels: { app }, ...(spread === 'constraint' ? { topologySpreadConstraints: [constraint] } : {}) });
    cache.updateSnapshot(snapshot);
    const r = alg.schedulePod(fw, snapshot, newPodInfo(pod));
    if (!r.result) throw new Error(`bench pod ${i} did not fit`);
    cache.assumePod(pod, r.result.suggestedHost);
  }
  return pods / ((performance.now() - start) / 1000);
}

/** The scheduler's figures. */
export async function benchScheduler(): Promise<SchedulerFigure[]> {
  const bound = await boundPodsRates(5000, 10_000, true);
  return [
    { name: 'scheduler.bound_pods_per_s.5000_nodes_10000_pods', value: bound.perWallSecond, unit: 'pods/s' },
    { name: 'scheduler.bound_pods_per_cpu_s.5000_nodes_10000_pods', value: bound.perCpuSecond, unit: 'pods/cpu-s' },
    { name: 'scheduler.cycles_per_s.5000_nodes', value: cyclesPerSecond(5000, 1000, false, 'none'), unit: 'pods/s' },
    { name: 'scheduler.cycles_per_s.5000_nodes.recorded', value: cyclesPerSecond(5000, 500, true, 'none'), unit: 'pods/s' },
    { name: 'scheduler.cycles_per_s.5000_nodes.topology_spread', value: cyclesPerSecond(5000, 1000, false, 'constraint'), unit: 'pods/s' },
    { name: 'scheduler.cycles_per_s.5000_nodes_150000_pods.system_default_spread', value: cyclesPerSecond(5000, 500, false, 'system_default'), unit: 'pods/s' },
    { name: 'scheduler.cycles_per_s.5000_nodes_150000_pods.system_default_spread.no_zones', value: cyclesPerSecond(5000, 1000, false, 'system_default_no_zones'), unit: 'pods/s' },
  ];
}
