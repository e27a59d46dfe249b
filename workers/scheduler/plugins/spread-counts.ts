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
  /** Labels every counted node carries besides the topology key (every constraint's key, or none). */
  requiredKeys: readonly string[];
  /** Whether the node's pods count at all (nodeAffinityPolicy, nodeTaintsPolicy). */
  nodeCounts: (ni: NodeInfo) => boolean;
  /** Matching pods on the node. */
  countOn: (ni: NodeInfo) => number;
}

/** What a kept count may catch up from: the node infos changed in place since a sequence number. */
export interface ChangeLog {
  /** The sequence number the next change gets. */
  readonly changeSeq: number;
  /** The node infos changed since `seq` (repeats allowed), or undefined when the log no longer reaches back. */
  changesSince(seq: number): readonly NodeInfo[] | undefined;
}

/** Matching pods per domain value, over the counted nodes of one node list. */
export class SpreadCounts {
  /** Domain value -> matching pods; a domain is present while at least one counted node has its value. */
  readonly sums = new Map<string, number>();
  /** Per row of the list, the id of the node's topology value (-1: the node lacks the key), counted or not. */
  domainOfRow = new Int32Array(0);
  /** Per domain id, the matching pods on its counted nodes (0 for a value no counted node has). */
  sumOfDomain = new Float64Array(16);
  private readonly nodesPerValue = new Map<string, number>();
  private readonly domainIds = new Map<string, number>();
  private domainNames: string[] = [];
  private listValue: readonly NodeInfo[] = [];
  private seen = 0;
  private generations = new Float64Array(0);
  private counted = new Uint8Array(0);
  private counts = new Float64Array(0);

  constructor(private rule: SpreadCountRule) {}

  /** The node list the rows refer to. */
  get list(): readonly NodeInfo[] {
    return this.listValue;
  }

  /**
   * Catches up with `list`: re-counts the nodes whose generation moved, found through `log` when it
   * reaches back to the last sync, else by a scan of every row; a new list is counted from scratch.
   */
  sync(list: readonly NodeInfo[], rule: SpreadCountRule, log?: ChangeLog): void {
    this.rule = rule;
    const changed = log?.changesSince(this.seen);
    if (log) this.seen = log.changeSeq;
    if (list !== this.listValue || list.length !== this.generations.length) {
      this.reset(list);
      return;
    }
    const gens = this.generations;
    if (changed) {
      for (const ni of changed) if (list[ni.row] === ni && ni.generation !== gens[ni.row]) this.recount(ni.row);
      return;
    }
    for (let row = 0; row < list.length; row++) {
      if (list[row].generation !== gens[row]) this.recount(row);
    }
  }

  private reset(list: readonly NodeInfo[]): void {
    this.listValue = list;
    this.sums.clear();
    this.nodesPerValue.clear();
    this.domainIds.clear();
    this.domainNames = [];
    this.sumOfDomain.fill(0);
    this.generations = new Float64Array(list.length).fill(-1);
    this.domainOfRow = new Int32Array(list.length).fill(-1);
    this.counted = new Uint8Array(list.length);
    this.counts = new Float64Array(list.length);
    for (let row = 0; row < list.length; row++) this.recount(row);
  }

  private domainId(value: string): number {
    let id = this.domainIds.get(value);
    if (id !== undefined) return id;
    id = this.domainNames.length;
    this.domainIds.set(value, id);
    this.domainNames.push(value);
    if (id >= this.sumOfDomain.length) {
      const grown = new Float64Array(2 * this.sumOfDomain.length);
      grown.set(this.sumOfDomain);
      this.sumOfDomain = grown;
    }
    return id;
  }

  private recount(row: number): void {
    const ni = this.listValue[row];
    if (this.counted[row]) {
      const id = this.domainOfRow[row];
      const old = this.domainNames[id];
      this.sumOfDomain[id] -= this.counts[row];
      this.sums.set(old, this.sums.get(old)! - this.counts[row]);
      const left = this.nodesPerValue.get(old)! - 1;
      if (left === 0) {
        this.nodesPerValue.delete(old);
        this.sums.delete(old);
      } else this.nodesPerValue.set(old, left);
    }
    this.generations[row] = ni.generation;
    const rule = this.rule;
    const labels = ni.labels;
    const id = Object.hasOwn(labels, rule.topologyKey) ? this.domainId(labels[rule.topologyKey]) : -1;
    this.domainOfRow[row] = id;
    this.counted[row] = 0;
    if (id < 0 || !ni.node || !hasKeys(labels, rule.requiredKeys) || !rule.nodeCounts(ni)) return;
    const value = this.domainNames[id];
    const n = rule.countOn(ni);
    this.counted[row] = 1;
    this.counts[row] = n;
    this.sumOfDomain[id] += n;
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

  /** The counts for `key` over `list`, brought up to date (through `log` when given). */
  get(key: string, list: readonly NodeInfo[], rule: SpreadCountRule, log?: ChangeLog): SpreadCounts {
    let c = this.byKey.get(key);
    if (c) this.byKey.delete(key);
    else c = new SpreadCounts(rule);
    this.byKey.set(key, c);
    if (this.byKey.size > this.max) this.byKey.delete(this.byKey.keys().next().value as string);
    c.sync(list, rule, log);
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
