/**
 * The scheduling algorithm of one cycle (upstream's schedulePod): filter a sample of nodes starting
 * where the last cycle stopped, score the feasible ones, pick the best (ties broken at random).
 */
import type { Rng } from '../sim/types';
import type { Framework, ScoreOutcome } from './framework/framework';
import { CycleState } from './framework/interfaces';
import { NO_COLUMNS, type NodeColumns } from './framework/node-columns';
import type { NodeInfo } from './framework/node-info';
import { newPodInfo, type PodInfo } from './framework/pod-info';
import { podPriority, type Pod } from './framework/types';
import type { Snapshot } from './framework/snapshot';
import { Code, FitError, newDiagnosis, newStatus, type Diagnosis, type Status } from './framework/status';
import { newAttemptRecord, sealRecord, type AttemptRecord } from './results';

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

/** The fewest rows a filter batch checks at once (near the end of a search, a few more than needed). */
const MIN_FILTER_BATCH = 32;

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
  /** The cycle's score table and scored rows, until sealRecord files them into the record. */
  scores?: ScoreOutcome;
  scoredRows?: ArrayLike<number>;
  unevaluatedNodes: number;
}

const NO_PODS: readonly Pod[] = [];

/** The nodes that passed every filter, with their snapshot rows. */
interface Feasible {
  nodes: NodeInfo[];
  rows: Int32Array;
  /** How many visited nodes some filter rejected. */
  failed: number;
  /** The nodes a PreFilter narrowing left to search (when one did). */
  candidates?: number;
}

