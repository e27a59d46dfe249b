/**
 * Runs a profile's plugins at each extension point, in the profile's order, as upstream's
 * frameworkImpl: PreFilter Skip disables that plugin's Filter for the cycle, Filter stops at the
 * first failing plugin, scores are normalized then weighted and summed.
 */
import type { Client } from '../../client/client';
import type { EventRecorder } from '../../client/component';
import type { Clock, Rng, Timers } from '../../sim/types';
import { MAX_PERMIT_WAIT_MS, WaitingPod } from './waiting-pods';
import type { FilterResult } from '../results';
import type {
  AnyPlugin,
  BindPlugin,
  CycleState,
  FilterPlugin,
  FrameworkHandle,
  PermitPlugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ReservePlugin,
  ScorePlugin,
} from './interfaces';
import { NO_COLUMNS, type NodeColumns } from './node-columns';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import { Code, newStatus, SUCCESS, type Status } from './status';

/** What a framework needs from its scheduler. */
export interface FrameworkDeps {
  client: Client;
  recorder: EventRecorder;
  clock: Clock;
  rng: Rng;
  snapshot: () => Snapshot;
  /** For Permit waits and their timeouts. */
  timers?: Timers;
}

/**
 * Per-plugin raw and normalized scores for the scored nodes: views of the framework's scratch
 * planes, valid until its next runScorePlugins (a recorded attempt copies what it keeps).
 */
export interface ScoreOutcome {
  totals: Float64Array;
  perPlugin: { plugin: string; weight: number; raw: Float64Array; normalized: Float64Array }[];
}

/** The name of a status code, as upstream's Code.String(). */
export function codeName(code: Code): string {
  return Code[code];
}

/** One profile's plugins and weights. */
export class Framework implements FrameworkHandle {
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly permitPlugins: PermitPlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  /** Pods held by Permit plugins, by uid. */
  readonly waitingPods = new Map<string, WaitingPod>();
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly rng: Rng;
  /** Score planes reused across cycles (fresh arrays per plugin per cycle were most of a cycle's garbage). */
  private planes: Float64Array[] = [];

  constructor(
    readonly profileName: string,
    private readonly deps: FrameworkDeps,
    readonly weights: Record<string, number> = {},
  ) {
    this.client = deps.client;
    this.recorder = deps.recorder;
    this.clock = deps.clock;
    this.rng = deps.rng;
  }

  snapshot(): Snapshot {
    return this.deps.snapshot();
  }

  /** Adds a plugin at every extension point it implements. */
  register(p: AnyPlugin): this {
    if (p.preFilter) this.preFilterPlugins.push(p as PreFilterPlugin);
    if (p.filter) this.filterPlugins.push(p as FilterPlugin);
    if (p.postFilter) this.postFilterPlugins.push(p as PostFilterPlugin);
    if (p.preScore) this.preScorePlugins.push(p as PreScorePlugin);
    if (p.score) this.scorePlugins.push(p as ScorePlugin);
    if (p.reserve) this.reservePlugins.push(p as ReservePlugin);
    if (p.permit) this.permitPlugins.push(p as PermitPlugin);
    if (p.preBind) this.preBindPlugins.push(p as PreBindPlugin);
    if (p.bind) this.bindPlugins.push(p as BindPlugin);
    return this;
  }

  /** Runs PreFilter; records each plugin's verdict when asked; fixes the cycle's Filter plugin list. */
  runPreFilterPlugins(state: CycleState, pi: PodInfo, nodes: NodeInfo[], record?: FilterResult[]): Status {
    state.skipFilterPlugins.clear();
    state.resetNarrowing();
    let failed: Status | undefined;
    for (const p of this.preFilterPlugins) {
      const s = p.preFilter(state, pi, nodes);
      if (s.isSkip()) {
        state.skipFilterPlugins.add(p.name);
        continue;
      }
      record?.push({ plugin: p.name, passed: s.isSuccess(), code: codeName(s.code), reasons: [...s.reasons] });
      if (!s.isSuccess()) {
        failed = s === SUCCESS ? s : s.withPlugin(p.name);
        break;
      }
      if (state.preFilterNodeNames?.size === 0) {
        failed = noNodeSatisfies(state.narrowingPlugins()).withPlugin(p.name);
        break;
      }
    }
    state.filterPlugins = this.filterPlugins.filter((p) => !state.skipFilterPlugins.has(p.name));
    return failed ?? SUCCESS;
  }

