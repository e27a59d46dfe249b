import { describe, expect, it } from 'vitest';
import { CycleState, type ScorePlugin, type PreScorePlugin } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import { newPodInfo } from '../framework/pod-info';
import type { Pod } from '../framework/types';
import { makeNode, makeNodeInfo, makePod } from '../testing/builders';
import { BalancedAllocation } from './balanced-allocation';
import { calculatePriority, ImageLocality, normalizedImageName } from './image-locality';
import { NodeAffinity } from './node-affinity';
import { NodeResourcesFit } from './node-resources-fit';
import { TaintToleration } from './taint-toleration';
import { SchedulerCache } from '../framework/cache';
import { Snapshot } from '../framework/snapshot';

/** PreScore, Score on every node, NormalizeScore: the normalized scores. */
function scores(p: ScorePlugin & Partial<PreScorePlugin>, pod: Pod, nodes: NodeInfo[]): number[] {
  const state = new CycleState();
  const pi = newPodInfo(pod);
  if (p.preScore?.(state, pi, nodes).isSkip()) return [];
  const s = nodes.map((n) => p.score(state, pi, n));
  p.normalizeScore?.(state, pi, s, nodes);
  return s;
}

describe('NodeResourcesFit LeastAllocated', () => {
  it('scores the free share of cpu and memory after placing the pod', () => {
    // a: 4 cpu, 1 used + 1 requested -> 50; 8Gi, 2Gi + 2Gi -> 50. b: empty -> 75 and 75.
    const a = makeNodeInfo(makeNode('a'), makePod({ cpu: '1', memory: '2Gi' }));
    const b = makeNodeInfo(makeNode('b'));
    expect(scores(new NodeResourcesFit(), makePod({ cpu: '1', memory: '2Gi' }), [a, b])).toEqual([50, 75]);
  });
  it('counts best-effort pods with the non-zero defaults (100m, 200Mi)', () => {
    const n = makeNodeInfo(makeNode('a', { cpu: '1', memory: '1000Mi' }));
    expect(scores(new NodeResourcesFit(), makePod(), [n])).toEqual([Math.trunc((90 + 80) / 2)]);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    ['equal shares', makePod({ cpu: '2', memory: '4Gi' }), 100],
    // cpu 2/4 = 0.5, memory 0/8 = 0 -> std 0.25 -> 75.
    ['cpu only', makePod({ cpu: '2' }), 75],
  ])('%s', (_n, pod, want) => expect(scores(new BalancedAllocation(), pod, [makeNodeInfo(makeNode('a'))])).toEqual([want]));
});

describe('TaintToleration score', () => {
  it('prefers nodes with fewer untolerated PreferNoSchedule taints (reversed)', () => {
    const soft = (k: string) => ({ key: k, effect: 'PreferNoSchedule' });
    const nodes = [makeNodeInfo(makeNode('a')), makeNodeInfo(makeNode('b', { taints: [soft('x')] })), makeNodeInfo(makeNode('c', { taints: [soft('x'), soft('y')] }))];
    expect(scores(new TaintToleration(), makePod(), nodes)).toEqual([100, 50, 0]);
    expect(scores(new TaintToleration(), makePod({ tolerations: [{ operator: 'Exists' }] }), nodes)).toEqual([100, 100, 100]);
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalized to the best', () => {
    const term = (key: string, v: string, weight: number) => ({ weight, preference: { matchExpressions: [{ key, operator: 'In', values: [v] }] } });
    const pod = makePod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term('zone', 'a', 10), term('disk', 'ssd', 30)] } } });
    const nodes = [
      makeNodeInfo(makeNode('a', { labels: { zone: 'a' } })),
      makeNodeInfo(makeNode('b', { labels: { zone: 'a', disk: 'ssd' } })),
      makeNodeInfo(makeNode('c')),
    ];
    expect(scores(new NodeAffinity(), pod, nodes)).toEqual([25, 100, 0]);
    expect(scores(new NodeAffinity(), makePod(), nodes)).toEqual([]);
  });
});

describe('ImageLocality', () => {
  it('normalizes image names and scales by size and spread', () => {
    expect(normalizedImageName('nginx')).toBe('nginx:latest');
    expect(normalizedImageName('registry:5000/app')).toBe('registry:5000/app:latest');
    expect(normalizedImageName('nginx:1.25')).toBe('nginx:1.25');
    expect(calculatePriority(0, 1)).toBe(0);
    expect(calculatePriority(2000 * 1024 * 1024, 1)).toBe(100);
    const big = { names: ['nginx:1.25'], sizeBytes: 500 * 1024 * 1024 };
    const withImage = makeNodeInfo(makeNode('a', { images: [big] }));
    withImage.setImageStates(new Map([['nginx:1.25', { size: big.sizeBytes, numNodes: 1 }]]));
    const without = makeNodeInfo(makeNode('b'));
    // 500 MiB x 1/2 nodes = 250 MiB -> 100 x (250 - 23) / (1000 - 23) = 23.
    expect(scores(new ImageLocality(() => 2), makePod({ images: ['nginx:1.25'] }), [withImage, without])).toEqual([23, 0]);
  });
});

describe('ImageLocality over the cache (image lists shared between nodes)', () => {
  const img = (name: string, mib: number) => ({ names: [name], sizeBytes: mib * 1024 * 1024 });
  const lists = [
    [img('nginx:1.25', 500), img('pause:3.10', 1)],
    [img('nginx:1.25', 500), img('pause:3.10', 1)],
    [img('redis:7', 300)],
    [img('nginx:1.25', 500), img('redis:7', 300)],
    [],
  ];
  // The reference: each node scored in a cycle of its own by a plugin of its own, on a private copy
  // of its image states (so no score kept for a shared map can answer).
  const alone = (s: Snapshot, pod: Pod) =>
    s.nodeInfoList.map((ni) => {
      const own = ni.clone();
      own.setImageStates(new Map(ni.imageStates));
      return new ImageLocality(() => s.numNodes()).score(new CycleState(), newPodInfo(pod), own);
    });
  const together = (plugin: ImageLocality, s: Snapshot, pod: Pod) => {
    const state = new CycleState();
    const pi = newPodInfo(pod);
    return s.nodeInfoList.map((ni) => plugin.score(state, pi, ni));
  };

  it('scores every node as alone, before and after image lists change, cycle after cycle', () => {
    const cache = new SchedulerCache();
    lists.forEach((images, i) => cache.addNode(makeNode(`n${i}`, { images })));
    const snapshot = new Snapshot();
    cache.updateSnapshot(snapshot);
    const plugin = new ImageLocality(() => snapshot.numNodes());
    for (const pod of [makePod({ images: ['nginx:1.25'] }), makePod({ images: ['redis:7', 'nginx:1.25'] })]) {
      const want = alone(snapshot, pod);
      expect(together(plugin, snapshot, pod)).toEqual(want);
      expect(new Set(want).size).toBeGreaterThan(1);
    }
    // n1 pulls redis (its list no longer matches n0's), n2 drops it: spread counts change too.
    cache.updateNode(makeNode('n1', { images: [img('nginx:1.25', 500), img('pause:3.10', 1), img('redis:7', 300)] }));
    cache.updateNode(makeNode('n2', { images: [] }));
    cache.updateSnapshot(snapshot);
    const pod = makePod({ images: ['redis:7'] });
    expect(together(plugin, snapshot, pod)).toEqual(alone(snapshot, pod));
    expect(together(plugin, snapshot, pod)[2]).toBe(0);
    expect(together(plugin, snapshot, pod)[1]).toBeGreaterThan(0);
  });
});
