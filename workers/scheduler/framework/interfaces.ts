/**
 * The extension points of upstream's scheduling framework, one small interface each; a plugin
 * implements the ones it needs. Plugins share state between their phases only through CycleState.
 */
import type { Client } from '../../client/client';
import type { EventRecorder } from '../../client/component';
import type { Clock, Rng } from '../../sim/types';
import type { NodeColumns } from './node-columns';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import type { Status } from './status';
import type { WaitingPod } from './waiting-pods';

/** Upstream's MaxNodeScore: every Score plugin answers in [0, 100]. */
export const MAX_NODE_SCORE = 100;

/** Per-cycle scratch space, keyed by plugin-chosen keys. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter does not run this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip. */
  readonly skipScorePlugins = new Set<string>();
  /** The Filter plugins this cycle runs (those whose PreFilter did not Skip), set by PreFilter. */
  filterPlugins: FilterPlugin[] | undefined;
  /**
   * Upstream's PreFilterResult, merged over the PreFilter plugins: the only nodes worth filtering
   * (their intersection), or undefined for all nodes. Set through `narrowNodes`.
   */
  preFilterNodeNames: Set<string> | undefined;
  /** The PreFilter plugins that narrowed the nodes this cycle, in the order they ran. */
  readonly pluginsWithNodes: string[] = [];

  /** A PreFilter plugin says only `names` can fit (upstream returns a PreFilterResult); results intersect. */
  narrowNodes(plugin: string, names: Set<string>): void {
    this.pluginsWithNodes.push(plugin);
    const prev = this.preFilterNodeNames;
    this.preFilterNodeNames = prev ? new Set([...prev].filter((n) => names.has(n))) : names;
  }

  /** The narrowing plugins as upstream's messages list them: each once, sorted. */
  narrowingPlugins(): string[] {
    return [...new Set(this.pluginsWithNodes)].sort();
  }

  /** Forgets the narrowing (PreFilter runs again). */
  resetNarrowing(): void {
    this.preFilterNodeNames = undefined;
    this.pluginsWithNodes.length = 0;
  }

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
}

/** What a plugin may use besides its arguments. */
export interface FrameworkHandle {
  snapshot(): Snapshot;
  client: Client;
  recorder: EventRecorder;
  clock: Clock;
  rng: Rng;
  /** Runs every Filter plugin on one node (preemption re-checks nodes with victims removed). */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  /** Runs every PreFilter plugin again over a modified state (preemption's AddPod/RemovePod shortcut). */
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): Status;
  /** A pod a Permit plugin holds (by uid), to allow or reject it (e.g. once its whole gang is ready). */
  getWaitingPod(uid: string): WaitingPod | undefined;
}

/** A plugin: a name. */
export interface Plugin {
  readonly name: string;
}

/** Runs once per cycle before filtering; may reject the pod outright or Skip its own Filter. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): Status;
}

/** Says whether the pod can run on one node. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  /**
   * Optional shortcut over the snapshot's columns: true only when filter() would surely return
   * Success for the node in that row (false: ask filter()). Never changes an outcome.
   */
  filterFast?(state: CycleState, pod: PodInfo, columns: NodeColumns, row: number): boolean;
  /**
   * Optional bulk form of filterFast (one call per batch, so the per-row call is monomorphic):
   * clears pass[i] wherever filterFast(rows[i]) would be false, leaves every other entry as it is.
   */
  filterFastRows?(state: CycleState, pod: PodInfo, columns: NodeColumns, rows: Int32Array, pass: Uint8Array): void;
}

/** What a PostFilter (preemption) achieved. */
export interface PostFilterResult {
  status: Status;
  /** The node the pod is nominated to once victims are gone ('' clears a nomination). */
  nominatedNodeName?: string;
}

/** Runs when no node fits; DefaultPreemption lives here. */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, nodeToStatus: Map<string, Status>): Promise<PostFilterResult>;
}

/** Runs once before scoring over the feasible nodes; may Skip its own Score. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): Status;
}

/** One score per node (a plain array in tests, a Float64Array in cycles). */
export type ScoreList = number[] | Float64Array;

/** Ranks a feasible node; NormalizeScore maps the raw scores into [0, 100]. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Optional shortcut over the snapshot's columns: score() of the node in that row, or -1 to ask score(). */
  scoreFast?(state: CycleState, pod: PodInfo, columns: NodeColumns, row: number): number;
  /**
   * Optional bulk form of scoreFast (one call per cycle, so the per-row call is monomorphic):
   * out[i] = scoreFast(rows[i]) for every i < out.length, -1 where score() must answer.
   */
  scoreFastRows?(state: CycleState, pod: PodInfo, columns: NodeColumns, rows: ArrayLike<number>, out: Float64Array): void;
  normalizeScore?(state: CycleState, pod: PodInfo, scores: ScoreList, nodes: NodeInfo[]): void;
}

/** Claims (and on failure releases) per-node resources the plugin tracks itself. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** Approves, rejects, or (Wait) delays a binding. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): { status: Status; timeoutMs: number };
}

/** Runs before binding (e.g. volume provisioning). */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

/** Binds the pod; the first Bind plugin not answering Skip wins. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

/** Every extension point, for narrowing a plugin object. */
export type AnyPlugin = Plugin &
  Partial<PreFilterPlugin & FilterPlugin & PostFilterPlugin & PreScorePlugin & ScorePlugin & ReservePlugin & PermitPlugin & PreBindPlugin & BindPlugin>;
