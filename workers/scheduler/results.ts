/**
 * What every scheduling attempt decided, per node and plugin, for the UI (as kube-scheduler-simulator
 * records in its result annotations). A cycle records compactly (node names, the failing Status per
 * node, the score arrays it computed anyway), so recording costs a few array pushes per node; the read
 * API expands a record into plain, structured-clonable rows. Bounded: the newest attempts of the most
 * recently attempted pods, with a cap on the total number of node rows kept.
 */
import type { Status } from './framework/status';
import { Code } from './framework/status';

/** One Filter (or PreFilter) plugin's verdict on one node. */
export interface FilterResult {
  plugin: string;
  passed: boolean;
  /** Upstream's status code name (Success, Unschedulable, UnschedulableAndUnresolvable, Error). */
  code: string;
  reasons: string[];
}

/** One Score plugin's numbers on one node. */
export interface ScoreResult {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  /** normalized x weight. */
  weighted: number;
}

/** Everything one attempt learned about one node. */
export interface NodeResult {
  node: string;
  filters: FilterResult[];
  scores: ScoreResult[];
  /** The sum of weighted scores; absent for nodes that were not scored. */
  finalScore?: number;
}

/** The outcome of an attempt. */
export type AttemptOutcome = 'Scheduled' | 'Unschedulable' | 'Error';

/** One attempt without its per-node rows (for lists). */
export interface AttemptSummary {
  /** `namespace/name`. */
  pod: string;
  uid: string;
  profile: string;
  attempt: number;
  timeMs: number;
  outcome: AttemptOutcome;
  selectedNode?: string;
  /** The FailedScheduling message, or the Scheduled one. */
  message: string;
  /** Nodes filtered, nodes that passed every filter, nodes the sampled search did not reach. */
  evaluatedNodes: number;
  feasibleNodes: number;
  unevaluatedNodes: number;
}

/** One scheduling attempt of one pod, with every node's filter and score rows. */
export interface AttemptResult extends AttemptSummary {
  preFilter: FilterResult[];
  nodes: NodeResult[];
}

/** One number per scored node: a typed array, or one number every scored node shares. */
export type ScorePlane = ArrayLike<number> | number;

/** Per-plugin score arrays over the scored nodes (typed arrays: kept off the GC's copying path). */
export interface ScoreTable {
  /** The scored (feasible) nodes' rows in `nodeList`, in the order of the arrays. */
  rows: ArrayLike<number>;
  perPlugin: { plugin: string; weight: number; raw: ScorePlane; normalized: ScorePlane }[];
  /** The final scores; absent, they are summed again on reading (normalized x weight in plugin order, as the framework sums). */
  totals?: ArrayLike<number>;
}

function planeAt(p: ScorePlane, i: number): number {
  return typeof p === 'number' ? p : p[i];
}

/** Anything with a node name (the snapshot's node infos). */
export interface NamedNode {
  readonly name: string;
}

/** What a cycle hands the store: compact, filled by the algorithm as it goes. */
export interface AttemptRecord extends AttemptSummary {
  preFilter: FilterResult[];
  /** The Filter plugins run this cycle, in order (PreFilter Skips left out). */
  filterPlugins: string[];
  /** The snapshot's node list of that cycle; rows below index into it (a node info's name never changes). */
  nodeList: readonly NamedNode[];
  /** The evaluated nodes' rows, in evaluation order. */
  rows: ArrayLike<number>;
  /** The rows some filter rejected, and the Status that did (the others passed every filter). */
  failedRows: number[];
  failedStatuses: Status[];
  scores?: ScoreTable;
}

const NO_ROWS: readonly number[] = [];

/** An empty record for the cycle to fill. */
export function newAttemptRecord(): AttemptRecord {
  return {
    pod: '',
    uid: '',
    profile: '',
    attempt: 0,
    timeMs: 0,
    outcome: 'Unschedulable',
    message: '',
    evaluatedNodes: 0,
    feasibleNodes: 0,
    unevaluatedNodes: 0,
    preFilter: [],
    filterPlugins: [],
    nodeList: [],
    rows: NO_ROWS,
    failedRows: [],
    failedStatuses: [],
  };
}

/** The scores of one cycle as the framework hands them over (views of its scratch planes). */
export interface CycleScores {
  perPlugin: { plugin: string; weight: number; raw: ArrayLike<number>; normalized: ArrayLike<number> }[];
}

/**
 * Moves a finished record's rows and scores (scratch views during the cycle) into one buffer the
 * record owns, each in the narrowest exact form: rows as 16-bit integers (32-bit past 65,536 nodes),
 * scored rows only when they differ from the evaluated ones, a plane shared by every node as one
 * number, a plane of whole numbers 0..255 (most scores) as bytes, other planes as float64; totals
 * not at all (expandAttempt sums them again).
 */
