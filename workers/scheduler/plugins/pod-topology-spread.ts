/**
 * PodTopologySpread: DoNotSchedule constraints filter nodes whose domain would exceed maxSkew over
 * the least loaded domain; ScheduleAnyway constraints score nodes, fewer matching pods is better.
 */
import type { LabelSelector } from '../../api/selectors';
import type { CycleState, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, ScoreList } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { NodeColumns } from '../framework/node-columns';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import { Code, newStatus, SKIP, SUCCESS, type Status } from '../framework/status';
import type { Pod } from '../framework/types';
import { countMatchingPods, PodMatchCountsCache, type PodMatchCounts } from './pod-match-counts';
import { PodValueIndex } from '../framework/pod-value-index';
import { HOSTNAME, hasAllKeys, nodeCounts, pair, systemDefaultConstraints, toConstraints, type Constraint } from './spread-constraints';

import { eligibilityKey, SpreadCountsCache, type ChangeLog, type SpreadCountRule, type SpreadCounts } from './spread-counts';

/** The plugin's name. */
export const PodTopologySpreadName = 'PodTopologySpread';
// Cycle-state keys built once: a key concatenated per call is a fresh string to hash per node.
const PRE_FILTER_KEY = 'PreFilter' + PodTopologySpreadName;
const PRE_SCORE_KEY = 'PreScore' + PodTopologySpreadName;
/** Upstream's ErrReasonConstraintsNotMatch. */
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
/** Upstream's ErrReasonNodeLabelNotMatch. */
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';

/** Finds the selector system-default spreading uses for a pod (services and controllers selecting it). */
export type DefaultSelectorFn = (pod: Pod) => LabelSelector | undefined;

interface FilterState {
  constraints: Constraint[];
  /** Read-only (they may be the kept counts themselves). */
  counts: ReadonlyMap<string, number>[];
  minMatch: number[];
  /** Per constraint, 1 when the incoming pod matches its own selector. */
  selfMatch: number[];
  /** Per constraint, the kept counts over the snapshot's list: rows answer without reading labels. */
  kept?: SpreadCounts[];
  /** This cycle's rejections, one Status per reason shared by every node it rejects. */
  missingLabel: Status;
  skewTooBig: Status;
}

interface ScoreState {
  constraints: Constraint[];
  counts: Map<string, number>;
  /** Per constraint, `counts` of its key by topology value. */
  byValue: Map<string, number>[];
  weights: number[];
  ignored: Set<string>;
  /** Per constraint, the per-node counts when its key is the hostname. */
  hostCounts: (HostCounts | undefined)[];
}

/** Candidate pods a cycle walks at most for a selector over `nodes` nodes (about what Score visits). */
export const candidatesWalkedAtMost = (nodes: number): number => Math.max(100, nodes / 10);

/** Matching pods on a node. */
interface HostCounts {
  at(ni: NodeInfo): number;
}

// Counts gathered from the matched pods of the snapshot's nodes (its nodes without any count 0); a
// node info from elsewhere is counted as it is.
class MatchedOnNode implements HostCounts {
  constructor(
    private readonly byNode: ReadonlyMap<NodeInfo, number>,
    private readonly list: readonly NodeInfo[],
    private readonly c: Constraint,
    private readonly ns: string,
  ) {}

  at(ni: NodeInfo): number {
    if (this.list[ni.row] !== ni) return countMatchingPods(ni, this.ns, this.c.matches);
    return this.byNode.get(ni) ?? 0;
  }
}

function addCount(counts: Map<string, number>, p: string, n: number): void {
  const before = counts.get(p);
  if (before !== undefined) counts.set(p, before + n);
}

// The kept-counts rule, applied to the nodes of matched pods: a node counts when it carries every
// required key and its pods count under the constraint's node inclusion policies.
function addMatchedCounts(counts: Map<string, number>, pod: Pod, c: Constraint, requiredKeys: readonly string[], matched: ReadonlyMap<NodeInfo, number>): void {
  for (const [ni, n] of matched) {
    const labels = ni.labels;
    if (!ni.node || !requiredKeys.every((k) => Object.hasOwn(labels, k)) || !nodeCounts(pod, ni, c)) continue;
    addCount(counts, pair(c.topologyKey, labels[c.topologyKey]), n);
  }
}

