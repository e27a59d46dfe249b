import { describe, expect, it } from 'vitest';
import { TestRng } from '../apiserver/testkit';
import { Client } from '../client/client';
import { FakeEventRecorder } from '../client/event-recorder';
import { FakeApiServer } from '../client/testing/fake-apiserver';
import { SchedulerCache } from './framework/cache';
import { newPodInfo } from './framework/pod-info';
import { Snapshot } from './framework/snapshot';
import { newDefaultFramework } from './profile';
import { numFeasibleNodesToFind, ScheduleAlgorithm } from './schedule-one';
import { makeNode, makePod } from './testing/builders';
import { expandAttempt } from './results';
import { Nominator } from './queue/nominator';

function cluster(n: number, opts: { cpu?: string } = {}) {
  const cache = new SchedulerCache();
  for (let i = 0; i < n; i++) cache.addNode(makeNode(`n${String(i).padStart(4, '0')}`, opts));
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  const client = new Client(new FakeApiServer(() => 0), { username: 'x', groups: [] });
  const fw = newDefaultFramework('default-scheduler', { client, recorder: new FakeEventRecorder(), clock: { now: () => 0 }, rng: new TestRng(1), snapshot: () => snapshot });
  return { cache, snapshot, fw };
}

describe('numFeasibleNodesToFind', () => {
  it.each([
    [50, 0, 50],
    [99, 0, 99],
    [100, 0, 100],
    // 50 - 1000/125 = 42% of 1000.
    [1000, 0, 420],
    // 50 - 5000/125 = 10% of 5000.
    [5000, 0, 500],
    // 50 - 6000/125 = 2%, floored at 5% -> 300.
    [6000, 0, 300],
    [1000, 5, 100],
    [150, 10, 100],
  ])('%i nodes, percentage %i -> %i', (nodes, pct, want) => expect(numFeasibleNodesToFind(nodes, pct)).toBe(want));
});

describe('ScheduleAlgorithm', () => {
  it('stops filtering once enough feasible nodes are found and resumes where it stopped', () => {
    const { snapshot, fw } = cluster(1000);
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const a = alg.schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '100m' })));
    expect(a.result).toMatchObject({ feasibleNodes: 420, evaluatedNodes: 420 });
    expect(a.unevaluatedNodes).toBe(580);
    expect(alg.nextStartNodeIndex).toBe(420);
    alg.schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '100m' })));
    expect(alg.nextStartNodeIndex).toBe(840);
    alg.schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '100m' })));
    expect(alg.nextStartNodeIndex).toBe(260);
  });

  it('breaks score ties at random, deterministically for a seed', () => {
    const { snapshot, fw } = cluster(5);
    const pick = (seed: number) => new ScheduleAlgorithm(new TestRng(seed)).schedulePod(fw, snapshot, newPodInfo(makePod())).result!.suggestedHost;
    const picks = new Set([1, 2, 3, 4, 5, 6, 7, 8].map(pick));
    expect(picks.size).toBeGreaterThan(1);
    expect(pick(3)).toBe(pick(3));
  });

  it('records per-node filter verdicts and weighted scores', () => {
    const { cache, snapshot, fw } = cluster(2, { cpu: '2' });
    cache.addNode(makeNode('tainted', { taints: [{ key: 'k', effect: 'NoSchedule' }] }));
    cache.updateSnapshot(snapshot);
    const a = expandAttempt(new ScheduleAlgorithm(new TestRng(1)).schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '1' }))).record!);
    const tainted = a.nodes.find((n) => n.node === 'tainted')!;
    expect(tainted.filters.map((f) => [f.plugin, f.passed])).toEqual([['NodeUnschedulable', true], ['NodeName', true], ['TaintToleration', false]]);
    const scored = a.nodes.find((n) => n.node === 'n0000')!;
    const fit = scored.scores.find((s) => s.plugin === 'TaintToleration')!;
    expect(fit).toEqual({ plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3, weighted: 300 });
    expect(scored.finalScore).toBe(scored.scores.reduce((s, x) => s + x.weighted, 0));
  });
});

