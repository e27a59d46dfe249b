/**
 * The scheduling algorithm of one cycle (upstream's schedulePod): filter a sample of nodes starting
 * where the last cycle stopped, score the feasible ones, pick the best (ties broken at random).
 */
import type { Rng } from '../sim/types';
import type { Framework } from './framework/framework';
import { CycleState } from './framework/interfaces';
import type { NodeInfo } from './framework/node-info';
import { newPodInfo, type PodInfo } from './framework/pod-info';
import { podPriority, type Pod } from './framework/types';
import type { Snapshot } from './framework/snapshot';
import { Code, FitError, newDiagnosis, type Diagnosis, type Status } from './framework/status';
import { newAttemptRecord, type AttemptRecord } from './results';

/** Upstream's minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** How many feasible nodes to look for: all below 100 nodes, else the adaptive (or given) percentage. */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** What a successful cycle chose. */
export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

/** The outcome of one schedulePod call: a host, or a FitError, plus the per-node record. */
export interface ScheduleAttempt {
  result?: ScheduleResult;
  fitError?: FitError;
  /** Upstream's ErrNoNodesAvailable: the cluster has no nodes at all. */
  noNodes?: boolean;
  error?: Status;
  state: CycleState;
  /** Per-node filter and score results (undefined when recording is off). */
  record?: AttemptRecord;
  unevaluatedNodes: number;
}

const NO_PODS: readonly Pod[] = [];

/** Keeps the round-robin start index between cycles. */
export class ScheduleAlgorithm {
  nextStartNodeIndex = 0;
  /** Pods nominated to nodes; filters count those of equal or higher priority as present. */
  nominator: { nominatedPodsForNode(nodeName: string): readonly Pod[]; readonly size?: number } | undefined;

  constructor(
    private readonly rng: Rng,
    private readonly percentageOfNodesToScore = 0,
    /** Record per-node plugin results (for the UI). */
    readonly recordResults = true,
  ) {}

  /** Runs one scheduling cycle's algorithm for the pod over the snapshot. */
  schedulePod(fw: Framework, snapshot: Snapshot, pi: PodInfo): ScheduleAttempt {
    const state = new CycleState();
    const all = snapshot.nodeInfoList;
    const record = this.recordResults ? newAttemptRecord() : undefined;
    const attempt: ScheduleAttempt = { state, record, unevaluatedNodes: 0 };
    const diagnosis = newDiagnosis();
    const fail = () => ((attempt.fitError = new FitError(`${pi.pod.metadata.namespace}/${pi.pod.metadata.name}`, all.length, diagnosis)), attempt);
    if (all.length === 0) return ((attempt.noNodes = true), attempt);
    const pre = fw.runPreFilterPlugins(state, pi, all, record?.preFilter);
    if (record) record.filterPlugins = (state.filterPlugins ?? []).map((p) => p.name);
    if (!pre.isSuccess()) {
      if (!pre.isRejected()) return ((attempt.error = pre), attempt);
      diagnosis.preFilterMsg = pre.message();
      diagnosis.unschedulablePlugins.add(pre.plugin);
      for (const ni of all) diagnosis.nodeToStatus.set(ni.name, pre);
      return fail();
    }
    const nominated = this.evaluateNominatedNode(fw, state, pi, snapshot, record);
    if (nominated) {
      attempt.result = { suggestedHost: nominated, evaluatedNodes: 1, feasibleNodes: 1 };
      return attempt;
    }
    const feasible = this.findFeasible(fw, state, pi, all, diagnosis, attempt);
    if (attempt.error) return attempt;
    if (feasible.length === 0) return fail();
    const evaluated = feasible.length + diagnosis.nodeToStatus.size;
    attempt.unevaluatedNodes = all.length - evaluated;
    if (feasible.length === 1) {
      attempt.result = { suggestedHost: feasible[0].name, evaluatedNodes: evaluated, feasibleNodes: 1 };
      return attempt;
    }
    const host = this.prioritize(fw, state, pi, feasible, attempt);
    if (attempt.error) return attempt;
    attempt.result = { suggestedHost: host, evaluatedNodes: evaluated, feasibleNodes: feasible.length };
    return attempt;
  }