// What one constraint counts on a node, for the kept counts (a class: no closures per cycle).
class ConstraintCountRule implements SpreadCountRule {
  readonly topologyKey: string;

  constructor(
    private readonly pod: Pod,
    private readonly c: Constraint,
    readonly requiredKeys: readonly string[],
    private readonly counts: PodMatchCounts,
  ) {
    this.topologyKey = c.topologyKey;
  }

  nodeCounts(ni: NodeInfo): boolean {
    return nodeCounts(this.pod, ni, this.c);
  }

  countOn(ni: NodeInfo): number {
    return this.counts.at(ni);
  }
}

// Filter by the kept counts' rows: the node's domain id per constraint (-1: no such label) and its sum.
function keptVerdict(s: FilterState, row: number): Status {
  const kept = s.kept!;
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i];
    const id = k.domainOfRow[row];
    if (id < 0) return s.missingLabel;
    if (k.sumOfDomain[id] + s.selfMatch[i] - s.minMatch[i] > s.constraints[i].maxSkew) return s.skewTooBig;
  }
  return SUCCESS;
}

// Upstream's Score for one node: each constraint's matching pods in the node's domain, weighted.
function scoreNode(s: ScoreState, ni: NodeInfo): number {
  if (s.ignored.size > 0 && s.ignored.has(ni.name)) return 0;
  const labels = ni.labels;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    if (!Object.hasOwn(labels, c.topologyKey)) continue;
    const hostCounts = s.hostCounts[i];
    const cnt = hostCounts !== undefined ? hostCounts.at(ni) : (s.byValue[i].get(labels[c.topologyKey]) ?? 0);
    score += cnt * s.weights[i] + (c.maxSkew - 1);
  }
  return Math.round(score);
}

// Upstream's per-cycle count over the given nodes, for node lists other than the snapshot's.
function scanCounts(pod: Pod, constraints: Constraint[], ns: string, nodes: NodeInfo[]): Map<string, number>[] {
  const counts = constraints.map(() => new Map<string, number>());
  for (const ni of nodes) {
    if (!ni.node || !hasAllKeys(ni, constraints)) continue;
    const labels = ni.labels;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!nodeCounts(pod, ni, c)) continue;
      const value = labels[c.topologyKey];
      counts[i].set(value, (counts[i].get(value) ?? 0) + countMatchingPods(ni, ns, c.matches));
    }
  }
  return counts;
}