describe('records', () => {
  it('own their rows and scores: later cycles (which reuse scratch buffers) leave them intact', () => {
    const { snapshot, fw } = cluster(300);
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const first = alg.schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '100m' }))).record!;
    const before = structuredClone(expandAttempt(first));
    for (let i = 0; i < 3; i++) alg.schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '200m' })));
    expect(expandAttempt(first)).toEqual(before);
    // 300 nodes: 50 - 300/125 = 48% -> 144 nodes evaluated.
    expect(before.nodes).toHaveLength(144);
    expect(before.nodes[0].node).toBe('n0000');
    expect(before.nodes.every((n) => n.finalScore !== undefined)).toBe(true);
  });
});

describe('nominated pods', () => {
  it('count on their node for pods of lower or equal priority only', () => {
    const { snapshot, fw } = cluster(1, { cpu: '2' });
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const nominator = new Nominator();
    alg.nominator = nominator;
    nominator.add(makePod({ name: 'preemptor', cpu: '2', priority: 100 }), 'n0000');
    const low = alg.schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '1', priority: 100 })));
    expect(low.fitError?.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    const high = alg.schedulePod(fw, snapshot, newPodInfo(makePod({ cpu: '1', priority: 101 })));
    expect(high.result?.suggestedHost).toBe('n0000');
  });

  it('a nominated pod tries its nominated node first', () => {
    const { snapshot, fw } = cluster(50);
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const pod = makePod({ cpu: '1' });
    pod.status = { nominatedNodeName: 'n0042' };
    const a = alg.schedulePod(fw, snapshot, newPodInfo(pod));
    expect(a.result).toEqual({ suggestedHost: 'n0042', evaluatedNodes: 1, feasibleNodes: 1 });
    expect(alg.nextStartNodeIndex).toBe(0);
  });
});

describe('SchedulerCache', () => {
  it('assumes, confirms and forgets pods; the snapshot sees changes only at updateSnapshot', () => {
    const { cache, snapshot } = cluster(3);
    const n1 = snapshot.get('n0001')!;
    const untouched = snapshot.get('n0002')!;
    const generation = untouched.generation;
    const pod = makePod({ name: 'p', cpu: '1' });
    cache.assumePod(pod, 'n0001');
    expect(snapshot.get('n0001')!.requested.milliCPU).toBe(0);
    cache.updateSnapshot(snapshot);
    // Updated in place, as upstream's snapshot: same object, new contents.
    expect(snapshot.get('n0001')).toBe(n1);
    expect(n1.requested.milliCPU).toBe(1000);
    expect(n1.podCount).toBe(1);
    expect(untouched.generation).toBe(generation);
    expect(cache.isAssumedPod(pod)).toBe(true);
    cache.addPod({ ...pod, spec: { ...pod.spec, nodeName: 'n0001' } });
    expect(cache.isAssumedPod(pod)).toBe(false);
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n0001')!.pods).toHaveLength(1);
    const other = makePod({ name: 'q', cpu: '1' });
    cache.assumePod(other, 'n0000');
    cache.forgetPod(other);
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n0000')!.pods).toHaveLength(0);
    expect(snapshot.get('n0000')!.requested.milliCPU).toBe(0);
  });

  it('counts the nodes holding each image incrementally, shared by every node info', () => {
    const cache = new SchedulerCache();
    const img = (names: string[]) => ({ images: [{ names, sizeBytes: 100 }] });
    cache.addNode(makeNode('a', img(['nginx:1.27'])));
    cache.addNode(makeNode('b', img(['nginx:1.27', 'busybox:latest'])));
    const s = new Snapshot();
    cache.updateSnapshot(s);
    expect(s.get('a')!.imageStates.get('nginx:1.27')).toEqual({ size: 100, numNodes: 2 });
    expect(s.get('b')!.imageCount).toBe(2);
    cache.updateNode(makeNode('b', img(['busybox:latest'])));
    cache.updateSnapshot(s);
    expect(s.get('a')!.imageStates.get('nginx:1.27')!.numNodes).toBe(1);
    cache.removeNode(makeNode('b'));
    cache.updateSnapshot(s);
    expect(s.get('a')!.imageStates.get('busybox:latest')).toBeUndefined();
    expect(s.nodeInfoList.map((n) => n.name)).toEqual(['a']);
  });

  it('orders nodes zone by zone, as upstream node tree', () => {
    const cache = new SchedulerCache();
    const z = (name: string, zone: string) => makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone } });
    for (const n of [z('a1', 'a'), z('a2', 'a'), z('a3', 'a'), z('b1', 'b'), z('c1', 'c'), z('c2', 'c')]) cache.addNode(n);
    const s = new Snapshot();
    cache.updateSnapshot(s);
    expect(s.nodeInfoList.map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    cache.removeNode(z('b1', 'b'));
    cache.updateSnapshot(s);
    expect(s.nodeInfoList.map((n) => n.name)).toEqual(['a1', 'c1', 'a2', 'c2', 'a3']);
  });
});