  /**
   * Runs the cycle's Filter plugins on one node, stopping at the first that rejects it (its status
   * names it). `row` >= 0 says `ni` is that row of the snapshot's `columns`, so plugins may answer fast.
   */
  runFilterPlugins(state: CycleState, pi: PodInfo, ni: NodeInfo, columns: NodeColumns = NO_COLUMNS, row = -1): Status {
    const plugins = state.filterPlugins ?? this.filterPlugins;
    for (let i = 0; i < plugins.length; i++) {
      const p = plugins[i];
      if (row >= 0 && p.filterFast !== undefined && p.filterFast(state, pi, columns, row)) continue;
      const s = p.filter(state, pi, ni);
      if (s.code === Code.Success) continue;
      if (!s.isRejected()) return newStatus(Code.Error, `running "${p.name}" filter plugin: ${s.message()}`).withPlugin(p.name);
      return s.withPlugin(p.name);
    }
    return SUCCESS;
  }

  /**
   * The batch form of the Filter shortcuts: leaves pass[i] set only where every Filter plugin of the
   * cycle vouches for rows[i] (then runFilterPlugins would surely say Success there).
   */
  filterFastRows(state: CycleState, pi: PodInfo, columns: NodeColumns, rows: Int32Array, pass: Uint8Array): void {
    const plugins = state.filterPlugins ?? this.filterPlugins;
    for (let k = 0; k < plugins.length; k++) {
      const p = plugins[k];
      if (p.filterFastRows !== undefined) p.filterFastRows(state, pi, columns, rows, pass);
      else if (p.filterFast !== undefined) {
        for (let i = 0; i < rows.length; i++) if (pass[i] !== 0 && !p.filterFast(state, pi, columns, rows[i])) pass[i] = 0;
      } else {
        pass.fill(0);
        return;
      }
    }
  }

  async runPostFilterPlugins(state: CycleState, pi: PodInfo, nodeToStatus: Map<string, Status>): Promise<PostFilterResult> {
    let last: PostFilterResult = { status: newStatus(Code.Unschedulable) };
    const reasons: string[] = [];
    for (const p of this.postFilterPlugins) {
      const r = await p.postFilter(state, pi, nodeToStatus);
      if (r.status.isSuccess() || r.status.code === Code.Error) return r;
      reasons.push(...r.status.reasons);
      last = r;
    }
    return { ...last, status: newStatus(Code.Unschedulable, ...reasons) };
  }

  runPreScorePlugins(state: CycleState, pi: PodInfo, nodes: NodeInfo[]): Status {
    state.skipScorePlugins.clear();
    for (const p of this.preScorePlugins) {
      const s = p.preScore(state, pi, nodes);
      if (s.isSkip()) state.skipScorePlugins.add(p.name);
      else if (!s.isSuccess()) return newStatus(Code.Error, `running PreScore plugin "${p.name}": ${s.message()}`);
    }
    return SUCCESS;
  }

  /** Scores every node with every non-skipped Score plugin, normalizes, weights and sums (`rows`: the nodes' snapshot rows). */
  runScorePlugins(state: CycleState, pi: PodInfo, nodes: NodeInfo[], columns: NodeColumns = NO_COLUMNS, rows?: ArrayLike<number>): ScoreOutcome {
    const n = nodes.length;
    let used = 0;
    const totals = this.plane(used++, n);
    totals.fill(0);
    const perPlugin: ScoreOutcome['perPlugin'] = [];
    for (const p of this.scorePlugins) {
      if (state.skipScorePlugins.has(p.name)) continue;
      const raw = this.plane(used++, n);
      scoreInto(p, state, pi, nodes, columns, rows, raw);
      // Plugins without NormalizeScore keep their raw scores: one plane serves as both.
      let normalized = raw;
      if (p.normalizeScore) {
        normalized = this.plane(used++, n);
        normalized.set(raw);
        p.normalizeScore(state, pi, normalized, nodes);
      }
      const weight = this.weights[p.name] ?? 1;
      for (let i = 0; i < n; i++) totals[i] += normalized[i] * weight;
      perPlugin.push({ plugin: p.name, weight, raw, normalized });
    }
    return { totals, perPlugin };
  }

  // The k-th scratch plane as a view of n numbers (stale values: the caller writes every one).
  private plane(k: number, n: number): Float64Array {
    let buf = this.planes[k];
    if (!buf || buf.length < n) this.planes[k] = buf = new Float64Array(Math.max(n, 2 * (buf?.length ?? 0)));
    return buf.subarray(0, n);
  }