/** Spreads pods over topology domains. */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = PodTopologySpreadName;
  private readonly spreadCounts = new SpreadCountsCache();
  private readonly matchCounts = new PodMatchCountsCache();
  private readonly valueIndex = new PodValueIndex();

  constructor(
    private readonly allNodes: () => NodeInfo[] = () => [],
    private readonly defaultSelector: DefaultSelectorFn = () => undefined,
    /** The snapshot's log of in-place changes, so kept counts re-count only what changed. */
    private readonly changes: () => ChangeLog | undefined = () => undefined,
    /** Above this many candidate pods a selector is counted per node instead (tests choose the path). */
    private readonly candidateLimit: (nodes: number) => number = candidatesWalkedAtMost,
  ) {}

  preFilter(state: CycleState, pi: PodInfo, nodes: NodeInfo[]): Status {
    const constraints = toConstraints(pi.pod, 'DoNotSchedule');
    if (constraints.length === 0) return SKIP;
    const ns = pi.pod.metadata.namespace ?? 'default';
    // Per constraint, matching pods per topology value (upstream's TpValueToMatchNum): kept across
    // cycles for the snapshot's own node list, counted afresh for any other (preemption's trial lists).
    const keys = constraints.map((c) => c.topologyKey);
    const kept = nodes === this.allNodes() ? constraints.map((c) => this.countsFor(pi.pod, c, keys, ns, nodes)) : undefined;
    const counts = kept ? kept.map((k) => k.sums) : scanCounts(pi.pod, constraints, ns, nodes);
    const minMatch = constraints.map((c, i) => {
      if (counts[i].size < c.minDomains) return 0;
      let min = Infinity;
      for (const n of counts[i].values()) if (n < min) min = n;
      return min === Infinity ? 0 : min;
    });
    const selfMatch = constraints.map((c) => (c.matches(pi.pod.metadata.labels) ? 1 : 0));
    const missingLabel = newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNodeLabelNotMatch);
    const skewTooBig = newStatus(Code.Unschedulable, ErrReasonConstraintsNotMatch);
    state.write(PRE_FILTER_KEY, { constraints, counts, minMatch, selfMatch, kept, missingLabel, skewTooBig } satisfies FilterState);
    return SUCCESS;
  }

  filterFast(state: CycleState, _pi: PodInfo, _columns: NodeColumns, row: number): boolean {
    const s = state.read<FilterState>(PRE_FILTER_KEY);
    if (!s) return true;
    return s.kept !== undefined && s.kept[0].list[row]?.row === row && keptVerdict(s, row) === SUCCESS;
  }

  filterFastRows(state: CycleState, _pi: PodInfo, _columns: NodeColumns, rows: Int32Array, pass: Uint8Array): void {
    const s = state.read<FilterState>(PRE_FILTER_KEY);
    if (!s) return;
    const list = s.kept?.[0].list;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (pass[i] !== 0 && (list === undefined || list[row]?.row !== row || keptVerdict(s, row) !== SUCCESS)) pass[i] = 0;
    }
  }

  filter(state: CycleState, _pi: PodInfo, ni: NodeInfo): Status {
    const s = state.read<FilterState>(PRE_FILTER_KEY);
    if (!s) return SUCCESS;
    if (s.kept !== undefined && ni.row >= 0 && s.kept[0].list[ni.row] === ni) return keptVerdict(s, ni.row);
    const labels = ni.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!Object.hasOwn(labels, c.topologyKey)) return s.missingLabel;
      const matchNum = s.counts[i].get(labels[c.topologyKey]) ?? 0;
      if (matchNum + s.selfMatch[i] - s.minMatch[i] > c.maxSkew) return s.skewTooBig;
    }
    return SUCCESS;
  }

  preScore(state: CycleState, pi: PodInfo, filtered: NodeInfo[]): Status {
    const own = (pi.pod.spec.topologySpreadConstraints?.length ?? 0) > 0;
    const constraints = own ? toConstraints(pi.pod, 'ScheduleAnyway') : this.systemDefaults(pi.pod);
    if (constraints.length === 0) return SKIP;
    // Only explicit constraints need every key on a node; system defaults still spread by hostname.
    const requireAll = own;
    const ignored = new Set<string>();
    // Distinct values per non-hostname key among the filtered nodes (hostname's weight counts nodes).
    const sizes = constraints.map(() => new Set<string>());
    for (const ni of filtered) {
      if (requireAll && !hasAllKeys(ni, constraints)) {
        ignored.add(ni.name);
        continue;
      }
      const labels = ni.labels;
      for (let i = 0; i < constraints.length; i++) {
        const key = constraints[i].topologyKey;
        if (key !== HOSTNAME && Object.hasOwn(labels, key)) sizes[i].add(labels[key]);
      }
    }
    // Upstream's TopologyPairToPodCounts: a pair per (key, value) seen, shared by constraints on one key.
    const counts = new Map<string, number>();
    constraints.forEach((c, i) => {
      for (const value of sizes[i]) counts.set(pair(c.topologyKey, value), 0);
    });
    const nonIgnored = filtered.length - ignored.size;
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? nonIgnored : sizes[i].size) + 2));
    const ns = pi.pod.metadata.namespace ?? 'default';
    const matched = this.matchedPerSelector(constraints, ns);
    // Only non-hostname domains seen among the filtered nodes are counted cluster-wide; several
    // constraints on one key add up in one pair, as upstream.
    if (filtered.length > 0 && counts.size > 0) {
      const all = this.allNodes();
      const keys = constraints.map((c) => c.topologyKey);
      for (const c of constraints) {
        if (c.topologyKey === HOSTNAME) continue;
        const requiredKeys = requireAll ? keys : [c.topologyKey];
        const m = matched.get(c.selectorId);
        if (m !== undefined) addMatchedCounts(counts, pi.pod, c, requiredKeys, m);
        else for (const [value, n] of this.countsFor(pi.pod, c, requiredKeys, ns, all).sums) addCount(counts, pair(c.topologyKey, value), n);
      }
    }
    // Per constraint, its key's counts by value: Score looks a node's value up without building a pair.
    const byValue = constraints.map((c, i) => {
      const m = new Map<string, number>();
      for (const value of sizes[i]) m.set(value, counts.get(pair(c.topologyKey, value))!);
      return m;
    });
    // Hostname domains are counted per scored node (as upstream's Score): from the matched pods, or the kept counts.
    const hostCounts = constraints.map((c): HostCounts | undefined => {
      if (c.topologyKey !== HOSTNAME) return undefined;
      const m = matched.get(c.selectorId);
      return m !== undefined ? new MatchedOnNode(m, this.allNodes(), c, ns) : this.matchCountsOf(c, ns);
    });
    state.write(PRE_SCORE_KEY, { constraints, counts, byValue, weights, ignored, hostCounts } satisfies ScoreState);
    return SUCCESS;
  }

  // Per selector that requires a label value carried by few pods, its matching pods per node info,
  // from the value index (a ReplicaSet's pods, not every node). Selectors without one, or whose value
  // many pods carry (a big ReplicaSet's: then a cycle would walk them all), are counted per node.
  private matchedPerSelector(constraints: Constraint[], ns: string): Map<number, Map<NodeInfo, number>> {
    const out = new Map<number, Map<NodeInfo, number>>();
    for (const c of constraints) {
      if (c.requiredValue === undefined || out.has(c.selectorId)) continue;
      const all = this.allNodes();
      this.valueIndex.sync(all, this.changes());
      const candidates = this.valueIndex.podsWithValue(c.requiredValue);
      if (candidates.size > this.candidateLimit(all.length)) continue;
      const byNode = new Map<NodeInfo, number>();
      for (const [pi, ni] of candidates) {
        const m = pi.pod.metadata;
        if (m.deletionTimestamp || m.namespace !== ns || !c.matches(m.labels)) continue;
        byNode.set(ni, (byNode.get(ni) ?? 0) + 1);
      }
      out.set(c.selectorId, byNode);
    }
    return out;
  }

  // The kept per-node counts of a constraint's selector.
  private matchCountsOf(c: Constraint, ns: string): PodMatchCounts {
    return this.matchCounts.get(c.selectorId, ns, c.matches, this.allNodes().length);
  }

  // The kept counts for one constraint over `list`, among nodes carrying every key in `requiredKeys`.
  private countsFor(pod: Pod, c: Constraint, requiredKeys: string[], ns: string, list: NodeInfo[]): SpreadCounts {
    const key = `${c.selectorId}\x00${c.topologyKey}\x00${requiredKeys.join('\x01')}\x00${eligibilityKey(pod, c.honorAffinity, c.honorTaints)}`;
    return this.spreadCounts.get(key, list, new ConstraintCountRule(pod, c, requiredKeys, this.matchCountsOf(c, ns)), list === this.allNodes() ? this.changes() : undefined);
  }

  private systemDefaults(pod: Pod): Constraint[] {
    const selector = this.defaultSelector(pod);
    return selector ? systemDefaultConstraints(pod, selector) : [];
  }

  score(state: CycleState, _pi: PodInfo, ni: NodeInfo): number {
    return scoreNode(state.read<ScoreState>(PRE_SCORE_KEY)!, ni);
  }

  scoreFastRows(state: CycleState, _pi: PodInfo, _columns: NodeColumns, rows: ArrayLike<number>, out: Float64Array): void {
    const s = state.read<ScoreState>(PRE_SCORE_KEY)!;
    const list = this.allNodes();
    for (let i = 0; i < out.length; i++) {
      const ni = list[rows[i]];
      out[i] = ni !== undefined && ni.row === rows[i] ? scoreNode(s, ni) : -1;
    }
  }

  normalizeScore(state: CycleState, _pi: PodInfo, scores: ScoreList, nodes: NodeInfo[]): void {
    const s = state.read<ScoreState>(PRE_SCORE_KEY)!;
    const skip = s.ignored.size > 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < nodes.length; i++) {
      if (skip && s.ignored.has(nodes[i].name)) continue;
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    for (let i = 0; i < nodes.length; i++) {
      if (skip && s.ignored.has(nodes[i].name)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
  }
}
