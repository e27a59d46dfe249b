import { describe, expect, it } from 'vitest';
import { TestRng } from '../../apiserver/testkit';
import { compileSelector } from '../framework/label-matcher';
import { CycleState } from '../framework/interfaces';
import { newPodInfo } from '../framework/pod-info';
import type { NodeInfo } from '../framework/node-info';
import { labelSelectorFromObject } from '../../api/selectors';
import { makePod } from '../testing/builders';
import { RANDOM_CLUSTER_KEYS, RandomCluster } from '../testing/random-cluster';
import { PodMatchCounts, PodMatchCountsCache } from './pod-match-counts';
import { PodTopologySpread } from './pod-topology-spread';

const { ZONE, RACK } = RANDOM_CLUSTER_KEYS;
const appA = compileSelector(labelSelectorFromObject({ matchLabels: { app: 'a' } }));
const appB = compileSelector(labelSelectorFromObject({ matchLabels: { app: 'b' } }));

// The reference: every pod of the node looked at afresh.
function scratch(ni: NodeInfo, ns: string, app: string): number {
  return ni.pods.filter((p) => !p.pod.metadata.deletionTimestamp && p.pod.metadata.namespace === ns && p.pod.metadata.labels?.app === app).length;
}

describe('PodMatchCounts', () => {
  it.each([1, 5, 42, 999])('equals a count from scratch after every seeded random change (seed %i)', (seed) => {
    const c = new RandomCluster(new TestRng(seed));
    // One starting with no rows (it grows), one with some.
    const a = new PodMatchCounts('default', appA, 0);
    const b = new PodMatchCounts('other', appB, 4);
    for (let i = 0; i < 400; i++) {
      c.step();
      for (const ni of c.snapshot.nodeInfoList) {
        expect(a.at(ni), `seed ${seed}, step ${i}, ${ni.name}`).toBe(scratch(ni, 'default', 'a'));
        expect(b.at(ni), `seed ${seed}, step ${i}, ${ni.name}`).toBe(scratch(ni, 'other', 'b'));
        // A copy outside the snapshot (no row) is counted as it is, not from a kept row.
        const copy = ni.clone();
        copy.pods.length = 0;
        expect(a.at(copy)).toBe(0);
      }
    }
  });

  it('cache: keeps the most recently used selectors within its cells, recycling the evicted', () => {
    // 10 rows, 100 cells: 10 selectors would fit, but the floor keeps 16.
    const cache = new PodMatchCountsCache(100);
    const first = cache.get(1, 'default', appA, 10);
    expect(cache.get(1, 'default', appA, 10)).toBe(first);
    for (let id = 2; id <= 16; id++) cache.get(id, 'default', appA, 10);
    expect(cache.size).toBe(16);
    // Touching 1 makes 2 the oldest: the next new selector takes 2's place (and its memory).
    cache.get(1, 'default', appA, 10);
    cache.get(17, 'default', appB, 10);
    expect(cache.size).toBe(16);
    expect(cache.get(1, 'default', appA, 10)).toBe(first);
    // With 5 rows, 200 cells keep 40 selectors.
    const wide = new PodMatchCountsCache(200);
    for (let id = 1; id <= 50; id++) wide.get(id, 'default', appA, 5);
    expect(wide.size).toBe(40);
  });

  it('a recycled entry forgets the counts of the selector it held', () => {
    const c = new RandomCluster(new TestRng(3));
    for (let i = 0; i < 200; i++) c.step();
    const list = c.snapshot.nodeInfoList;
    const cache = new PodMatchCountsCache(16 * list.length);
    const forA = cache.get(1, 'default', appA, list.length);
    for (const ni of list) forA.at(ni);
    for (let id = 2; id <= 16; id++) cache.get(id, 'default', appB, list.length);
    // Full (16 selectors): the next one takes the memory of the least recently used, forA.
    const recycled = cache.get(99, 'other', appB, list.length);
    expect(recycled).toBe(forA);
    for (const ni of list) expect(recycled.at(ni)).toBe(scratch(ni, 'other', 'b'));
  });
});