export function sealRecord(r: AttemptRecord, scores: CycleScores | undefined, scoredRows: ArrayLike<number> | undefined): void {
  const evaluated = r.rows.length;
  const n = scores && scoredRows ? scoredRows.length : 0;
  const ownRows = scoredRows !== undefined && !sameRows(r.rows, scoredRows);
  const planes: Plane[] = [];
  let floats = 0;
  let bytes = 0;
  for (const p of scores?.perPlugin ?? []) {
    for (const values of p.normalized === p.raw ? [p.raw] : [p.raw, p.normalized]) {
      const plane = classify(values, n);
      planes.push(plane);
      if (plane.kind === 'float') floats++;
      else if (plane.kind === 'byte') bytes++;
    }
  }
  const rowBytes = r.nodeList.length <= 65_536 ? 2 : 4;
  const rowsAt = 8 * n * floats;
  const bytesAt = rowsAt + rowBytes * (evaluated + (ownRows ? n : 0));
  const buf = new ArrayBuffer(bytesAt + n * bytes);
  const rows = rowArray(buf, rowBytes, rowsAt, evaluated);
  rows.set(r.rows);
  r.rows = rows;
  if (!scores || !scoredRows) return;
  let scored = rows;
  if (ownRows) (scored = rowArray(buf, rowBytes, rowsAt + rowBytes * evaluated, n)).set(scoredRows);
  const at = { float: 0, byte: bytesAt };
  let k = 0;
  const perPlugin: ScoreTable['perPlugin'] = [];
  for (const p of scores.perPlugin) {
    const raw = placePlane(buf, planes[k++], n, at);
    perPlugin.push({ plugin: p.plugin, weight: p.weight, raw, normalized: p.normalized === p.raw ? raw : placePlane(buf, planes[k++], n, at) });
  }
  r.scores = { rows: scored, perPlugin };
}

function rowArray(buf: ArrayBuffer, rowBytes: number, at: number, len: number): Uint16Array | Int32Array {
  return rowBytes === 2 ? new Uint16Array(buf, at, len) : new Int32Array(buf, at, len);
}

// Copies a classified plane into its part of the buffer (`at`: the next free float and byte offsets).
function placePlane(buf: ArrayBuffer, plane: Plane, n: number, at: { float: number; byte: number }): ScorePlane {
  if (plane.kind === 'constant') return plane.value;
  let view: Float64Array | Uint8Array;
  if (plane.kind === 'float') {
    view = new Float64Array(buf, at.float, n);
    at.float += 8 * n;
  } else {
    view = new Uint8Array(buf, at.byte, n);
    at.byte += n;
  }
  view.set(plane.values);
  return view;
}

type Plane = { kind: 'constant'; value: number } | { kind: 'byte' | 'float'; values: ArrayLike<number> };

// The narrowest exact form of a plane (+0 and -0 told apart; NaN stays a float). Separate simple
// loops: a plane is checked per element at every recorded cycle.
function classify(values: ArrayLike<number>, n: number): Plane {
  if (n === 0) return { kind: 'float', values };
  const first = values[0];
  let i = 1;
  while (i < n && values[i] === first) i++;
  if (i === n && (first !== 0 || sameZeroSign(values, n))) return { kind: 'constant', value: first };
  for (let j = 0; j < n; j++) {
    const x = values[j];
    if (!(x >= 0 && x <= 255 && Math.floor(x) === x) || Object.is(x, -0)) return { kind: 'float', values };
  }
  return { kind: 'byte', values };
}

// For a plane of zeros: whether all are +0 or all are -0.
function sameZeroSign(values: ArrayLike<number>, n: number): boolean {
  const negative = Object.is(values[0], -0);
  for (let i = 1; i < n; i++) if (Object.is(values[i], -0) !== negative) return false;
  return true;
}

function sameRows(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}


/** Bounds: attempts kept per pod, pods kept, node rows kept overall (about 150 bytes each). */
export const MAX_ATTEMPTS_PER_POD = 5;
export const MAX_PODS = 2000;
export const MAX_NODE_ROWS = 250_000;

const PASSED = (plugin: string): FilterResult => ({ plugin, passed: true, code: 'Success', reasons: [] });

