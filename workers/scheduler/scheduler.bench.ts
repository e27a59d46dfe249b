/**
 * Scheduler figures for `npm run bench` (not a vitest test): scheduling cycles per second over
 * 5,000 nodes (upstream's scale) holding 50,000 pods, with and without per-node result records.
 * Wall-clock time is allowed here only: this file measures the machine, not the simulation.
 */
import { performance } from 'node:perf_hooks';
import { TestRng } from '../apiserver/testkit';
import { Client } from '../client/client';
import { FakeEventRecorder } from '../client/event-recorder';
import { FakeApiServer } from '../client/testing/fake-apiserver';
import { SchedulerCache } from './framework/cache';
import { newPodInfo } from './framework/pod-info';
import { Snapshot } from './framework/snapshot';
import { newDefaultFramework } from './profile';
import { ScheduleAlgorithm } from './schedule-one';
import { makeNode, makePod } from './testing/builders';

/** One bench figure. */
export interface SchedulerFigure {
  name: string;
  value: number;
  unit: string;
}

function setup(nodes: number, podsPerNode: number) {
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) {
    const name = `node-${i}`;
    cache.addNode(makeNode(name, { cpu: '64', memory: '256Gi', labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` } }));
    for (let j = 0; j < podsPerNode; j++) cache.addPod(makePod({ name: `${name}-p${j}`, cpu: '100m', memory: '128Mi', nodeName: name, labels: { app: `app-${j}` } }));
  }
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  const client = new Client(new FakeApiServer(() => 0), { username: 'bench', groups: [] });
  const fw = newDefaultFramework('default-scheduler', { client, recorder: new FakeEventRecorder(), clock: { now: () => 0 }, rng: new TestRng(1), snapshot: () => snapshot });
  return { cache, snapshot, fw };
}

// Scheduling cycles (snapshot update, filter, score, select, assume) per second; binding is not included.
function cyclesPerSecond(nodes: number, pods: number, record: boolean, spread: boolean): number {
  const { cache, snapshot, fw } = setup(nodes, 10);
  const alg = new ScheduleAlgorithm(new TestRng(2), 0, record);
  const constraint = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'bench' } } };
  const start = performance.now();
  for (let i = 0; i < pods; i++) {
    const pod = makePod({ name: `bench-${i}`, cpu: '250m', memory: '256Mi', labels: { app: 'bench' }, ...(spread ? { topologySpreadConstraints: [constraint] } : {}) });
    cache.updateSnapshot(snapshot);
    const r = alg.schedulePod(fw, snapshot, newPodInfo(pod));
    if (!r.result) throw new Error(`bench pod ${i} did not fit`);
    cache.assumePod(pod, r.result.suggestedHost);
  }
  return pods / ((performance.now() - start) / 1000);
}

/** The scheduler's figures. */
export async function benchScheduler(): Promise<SchedulerFigure[]> {
  return [
    { name: 'scheduler.cycles_per_s.5000_nodes', value: cyclesPerSecond(5000, 1000, false, false), unit: 'pods/s' },
    { name: 'scheduler.cycles_per_s.5000_nodes.recorded', value: cyclesPerSecond(5000, 500, true, false), unit: 'pods/s' },
    { name: 'scheduler.cycles_per_s.5000_nodes.topology_spread', value: cyclesPerSecond(5000, 200, false, true), unit: 'pods/s' },
  ];
}