  // A pod that preempted tries its nominated node first, as upstream's evaluateNominatedNode.
  private evaluateNominatedNode(fw: Framework, state: CycleState, pi: PodInfo, snapshot: Snapshot, record: AttemptRecord | undefined): string | undefined {
    const name = pi.pod.status?.nominatedNodeName;
    const ni = name ? snapshot.get(name) : undefined;
    if (!ni) return undefined;
    const s = this.filterWithNominatedPods(fw, state, pi, ni);
    if (!s.isSuccess()) return undefined;
    if (record) {
      record.nodeNames.push(ni.name);
      record.nodeStatuses.push(undefined);
    }
    return ni.name;
  }

  /** Runs the filters as if pods nominated to the node with at least this pod's priority were on it. */
  filterWithNominatedPods(fw: Framework, state: CycleState, pi: PodInfo, ni: NodeInfo): Status {
    const nominated = this.nominator && this.nominator.size !== 0 ? this.nominator.nominatedPodsForNode(ni.name) : NO_PODS;
    if (nominated.length === 0) return fw.runFilterPlugins(state, pi, ni);
    const prio = podPriority(pi.pod);
    const extra = nominated.filter((p) => p.metadata.uid !== pi.pod.metadata.uid && podPriority(p) >= prio);
    if (extra.length === 0) return fw.runFilterPlugins(state, pi, ni);
    const withNominated = ni.clone();
    for (const p of extra) withNominated.addPod(newPodInfo(p));
    return fw.runFilterPlugins(state, pi, withNominated);
  }

  private findFeasible(fw: Framework, state: CycleState, pi: PodInfo, all: NodeInfo[], d: Diagnosis, attempt: ScheduleAttempt): NodeInfo[] {
    const numToFind = numFeasibleNodesToFind(all.length, this.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    const record = attempt.record;
    const n = all.length;
    let processed = 0;
    for (let i = 0; i < n && feasible.length < numToFind; i++) {
      let at = this.nextStartNodeIndex + i;
      if (at >= n) at -= n;
      const ni = all[at];
      processed++;
      const s = this.filterWithNominatedPods(fw, state, pi, ni);
      if (record) {
        record.nodeNames.push(ni.name);
        record.nodeStatuses.push(s.code === Code.Success ? undefined : s);
      }
      if (s.code === Code.Success) feasible.push(ni);
      else if (s.code === Code.Error) {
        attempt.error = s;
        return [];
      } else {
        d.nodeToStatus.set(ni.name, s);
        d.unschedulablePlugins.add(s.plugin);
      }
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % n;
    return feasible;
  }

  private prioritize(fw: Framework, state: CycleState, pi: PodInfo, feasible: NodeInfo[], attempt: ScheduleAttempt): string {
    const pre = fw.runPreScorePlugins(state, pi, feasible);
    if (!pre.isSuccess()) {
      attempt.error = pre;
      return '';
    }
    const outcome = fw.runScorePlugins(state, pi, feasible);
    if (attempt.record) attempt.record.scores = { nodes: feasible.map((ni) => ni.name), perPlugin: outcome.perPlugin, totals: outcome.totals };
    return this.selectHost(feasible, outcome.totals);
  }
  /** The highest total; among equal ones each is equally likely (reservoir sampling, as upstream). */
  selectHost(nodes: NodeInfo[], totals: number[]): string {
    let best = 0;
    let count = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        count = 1;
      } else if (totals[i] === totals[best]) {
        count++;
        if (this.rng.int(count) === 0) best = i;
      }
    }
    return nodes[best].name;
  }
}