  runReservePluginsReserve(state: CycleState, pi: PodInfo, nodeName: string): Status {
    for (const p of this.reservePlugins) {
      const s = p.reserve(state, pi, nodeName);
      if (!s.isSuccess()) return newStatus(Code.Error, `running Reserve plugin "${p.name}": ${s.message()}`).withPlugin(p.name);
    }
    return SUCCESS;
  }

  runReservePluginsUnreserve(state: CycleState, pi: PodInfo, nodeName: string): void {
    // Reverse order, as upstream.
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) this.reservePlugins[i].unreserve(state, pi, nodeName);
  }

  /** Success, a rejection, or Wait: then the pod is held until its waiting plugins allow it (waitOnPermit). */
  runPermitPlugins(state: CycleState, pi: PodInfo, nodeName: string): Status {
    const waits = new Map<string, number>();
    for (const p of this.permitPlugins) {
      const { status, timeoutMs } = p.permit(state, pi, nodeName);
      if (status.isSuccess()) continue;
      if (status.isRejected()) return status.withPlugin(p.name);
      if (status.code !== Code.Wait) return newStatus(Code.Error, `running Permit plugin "${p.name}": ${status.message()}`).withPlugin(p.name);
      waits.set(p.name, Math.min(timeoutMs, MAX_PERMIT_WAIT_MS));
    }
    if (waits.size === 0) return SUCCESS;
    if (!this.deps.timers) return newStatus(Code.Error, 'Permit plugins asked to wait, but the framework has no timers');
    this.waitingPods.set(pi.pod.metadata.uid ?? '', new WaitingPod(pi.pod, waits, this.deps.timers));
    return newStatus(Code.Wait, `one or more plugins asked to wait and no plugin rejected pod "${pi.pod.metadata.name}"`);
  }

  /** Holds the binding cycle while Permit plugins keep the pod waiting; Success when none does. */
  async waitOnPermit(pi: PodInfo): Promise<Status> {
    const uid = pi.pod.metadata.uid ?? '';
    const wp = this.waitingPods.get(uid);
    if (!wp) return SUCCESS;
    const s = await wp.outcome;
    this.waitingPods.delete(uid);
    if (s.isSuccess() || s.isRejected()) return s;
    return newStatus(Code.Error, `error while waiting on permit for pod ${pi.pod.metadata.name}: ${s.message()}`);
  }

  getWaitingPod(uid: string): WaitingPod | undefined {
    return this.waitingPods.get(uid);
  }

  async runPreBindPlugins(state: CycleState, pi: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.preBindPlugins) {
      const s = await p.preBind(state, pi, nodeName);
      if (!s.isSuccess()) return newStatus(Code.Error, `running PreBind plugin "${p.name}": ${s.message()}`);
    }
    return SUCCESS;
  }

  async runBindPlugins(state: CycleState, pi: PodInfo, nodeName: string): Promise<Status> {
    for (const p of this.bindPlugins) {
      const s = await p.bind(state, pi, nodeName);
      if (s.isSkip()) continue;
      return s.isSuccess() ? s : newStatus(Code.Error, `running Bind plugin "${p.name}": ${s.message()}`);
    }
    return newStatus(Code.Error, 'no bind plugin bound the pod');
  }
}

// One plugin's raw scores: its bulk column shortcut, then score() for the rows the shortcut left (-1).
function scoreInto(p: ScorePlugin, state: CycleState, pi: PodInfo, nodes: NodeInfo[], columns: NodeColumns, rows: ArrayLike<number> | undefined, out: Float64Array): void {
  const n = out.length;
  if (rows && p.scoreFastRows !== undefined) {
    p.scoreFastRows(state, pi, columns, rows, out);
    for (let i = 0; i < n; i++) if (!(out[i] >= 0)) out[i] = p.score(state, pi, nodes[i]);
  } else if (rows && p.scoreFast !== undefined) {
    for (let i = 0; i < n; i++) {
      const fast = p.scoreFast(state, pi, columns, rows[i]);
      out[i] = fast >= 0 ? fast : p.score(state, pi, nodes[i]);
    }
  } else for (let i = 0; i < n; i++) out[i] = p.score(state, pi, nodes[i]);
}

/** Upstream's status when the PreFilter plugins' node sets leave no node at all. */
function noNodeSatisfies(names: readonly string[]): Status {
  const msg = names.length === 1 ? `node(s) didn't satisfy plugin ${names[0]}` : `node(s) didn't satisfy plugin(s) [${names.join(' ')}] simultaneously`;
  return newStatus(Code.UnschedulableAndUnresolvable, msg);
}