describe('PreFilter narrowing (upstream PreFilterResult)', () => {
  /** A pod pinned as the DaemonSet controller pins its pods: required matchFields metadata.name In. */
  function pinned(nodes: string[][], cpu = '100m') {
    const terms = nodes.map((names) => ({ matchFields: [{ key: 'metadata.name', operator: 'In', values: names }] }));
    return makePod({ cpu, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
  }

  it('filters only the named node of 300, and schedules there', () => {
    const { snapshot, fw } = cluster(300);
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const a = alg.schedulePod(fw, snapshot, newPodInfo(pinned([['n0123']])));
    expect(a.result).toEqual({ suggestedHost: 'n0123', evaluatedNodes: 1, feasibleNodes: 1 });
    expect(a.unevaluatedNodes).toBe(0);
    expect(expandAttempt(a.record!).nodes.map((n) => n.node)).toEqual(['n0123']);
  });

  it('a named node that cannot fit: the others count as not satisfying NodeAffinity, as upstream says', () => {
    const { snapshot, fw } = cluster(5, { cpu: '1' });
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const a = alg.schedulePod(fw, snapshot, newPodInfo(pinned([['n0002']], '2')));
    expect(a.fitError?.message).toBe("0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  });

  it('terms unite, a node that does not exist is left out, and conflicting names fit nowhere', () => {
    const { snapshot, fw } = cluster(5);
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const a = alg.schedulePod(fw, snapshot, newPodInfo(pinned([['n0001'], ['n0003', 'gone']])));
    expect(a.result?.evaluatedNodes).toBe(2);
    expect(['n0001', 'n0003']).toContain(a.result?.suggestedHost);
    const conflict = makePod({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n0001'] }, { key: 'metadata.name', operator: 'In', values: ['n0002'] }] }],
          },
        },
      },
    });
    const c = alg.schedulePod(fw, snapshot, newPodInfo(conflict));
    // A PreFilter rejection is told once, not per node (upstream's FitError with a PreFilterMsg).
    expect(c.fitError?.message).toBe('0/5 nodes are available: pod affinity terms conflict.');
    const absent = alg.schedulePod(fw, snapshot, newPodInfo(pinned([['gone']])));
    expect(absent.fitError?.message).toBe("0/5 nodes are available: 5 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  });

  it('a term without a name requirement lets every node through', () => {
    const { snapshot, fw } = cluster(300);
    const alg = new ScheduleAlgorithm(new TestRng(1));
    const pod = makePod({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n0001'] }] }, { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'Exists' }] }],
          },
        },
      },
    });
    const a = alg.schedulePod(fw, snapshot, newPodInfo(pod));
    expect(a.result!.evaluatedNodes).toBeGreaterThan(100);
  });
});
