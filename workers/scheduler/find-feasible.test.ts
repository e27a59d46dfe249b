import { describe, expect, it } from 'vitest';
import { TestRng } from '../apiserver/testkit';
import { Client } from '../client/client';
import { FakeEventRecorder } from '../client/event-recorder';
import { FakeApiServer } from '../client/testing/fake-apiserver';
import { SchedulerCache } from './framework/cache';
import { newPodInfo } from './framework/pod-info';
import { Snapshot } from './framework/snapshot';
import type { Node, Pod } from './framework/types';
import { newDefaultFramework } from './profile';
import { Nominator } from './queue/nominator';
import { expandAttempt } from './results';
import { ScheduleAlgorithm } from './schedule-one';
import { makeNode, makePod } from './testing/builders';

const ZONE = 'topology.kubernetes.io/zone';

// 400 nodes of every kind the filters tell apart: cordoned, tainted, small, unlabelled, full.
function nodeAt(i: number): Node {
  const kind = i % 7;
  return makeNode(`n${String(i).padStart(4, '0')}`, {
    cpu: kind === 3 ? '1' : '8',
    pods: kind === 6 ? 1 : 110,
    unschedulable: kind === 1,
    taints: kind === 2 ? [{ key: 'k', effect: 'NoSchedule' }] : kind === 5 ? [{ key: 'soft', effect: 'PreferNoSchedule' }] : undefined,
    labels: kind === 4 ? {} : { [ZONE]: `zone-${i % 3}` },
  });
}

function podAt(i: number): Pod {
  const spread = { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'a' } } };
  return makePod({
    name: `p${i}`,
    cpu: ['100m', '900m', '2'][i % 3],
    labels: { app: i % 2 === 0 ? 'a' : 'b' },
    ...(i % 4 === 0 ? { topologySpreadConstraints: [spread] } : {}),
    ...(i % 5 === 0 ? { tolerations: [{ key: 'k', operator: 'Exists' }] } : {}),
    ...(i % 11 === 0 ? { nodeName: 'n0010' } : {}),
  });
}

// Schedules the same pods on a fresh cluster; the nominator (with a pod nominated to a node that does
// not exist) makes the search take the one-node-at-a-time path instead of the batched shortcuts.
function run(oneByOne: boolean): string[] {
  const cache = new SchedulerCache();
  for (let i = 0; i < 400; i++) cache.addNode(nodeAt(i));
  for (let i = 0; i < 400; i += 6) cache.addPod(makePod({ name: `full-${i}`, nodeName: nodeAt(i).metadata.name, labels: { app: 'a' } }));
  const snapshot = new Snapshot();
  const client = new Client(new FakeApiServer(() => 0), { username: 'x', groups: [] });
  const fw = newDefaultFramework('default-scheduler', { client, recorder: new FakeEventRecorder(), clock: { now: () => 0 }, rng: new TestRng(1), snapshot: () => snapshot });
  const alg = new ScheduleAlgorithm(new TestRng(9));
  if (oneByOne) {
    const nominator = new Nominator();
    nominator.add(makePod({ name: 'elsewhere' }), 'no-such-node');
    alg.nominator = nominator;
  }
  const out: string[] = [];
  for (let i = 0; i < 120; i++) {
    cache.updateSnapshot(snapshot);
    const pod = podAt(i);
    const a = alg.schedulePod(fw, snapshot, newPodInfo(pod));
    out.push(JSON.stringify({ host: a.result?.suggestedHost, error: a.fitError?.message, record: expandAttempt(a.record!) }));
    if (a.result) cache.assumePod(pod, a.result.suggestedHost);
  }
  return out;
}

describe('the batched feasibility search', () => {
  it('visits, rejects, scores and picks exactly as the one-node-at-a-time search', () => {
    const batched = run(false);
    const oneByOne = run(true);
    expect(batched.filter((x) => x.includes('"error"')).length).toBeGreaterThan(0);
    for (let i = 0; i < batched.length; i++) expect(batched[i], `pod ${i}`).toBe(oneByOne[i]);
  });
});