/** Expands a compact record into the readable per-node rows. */
export function expandAttempt(r: AttemptRecord): AttemptResult {
  const { filterPlugins, nodeList, rows, failedRows, failedStatuses, scores, preFilter, ...summary } = r;
  const failed = new Map<number, Status>();
  failedRows.forEach((row, i) => failed.set(row, failedStatuses[i]));
  const scoreIndex = new Map<number, number>();
  if (scores) for (let i = 0; i < scores.rows.length; i++) scoreIndex.set(scores.rows[i], i);
  const nodes: NodeResult[] = Array.from(rows, (row) => {
    const s = failed.get(row);
    const upTo = s ? filterPlugins.indexOf(s.plugin) : filterPlugins.length;
    const filters = filterPlugins.slice(0, upTo < 0 ? filterPlugins.length : upTo).map(PASSED);
    if (s) filters.push({ plugin: s.plugin, passed: false, code: Code[s.code], reasons: [...s.reasons] });
    const out: NodeResult = { node: nodeList[row]?.name ?? '', filters, scores: [] };
    const j = scoreIndex.get(row);
    if (scores && j !== undefined) {
      let total = 0;
      out.scores = scores.perPlugin.map((p) => {
        const normalized = planeAt(p.normalized, j);
        total += normalized * p.weight;
        return { plugin: p.plugin, raw: planeAt(p.raw, j), normalized, weight: p.weight, weighted: normalized * p.weight };
      });
      out.finalScore = scores.totals ? scores.totals[j] : total;
    }
    return out;
  });
  return { ...summary, preFilter: preFilter.map((f) => ({ ...f, reasons: [...f.reasons] })), nodes };
}

function summaryOf(r: AttemptRecord): AttemptSummary {
  const { pod, uid, profile, attempt, timeMs, outcome, message, evaluatedNodes, feasibleNodes, unevaluatedNodes } = r;
  return { pod, uid, profile, attempt, timeMs, outcome, message, evaluatedNodes, feasibleNodes, unevaluatedNodes, ...(r.selectedNode ? { selectedNode: r.selectedNode } : {}) };
}

/** A bounded store of attempt records, readable by pod and newest first. */
export class SchedulingResultsStore {
  private readonly byPod = new Map<string, AttemptRecord[]>();
  private rows = 0;
  private versionValue = 0;
  /** What each kept record counts against maxNodeRows: its rows, plus its node list when it brought a new one. */
  private readonly costs = new WeakMap<AttemptRecord, number>();
  private lastList: readonly NamedNode[] | undefined;
  private readonly listeners = new Set<(s: AttemptSummary) => void>();

  constructor(
    private readonly maxPods = MAX_PODS,
    private readonly maxAttemptsPerPod = MAX_ATTEMPTS_PER_POD,
    private readonly maxNodeRows = MAX_NODE_ROWS,
  ) {}

  /** Bumped on every change, so a UI can poll cheaply. */
  get version(): number {
    return this.versionValue;
  }

  record(r: AttemptRecord): void {
    const list = this.byPod.get(r.pod) ?? [];
    this.byPod.delete(r.pod);
    list.push(r);
    // A record keeps its cycle's node list alive; a new list (the node set changed) is paid for once.
    const cost = r.rows.length + (r.nodeList === this.lastList ? 0 : r.nodeList.length);
    this.lastList = r.nodeList;
    this.costs.set(r, cost);
    this.rows += cost;
    if (list.length > this.maxAttemptsPerPod) this.rows -= this.costs.get(list.shift()!) ?? 0;
    this.byPod.set(r.pod, list);
    while (this.byPod.size > 1 && (this.byPod.size > this.maxPods || this.rows > this.maxNodeRows)) {
      this.drop(this.byPod.keys().next().value as string);
    }
    this.versionValue++;
    if (this.listeners.size > 0) {
      const s = summaryOf(r);
      for (const fn of this.listeners) fn(s);
    }
  }

  /** Calls `fn` with the summary of every attempt recorded from now on; returns the unsubscribe. */
  subscribe(fn: (s: AttemptSummary) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The attempts kept for `namespace/name`, oldest first, with every node's rows. */
  attempts(podKey: string): AttemptResult[] {
    return (this.byPod.get(podKey) ?? []).map(expandAttempt);
  }

  /** The newest attempt for `namespace/name`, with every node's rows. */
  latest(podKey: string): AttemptResult | undefined {
    const l = this.byPod.get(podKey);
    return l && l.length > 0 ? expandAttempt(l[l.length - 1]) : undefined;
  }

  /** Summaries of the newest attempts across pods, newest first (at most `limit`). */
  recent(limit = 100): AttemptSummary[] {
    const out: AttemptSummary[] = [];
    const pods = [...this.byPod.values()];
    for (let i = pods.length - 1; i >= 0 && out.length < limit; i--) {
      const l = pods[i];
      for (let j = l.length - 1; j >= 0 && out.length < limit; j--) out.push(summaryOf(l[j]));
    }
    return out.sort((a, b) => b.timeMs - a.timeMs);
  }

  /** Pods with results, least recently attempted first. */
  pods(): string[] {
    return [...this.byPod.keys()];
  }

  /** Drops a pod's attempts (the pod was deleted). */
  forget(podKey: string): void {
    if (this.drop(podKey)) this.versionValue++;
  }

  private drop(podKey: string): boolean {
    const l = this.byPod.get(podKey);
    if (!l) return false;
    for (const r of l) this.rows -= this.costs.get(r) ?? 0;
    this.byPod.delete(podKey);
    return true;
  }
}