// Both ways of counting: from the selector's candidate pods, and per node (kept counts).
describe.each([
  ['candidate pods', () => Infinity],
  ['per-node counts', () => -1],
])('PodTopologySpread counting from %s', (_name, candidateLimit) => {
  it('scores every node as a count from scratch would, by score() and by rows (system defaults)', () => {
    const c = new RandomCluster(new TestRng(11));
    const selectApp = (pod: { metadata: { labels?: Record<string, string> } }) =>
      pod.metadata.labels?.app ? labelSelectorFromObject({ matchLabels: { app: pod.metadata.labels.app } }) : undefined;
    const plugin = new PodTopologySpread(() => c.snapshot.nodeInfoList, selectApp, () => c.snapshot, candidateLimit);
    for (let i = 0; i < 200; i++) {
      c.step();
      const list = c.snapshot.nodeInfoList;
      for (const app of ['a', 'b']) {
        const pi = newPodInfo(makePod({ labels: { app } }));
        const state = new CycleState();
        if (!plugin.preScore(state, pi, list).isSuccess()) continue;
        const weights = state.read<{ weights: number[] }>('PreScorePodTopologySpread')!.weights;
        const rows = Int32Array.from(list, (ni) => ni.row);
        const out = new Float64Array(list.length);
        plugin.scoreFastRows(state, pi, c.snapshot.columns, rows, out);
        // Upstream's zone count: matching pods over every node of the zone (maxSkew 5).
        const zoneCount = (zone: string) => list.filter((n) => n.labels[ZONE] === zone).reduce((sum, n) => sum + scratch(n, 'default', app), 0);
        list.forEach((ni, k) => {
          // The hostname constraint (maxSkew 3), then the zone constraint where the node has a zone.
          const zone = ni.labels[ZONE];
          const want = Math.round(scratch(ni, 'default', app) * weights[0] + 2 + (zone === undefined ? 0 : zoneCount(zone) * weights[1] + 4));
          expect(plugin.score(state, pi, ni), `step ${i}, ${ni.name}`).toBe(want);
          // A copy outside the snapshot (no row) scores the same, counted as it is.
          expect(plugin.score(state, pi, ni.clone())).toBe(want);
          expect(out[k]).toBe(want);
        });
      }
    }
  });

  it('counts explicit ScheduleAnyway constraints over nodes carrying every key, as a count from scratch', () => {
    const c = new RandomCluster(new TestRng(23));
    const plugin = new PodTopologySpread(() => c.snapshot.nodeInfoList, undefined, () => c.snapshot, candidateLimit);
    const spread = (topologyKey: string) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'a' } } });
    const pi = newPodInfo(makePod({ labels: { app: 'a' }, topologySpreadConstraints: [spread(ZONE), spread(RACK)] }));
    for (let i = 0; i < 200; i++) {
      c.step();
      const list = c.snapshot.nodeInfoList;
      const state = new CycleState();
      if (!plugin.preScore(state, pi, list).isSuccess()) continue;
      const counts = state.read<{ counts: Map<string, number> }>('PreScorePodTopologySpread')!.counts;
      // Upstream: a pair per (key, value) of the filtered nodes carrying both keys, summing the
      // matching pods of every node carrying both keys with that value.
      const both = list.filter((n) => Object.hasOwn(n.labels, ZONE) && Object.hasOwn(n.labels, RACK));
      const want = new Map<string, number>();
      for (const key of [ZONE, RACK]) {
        for (const n of both) {
          const p = `${key}\x00${n.labels[key]}`;
          want.set(p, (want.get(p) ?? 0) + scratch(n, 'default', 'a'));
        }
      }
      expect([...counts].sort(), `step ${i}`).toEqual([...want].sort());
    }
  });
});
