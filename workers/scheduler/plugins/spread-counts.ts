/**
 * PodTopologySpread's per-domain counts of matching pods, kept across cycles. Upstream rebuilds them
 * every cycle over every node (16 goroutines wide); a cycle here changes one or two node infos, so an
 * index per (selector, topology key, node eligibility) re-counts only the nodes whose generation moved
 * since the last cycle and keeps each domain's sum current. The sums equal a rebuild from scratch
 * (spread-counts.test.ts checks that after seeded random changes).
 */
import type { NodeInfo } from '../framework/node-info';
import type { Pod } from '../framework/types';

/** What a node must be to count towards a domain, and what it counts there. */
export interface SpreadCountRule {
  topologyKey: string;
  /** Labels every counted node carries (the constraint's key, or every constraint's key). */
  requiredKeys: readonly string[];
  /** Whether the node's pods count at all (nodeAffinityPolicy, nodeTaintsPolicy). */
  nodeCounts: (ni: NodeInfo) => boolean;
  /** Matching pods on the node. */
  countOn: (ni: NodeInfo) => number;
}

/** Matching pods per domain value, over the counted nodes of one node list. */
export class SpreadCounts {
  /** Domain value -> matching pods; a domain is present while at least one counted node has its value. */
  readonly sums = new Map<string, number>();
  private readonly nodesPerValue = new Map<string, number>();
  private list: readonly NodeInfo[] = [];
  private generations = new Float64Array(0);
  private values: (string | undefined)[] = [];
  private counts = new Float64Array(0);

  constructor(private rule: SpreadCountRule) {}

  /** Catches up with `list`: re-counts the nodes whose generation moved (every node for a new list). */
  sync(list: readonly NodeInfo[], rule: SpreadCountRule): void {
    this.rule = rule;
    if (list !== this.list || list.length !== this.generations.length) {
      this.reset(list);
      return;
    }
    const gens = this.generations;
    for (let row = 0; row < list.length; row++) {
      if (list[row].generation !== gens[row]) this.recount(row);
    }
  }

  private reset(list: readonly NodeInfo[]): void {
    this.list = list;
    this.sums.clear();
    this.nodesPerValue.clear();
    this.generations = new Float64Array(list.length).fill(-1);
    this.values = Array.from({ length: list.length }, () => undefined);
    this.counts = new Float64Array(list.length);
    for (let row = 0; row < list.length; row++) this.recount(row);
  }

  private recount(row: number): void {
    const ni = this.list[row];
    const old = this.values[row];
    if (old !== undefined) {
      this.sums.set(old, this.sums.get(old)! - this.counts[row]);
      const left = this.nodesPerValue.get(old)! - 1;
      if (left === 0) {
        this.nodesPerValue.delete(old);
        this.sums.delete(old);
      } else this.nodesPerValue.set(old, left);
    }
    this.generations[row] = ni.generation;
    const rule = this.rule;
    if (!ni.node || !hasKeys(ni.labels, rule.requiredKeys) || !rule.nodeCounts(ni)) {
      this.values[row] = undefined;
      return;
    }
    const value = ni.labels[rule.topologyKey];
    const n = rule.countOn(ni);
    this.values[row] = value;
    this.counts[row] = n;
    this.sums.set(value, (this.sums.get(value) ?? 0) + n);
    this.nodesPerValue.set(value, (this.nodesPerValue.get(value) ?? 0) + 1);
  }
}

function hasKeys(labels: Readonly<Record<string, string>>, keys: readonly string[]): boolean {
  for (const k of keys) if (!Object.hasOwn(labels, k)) return false;
  return true;
}

/** The most indexes kept (each holds a few numbers per node); the least recently used goes first. */
export const MAX_SPREAD_INDEXES = 64;

/** SpreadCounts by the key of what they count, least recently used first. */
export class SpreadCountsCache {
  private readonly byKey = new Map<string, SpreadCounts>();

  constructor(private readonly max = MAX_SPREAD_INDEXES) {}

  /** The counts for `key` over `list`, brought up to date. */
  get(key: string, list: readonly NodeInfo[], rule: SpreadCountRule): SpreadCounts {
    let c = this.byKey.get(key);
    if (c) this.byKey.delete(key);
    else c = new SpreadCounts(rule);
    this.byKey.set(key, c);
    if (this.byKey.size > this.max) this.byKey.delete(this.byKey.keys().next().value as string);
    c.sync(list, rule);
    return c;
  }

  get size(): number {
    return this.byKey.size;
  }
}

/**
 * What of the pod decides which nodes count (its node selector and required node affinity under
 * nodeAffinityPolicy Honor, its tolerations under nodeTaintsPolicy Honor): pods alike here share an index.
 */
export function eligibilityKey(pod: Pod, honorAffinity: boolean, honorTaints: boolean): string {
  const affinity = honorAffinity ? JSON.stringify([pod.spec.nodeSelector ?? null, pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null]) : '';
  return honorTaints ? `${affinity}\x00${JSON.stringify(pod.spec.tolerations ?? null)}` : affinity;
}
