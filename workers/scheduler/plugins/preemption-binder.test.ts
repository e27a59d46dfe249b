import { describe, expect, it } from 'vitest';
import { TestRng } from '../../apiserver/testkit';
import { Client } from '../../client/client';
import { FakeEventRecorder } from '../../client/event-recorder';
import { FakeApiServer } from '../../client/testing/fake-apiserver';
import { SchedulerCache } from '../framework/cache';
import { CycleState } from '../framework/interfaces';
import { newPodInfo } from '../framework/pod-info';
import { Snapshot } from '../framework/snapshot';
import { Code, newStatus } from '../framework/status';
import type { Pod } from '../framework/types';
import { newDefaultFramework } from '../profile';
import { makeNode, makePod } from '../testing/builders';
import { DefaultBinder } from './default-binder';
import { ErrReasonNoVictims, pickOneNodeForPreemption, type Candidate } from './default-preemption';
import { DefaultPreemption } from './default-preemption';

function framework(nodes: [string, Pod[]][]) {
  const cache = new SchedulerCache();
  for (const [name, pods] of nodes) {
    cache.addNode(makeNode(name, { cpu: '4' }));
    for (const p of pods) cache.addPod({ ...p, spec: { ...p.spec, nodeName: name } });
  }
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  const fake = new FakeApiServer(() => 0);
  const client = new Client(fake, { username: 'system:kube-scheduler', groups: [] });
  const fw = newDefaultFramework('default-scheduler', { client, recorder: new FakeEventRecorder(), clock: { now: () => 0 }, rng: new TestRng(1), snapshot: () => snapshot });
  return { fw, snapshot, fake };
}

describe('DefaultPreemption.selectVictimsOnNode', () => {
  it.each([
    // 4 cpu node; the preemptor needs 2. Lower-priority pods are reprieved most important first.
    ['reprieves the more important pods that still fit', [makePod({ name: 'p10', cpu: '2', priority: 10 }), makePod({ name: 'p5', cpu: '1', priority: 5 }), makePod({ name: 'p1', cpu: '1', priority: 1 })], ['p5', 'p1']],
    ['never evicts pods of equal or higher priority', [makePod({ name: 'p100', cpu: '3', priority: 100 }), makePod({ name: 'p1', cpu: '1', priority: 1 })], 'Insufficient cpu'],
    ['no lower-priority pods at all', [makePod({ name: 'p100', cpu: '4', priority: 100 })], ErrReasonNoVictims],
  ])('%s', (_n, pods, want) => {
    const { fw, snapshot } = framework([['a', pods]]);
    const pi = newPodInfo(makePod({ cpu: '2', priority: 100 }));
    const state = new CycleState();
    fw.runPreFilterPlugins(state, pi, snapshot.nodeInfoList);
    const r = new DefaultPreemption(fw).selectVictimsOnNode(state, pi, snapshot.get('a')!, snapshot.nodeInfoList);
    expect('victims' in r ? r.victims.map((v) => v.metadata.name) : r.reasons.join()).toEqual(want);
  });
});

describe('pickOneNodeForPreemption', () => {
  const v = (name: string, priority: number, startTime = '2026-01-01T00:00:00Z') => makePod({ name, priority, startTime });
  it.each([
    ['lowest highest-priority victim', [{ node: 'a', victims: [v('x', 10)] }, { node: 'b', victims: [v('y', 5), v('z', 5)] }], 'b'],
    ['then the smallest priority sum', [{ node: 'a', victims: [v('x', 5), v('w', 5)] }, { node: 'b', victims: [v('y', 5), v('z', 1)] }], 'b'],
    ['then fewest victims', [{ node: 'a', victims: [v('x', 5), v('w', 0)] }, { node: 'b', victims: [v('y', 5)] }], 'b'],
    ['then the latest start of the top victims', [{ node: 'a', victims: [v('x', 5, '2026-01-01T00:00:00Z')] }, { node: 'b', victims: [v('y', 5, '2026-01-01T01:00:00Z')] }], 'b'],
    ['all equal: the first', [{ node: 'a', victims: [v('x', 5)] }, { node: 'b', victims: [v('y', 5)] }], 'a'],
  ] as [string, Candidate[], string][])('%s', (_n, candidates, want) => expect(pickOneNodeForPreemption(candidates).node).toBe(want));
});

describe('DefaultPreemption.postFilter', () => {
  it('explains why preemption cannot help, per node', async () => {
    const { fw } = framework([['a', [makePod({ cpu: '4' })]], ['b', []]]);
    const pi = newPodInfo(makePod({ cpu: '8' }));
    const statuses = new Map([
      ['a', newStatus(Code.Unschedulable, 'Insufficient cpu')],
      ['b', newStatus(Code.UnschedulableAndUnresolvable, 'node(s) had untolerated taint {k: }')],
    ]);
    const r = await new DefaultPreemption(fw).postFilter(new CycleState(), pi, statuses);
    expect(r.status.message()).toBe('preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.');
    const never = newPodInfo({ ...makePod({ cpu: '8' }), spec: { ...makePod().spec, preemptionPolicy: 'Never' } });
    expect((await new DefaultPreemption(fw).postFilter(new CycleState(), never, statuses)).status.message()).toBe('preemption: not eligible due to preemptionPolicy=Never.');
  });
});

describe('DefaultBinder', () => {
  it('POSTs a Binding with the pod uid to pods/<name>/binding', async () => {
    const { fake } = framework([]);
    const client = new Client(fake, { username: 'system:kube-scheduler', groups: [] });
    const pod = makePod({ name: 'web-x' });
    const s = await new DefaultBinder(client).bind(new CycleState(), newPodInfo(pod), 'worker-1');
    const req = fake.requests.at(-1)!;
    expect([req.method, req.path]).toEqual(['POST', '/api/v1/namespaces/default/pods/web-x/binding']);
    expect(req.body).toMatchObject({ kind: 'Binding', metadata: { name: 'web-x', uid: pod.metadata.uid }, target: { kind: 'Node', name: 'worker-1' } });
    expect(s.isSuccess()).toBe(true);
  });
});