/** Keeps the round-robin start index between cycles. */
export class ScheduleAlgorithm {
  nextStartNodeIndex = 0;
  private scratchRows = new Int32Array(0);
  private scratchFeasible = new Int32Array(0);
  private scratchFailedRows = new Int32Array(0);
  private scratchBatchRows = new Int32Array(0);
  private scratchBatchPass = new Uint8Array(0);
  private scratchFailedStatuses: Status[] = [];
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
    const attempt = this.run(fw, snapshot, pi);
    if (attempt.record) sealRecord(attempt.record, attempt.scores, attempt.scoredRows);
    attempt.scores = undefined;
    attempt.scoredRows = undefined;
    return attempt;
  }

  private run(fw: Framework, snapshot: Snapshot, pi: PodInfo): ScheduleAttempt {
    const state = new CycleState();
    const all = snapshot.nodeInfoList;
    const record = this.recordResults ? newAttemptRecord() : undefined;
    const attempt: ScheduleAttempt = { state, record, unevaluatedNodes: 0 };
    const diagnosis = newDiagnosis();
    if (all.length === 0) return ((attempt.noNodes = true), attempt);
    const pre = fw.runPreFilterPlugins(state, pi, all, record?.preFilter);
    if (record) record.filterPlugins = (state.filterPlugins ?? []).map((p) => p.name);
    if (!pre.isSuccess()) {
      if (!pre.isRejected()) return ((attempt.error = pre), attempt);
      diagnosis.preFilterMsg = pre.message();
      diagnosis.unschedulablePlugins.add(pre.plugin);
      for (const ni of all) diagnosis.nodeToStatus.set(ni.name, pre);
      return withFitError(attempt, pi, all.length, diagnosis);
    }
    if (record) record.nodeList = all;
    const nominated = this.evaluateNominatedNode(fw, state, pi, snapshot, record);
    if (nominated) {
      attempt.result = { suggestedHost: nominated, evaluatedNodes: 1, feasibleNodes: 1 };
      return attempt;
    }
    const narrowed = state.preFilterNodeNames;
    const feasible = narrowed ? this.findFeasibleAmong(fw, state, pi, snapshot, narrowed, diagnosis, attempt) : this.findFeasible(fw, state, pi, snapshot, diagnosis, attempt);
    if (attempt.error) return attempt;
    const count = feasible.nodes.length;
    if (count === 0) return withFitError(attempt, pi, all.length, diagnosis);
    const evaluated = count + feasible.failed;
    attempt.unevaluatedNodes = (feasible.candidates ?? all.length) - evaluated;
    if (count === 1) {
      attempt.result = { suggestedHost: feasible.nodes[0].name, evaluatedNodes: evaluated, feasibleNodes: 1 };
      return attempt;
    }
    const host = this.prioritize(fw, state, pi, feasible, snapshot.columns, attempt);
    if (attempt.error) return attempt;
    attempt.result = { suggestedHost: host, evaluatedNodes: evaluated, feasibleNodes: count };
    return attempt;
  }

  // A pod that preempted tries its nominated node first, as upstream's evaluateNominatedNode.
  private evaluateNominatedNode(fw: Framework, state: CycleState, pi: PodInfo, snapshot: Snapshot, record: AttemptRecord | undefined): string | undefined {
    const name = pi.pod.status?.nominatedNodeName;
    const ni = name ? snapshot.get(name) : undefined;
    if (!ni) return undefined;
    const s = this.filterWithNominatedPods(fw, state, pi, ni, snapshot.columns);
    if (!s.isSuccess()) return undefined;
    if (record && ni.row >= 0) record.rows = [ni.row];
    return ni.name;
  }

  /** Runs the filters as if pods nominated to the node with at least this pod's priority were on it. */
  filterWithNominatedPods(fw: Framework, state: CycleState, pi: PodInfo, ni: NodeInfo, columns: NodeColumns = NO_COLUMNS): Status {
    const nominated = this.nominator && this.nominator.size !== 0 ? this.nominator.nominatedPodsForNode(ni.name) : NO_PODS;
    const row = columns === NO_COLUMNS ? -1 : ni.row;
    if (nominated.length === 0) return fw.runFilterPlugins(state, pi, ni, columns, row);
    const prio = podPriority(pi.pod);
    const extra = nominated.filter((p) => p.metadata.uid !== pi.pod.metadata.uid && podPriority(p) >= prio);
    if (extra.length === 0) return fw.runFilterPlugins(state, pi, ni, columns, row);
    const withNominated = ni.clone();
    for (const p of extra) withNominated.addPod(newPodInfo(p));
    return fw.runFilterPlugins(state, pi, withNominated);
  }

  // Visits nodes by snapshot row, so the common case reads the dense columns, not the node infos:
  // batches of rows go through every plugin's column shortcut at once, and only the rows some
  // shortcut cannot vouch for run the Filter plugins one by one. The batch never reaches past what
  // the sequential search would visit except for shortcut checks, which have no effect.
  // Rejections go to scratch arrays: the diagnosis (a map by node name) is built only when no node fits.
  private findFeasible(fw: Framework, state: CycleState, pi: PodInfo, snapshot: Snapshot, d: Diagnosis, attempt: ScheduleAttempt): Feasible {
    const all = snapshot.nodeInfoList;
    const columns = snapshot.columns;
    const numToFind = numFeasibleNodesToFind(all.length, this.percentageOfNodesToScore);
    const nodes: NodeInfo[] = [];
    const n = all.length;
    this.growScratch(n);
    const feasibleRows = this.scratchFeasible;
    const failedRows = this.scratchFailedRows;
    const failedStatuses = this.scratchFailedStatuses;
    const record = attempt.record;
    const visited = record ? this.scratchRows : undefined;
    const plain = !this.nominator || this.nominator.size === 0;
    let processed = 0;
    let failed = 0;
    while (processed < n && nodes.length < numToFind) {
      const batch = Math.min(n - processed, Math.max(numToFind - nodes.length, MIN_FILTER_BATCH));
      const rows = this.scratchBatchRows.subarray(0, batch);
      const pass = this.scratchBatchPass.subarray(0, batch);
      for (let k = 0; k < batch; k++) {
        const row = this.nextStartNodeIndex + processed + k;
        rows[k] = row >= n ? row - n : row;
      }
      pass.fill(plain ? 1 : 0);
      if (plain) fw.filterFastRows(state, pi, columns, rows, pass);
      for (let k = 0; k < batch && nodes.length < numToFind; k++) {
        const row = rows[k];
        const ni = all[row];
        if (visited) visited[processed] = row;
        processed++;
        if (pass[k] !== 0) {
          feasibleRows[nodes.length] = row;
          nodes.push(ni);
          continue;
        }
        const s = plain ? fw.runFilterPlugins(state, pi, ni, columns, row) : this.filterWithNominatedPods(fw, state, pi, ni, columns);
        if (s.code === Code.Success) {
          feasibleRows[nodes.length] = row;
          nodes.push(ni);
          continue;
        }
        if (s.code === Code.Error) {
          if (record) recordFailures(record, failedRows, failedStatuses, failed, row, s);
          failedStatuses.length = 0;
          attempt.error = s;
          return { nodes: [], rows: feasibleRows.subarray(0, 0), failed: 0 };
        }
        failedRows[failed] = row;
        failedStatuses[failed++] = s;
      }
    }
    if (record) recordFailures(record, failedRows, failedStatuses, failed);
    if (nodes.length === 0) for (let k = 0; k < failed; k++) d.nodeToStatus.set(all[failedRows[k]].name, failedStatuses[k]);
    for (let k = 0; k < failed; k++) d.unschedulablePlugins.add(failedStatuses[k].plugin);
    // Statuses are not kept past the cycle by the scratch list.
    failedStatuses.length = 0;
    // A view of the scratch rows until sealRecord copies it out at the end of the cycle.
    if (record && visited) record.rows = visited.subarray(0, processed);
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % n;
    return { nodes, rows: feasibleRows.subarray(0, nodes.length), failed };
  }

  /**
   * Upstream's search when PreFilter narrowed the nodes (PreFilterResult): only those that exist are
   * filtered, in snapshot order from where the last search stopped; the others count, when nothing
   * fits, as rejected by the narrowing plugins ("node(s) didn't satisfy plugin(s) [NodeAffinity]").
   */
  private findFeasibleAmong(fw: Framework, state: CycleState, pi: PodInfo, snapshot: Snapshot, names: Set<string>, d: Diagnosis, attempt: ScheduleAttempt): Feasible {
    const all = snapshot.nodeInfoList;
    const picked: NodeInfo[] = [];
    for (const name of names) {
      const ni = snapshot.get(name);
      if (ni) picked.push(ni);
    }
    picked.sort((a, b) => a.row - b.row);
    this.growScratch(all.length);
    const n = picked.length;
    const numToFind = numFeasibleNodesToFind(n, this.percentageOfNodesToScore);
    const nodes: NodeInfo[] = [];
    const feasibleRows = this.scratchFeasible;
    const failedRows = this.scratchFailedRows;
    const failedStatuses = this.scratchFailedStatuses;
    const record = attempt.record;
    const visited: number[] = [];
    let failed = 0;
    for (let i = 0; i < n && nodes.length < numToFind; i++) {
      const ni = picked[(this.nextStartNodeIndex + i) % n];
      visited.push(ni.row);
      const s = this.filterWithNominatedPods(fw, state, pi, ni, snapshot.columns);
      if (s.code === Code.Success) {
        feasibleRows[nodes.length] = ni.row;
        nodes.push(ni);
      } else if (s.code === Code.Error) {
        if (record) recordFailures(record, failedRows, failedStatuses, failed, ni.row, s);
        failedStatuses.length = 0;
        attempt.error = s;
        return { nodes: [], rows: feasibleRows.subarray(0, 0), failed: 0 };
      } else {
        failedRows[failed] = ni.row;
        failedStatuses[failed++] = s;
      }
    }
    if (record) {
      recordFailures(record, failedRows, failedStatuses, failed);
      record.rows = Int32Array.from(visited);
    }
    for (let k = 0; k < failed; k++) d.unschedulablePlugins.add(failedStatuses[k].plugin);
    if (nodes.length === 0) {
      for (let k = 0; k < failed; k++) d.nodeToStatus.set(all[failedRows[k]].name, failedStatuses[k]);
      const absent = newStatus(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${state.narrowingPlugins().join(' ')}]`);
      for (const ni of all) if (!d.nodeToStatus.has(ni.name)) d.nodeToStatus.set(ni.name, absent);
      for (const p of state.pluginsWithNodes) d.unschedulablePlugins.add(p);
    }
    failedStatuses.length = 0;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + nodes.length + failed) % all.length;
    return { nodes, rows: feasibleRows.subarray(0, nodes.length), failed, candidates: n };
  }

  // Scratch arrays reused across cycles (zeroed typed arrays per cycle showed in profiles); records copy out.
  private growScratch(n: number): void {
    if (this.scratchRows.length >= n) return;
    this.scratchRows = new Int32Array(n);
    this.scratchFeasible = new Int32Array(n);
    this.scratchFailedRows = new Int32Array(n);
    this.scratchBatchRows = new Int32Array(n);
    this.scratchBatchPass = new Uint8Array(n);
  }

  private prioritize(fw: Framework, state: CycleState, pi: PodInfo, feasible: Feasible, columns: NodeColumns, attempt: ScheduleAttempt): string {
    const pre = fw.runPreScorePlugins(state, pi, feasible.nodes);
    if (!pre.isSuccess()) {
      attempt.error = pre;
      return '';
    }
    const outcome = fw.runScorePlugins(state, pi, feasible.nodes, columns, feasible.rows);
    if (attempt.record) {
      attempt.scores = outcome;
      attempt.scoredRows = feasible.rows;
    }
    return this.selectHost(feasible.nodes, outcome.totals);
  }

  /** The highest total; among equal ones each is equally likely (reservoir sampling, as upstream). */
  selectHost(nodes: NodeInfo[], totals: ArrayLike<number>): string {
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

// Copies the cycle's rejections (and the erroring node, if any) into the record, in visit order.
function recordFailures(r: AttemptRecord, rows: Int32Array, statuses: Status[], count: number, errorRow?: number, error?: Status): void {
  for (let k = 0; k < count; k++) {
    r.failedRows.push(rows[k]);
    r.failedStatuses.push(statuses[k]);
  }
  if (error && errorRow !== undefined) {
    r.failedRows.push(errorRow);
    r.failedStatuses.push(error);
  }
}

// A cycle no node passed: the FitError over every node, with the diagnosis.
function withFitError(attempt: ScheduleAttempt, pi: PodInfo, numAllNodes: number, diagnosis: Diagnosis): ScheduleAttempt {
  attempt.fitError = new FitError(`${pi.pod.metadata.namespace}/${pi.pod.metadata.name}`, numAllNodes, diagnosis);
  return attempt;
}
