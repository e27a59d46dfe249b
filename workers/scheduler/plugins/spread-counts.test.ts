import { describe, expect, it } from 'vitest';
import { TestRng } from '../../apiserver/testkit';
import { SchedulerCache } from '../framework/cache';
import { CycleState } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import { newPodInfo } from '../framework/pod-info';
import { Snapshot } from '../framework/snapshot';
import type { TopologySpreadConstraint } from '../framework/types';
import { makeNode, makePod } from '../testing/builders';
import { RANDOM_CLUSTER_KEYS, RandomCluster } from '../testing/random-cluster';
import { PodTopologySpread } from './pod-topology-spread';
import { SpreadCounts, SpreadCountsCache, type SpreadCountRule } from './spread-counts';

const { ZONE, RACK } = RANDOM_CLUSTER_KEYS;

// What a fresh count over the list gives: the reference the kept counts must equal.
function fromScratch(list: readonly NodeInfo[], rule: SpreadCountRule): Map<string, number> {
  const out = new Map<string, number>();
  for (const ni of list) {
    if (!ni.node || !rule.requiredKeys.every((k) => Object.hasOwn(ni.labels, k)) || !rule.nodeCounts(ni)) continue;
    const v = ni.labels[rule.topologyKey];
    out.set(v, (out.get(v) ?? 0) + rule.countOn(ni));
  }
  return out;
}

const sorted = (m: ReadonlyMap<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));

describe('SpreadCounts', () => {
  const rule: SpreadCountRule = {
    topologyKey: ZONE,
    requiredKeys: [ZONE, RACK],
    nodeCounts: (ni) => ni.taints.length === 0,
    countOn: (ni) => ni.pods.filter((p) => p.pod.metadata.namespace === 'default' && p.pod.metadata.labels?.app === 'a').length,
  };

  it.each([1, 2, 3, 42, 1234])('equals a count from scratch after every seeded random change (seed %i)', (seed) => {
    const c = new RandomCluster(new TestRng(seed));
    // One catches up by scanning generations, one through the snapshot's change log.
    const scanned = new SpreadCounts(rule);
    const logged = new SpreadCounts(rule);
    for (let i = 0; i < 400; i++) {
      c.step();
      const list = c.snapshot.nodeInfoList;
      scanned.sync(list, rule);
      logged.sync(list, rule, c.snapshot);
      const want = fromScratch(list, rule);
      expect(sorted(scanned.sums), `seed ${seed}, step ${i}`).toEqual(sorted(want));
      expect(sorted(logged.sums), `seed ${seed}, step ${i}`).toEqual(sorted(want));
      // Rows: each node's domain id names its value; each domain's sum is its value's.
      for (let row = 0; row < list.length; row++) {
        const id = logged.domainOfRow[row];
        const has = Object.hasOwn(list[row].labels, ZONE);
        expect(id >= 0).toBe(has);
        if (has) expect(logged.sumOfDomain[id]).toBe(want.get(list[row].labels[ZONE]) ?? 0);
      }
    }
  });

  it('cache: the least recently used index goes first', () => {
    const cache = new SpreadCountsCache(2);
    const a = cache.get('a', [], rule);
    cache.get('b', [], rule);
    expect(cache.get('a', [], rule)).toBe(a);
    cache.get('c', [], rule);
    expect(cache.size).toBe(2);
    expect(cache.get('a', [], rule)).toBe(a);
    expect(cache.get('b', [], rule)).not.toBe(a);
  });
});

describe('PodTopologySpread with kept counts', () => {
  const constraint = (over: Partial<TopologySpreadConstraint>): TopologySpreadConstraint => ({
    maxSkew: 1,
    topologyKey: ZONE,
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: { app: 'a' } },
    ...over,
  });
  const incoming = [
    makePod({ labels: { app: 'a' }, topologySpreadConstraints: [constraint({})] }),
    makePod({ labels: { app: 'a' }, topologySpreadConstraints: [constraint({ topologyKey: 'kubernetes.io/hostname' }), constraint({ topologyKey: RACK, maxSkew: 2 })] }),
    makePod({ labels: { app: 'b' }, nodeSelector: { [RACK]: 'rack-1' }, topologySpreadConstraints: [constraint({ nodeTaintsPolicy: 'Honor' })] }),
    makePod({ labels: { app: 'a' }, topologySpreadConstraints: [constraint({ whenUnsatisfiable: 'ScheduleAnyway' }), constraint({ whenUnsatisfiable: 'ScheduleAnyway', topologyKey: RACK })] }),
  ];

  it('gives the same filter and score state as counting every node afresh (seeded random changes)', () => {
    const c = new RandomCluster(new TestRng(7));
    const kept = new PodTopologySpread(() => c.snapshot.nodeInfoList, undefined, () => c.snapshot);
    // A fresh list per call: never the same list twice, so every count starts from scratch.
    const fresh = new PodTopologySpread(() => [...c.snapshot.nodeInfoList]);
    for (let i = 0; i < 300; i++) {
      c.step();
      const list = c.snapshot.nodeInfoList;
      for (const pod of incoming) {
        const pi = newPodInfo(pod);
        const [a, b] = [new CycleState(), new CycleState()];
        expect(kept.preFilter(a, pi, list).code).toBe(fresh.preFilter(b, pi, [...list]).code);
        expect(kept.preScore(a, pi, list).code).toBe(fresh.preScore(b, pi, list).code);
        const state = (s: CycleState) => {
          const f = s.read<{ counts: ReadonlyMap<string, number>[]; minMatch: number[] }>('PreFilterPodTopologySpread');
          const p = s.read<{ counts: ReadonlyMap<string, number> }>('PreScorePodTopologySpread');
          return { filter: f && { counts: f.counts.map(sorted), minMatch: f.minMatch }, score: p && sorted(p.counts) };
        };
        expect(state(a), `step ${i}, ${pod.metadata.name}`).toEqual(state(b));
        for (const ni of list) {
          const want = fresh.filter(b, pi, ni);
          expect(kept.filter(a, pi, ni).message()).toBe(want.message());
          // The row shortcut says Success only where filter() does.
          if (kept.filterFast(a, pi, c.snapshot.columns, ni.row)) expect(want.isSuccess()).toBe(true);
        }
      }
    }
  });
});

describe('Snapshot change log', () => {
  it('lists node infos changed in place since a sequence number, and forgets beyond its bound', () => {
    const cache = new SchedulerCache();
    const snapshot = new Snapshot();
    for (const n of ['a', 'b']) cache.addNode(makeNode(n));
    cache.updateSnapshot(snapshot);
    const seq = snapshot.changeSeq;
    cache.assumePod(makePod({ name: 'x' }), 'b');
    cache.updateSnapshot(snapshot);
    expect(snapshot.changesSince(seq)!.map((ni) => ni.name)).toEqual(['b']);
    expect(snapshot.changesSince(snapshot.changeSeq)).toEqual([]);
    for (let i = 0; i < 5000; i++) {
      cache.assumePod(makePod({ name: `y${i}` }), 'a');
      cache.updateSnapshot(snapshot);
    }
    expect(snapshot.changesSince(seq)).toBeUndefined();
  });
});
