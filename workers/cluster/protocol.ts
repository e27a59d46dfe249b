/**
 * The cluster worker's interface to the page (over Comlink), and the delta batches it streams over a
 * MessagePort. The page imports only these types.
 */
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { KubeObject } from '../api/types';
import type { ApplyResult } from '../kubectl/apply';
import type { RequestResult } from '../node/proxy/traffic';
import type { AttemptResult } from '../scheduler/results';
import type { NodeInspection } from '../sim/lockstep-protocol';
import type { LessonSummary, LessonView } from '../lessons/lesson-session';
import type { ControlPlaneInternals } from './control-plane-internals';
import type { ActionOutcome, ControlPlaneState, ScriptAction } from './script-actions';
import type { TraceBatch, TraceDetail } from './trace-stream';
import type { TrafficClient } from './simulation';

/** Simulation speed: a multiple of wall time, or as fast as possible. */
export type Speed = 0.25 | 0.5 | 1 | 2 | 4 | 8 | 16 | 32 | 64 | 'max';

export interface ClockState {
  nowMs: number;
  speed: Speed;
  paused: boolean;
}

export interface BootInfo {
  /** True when the cluster was restored from IndexedDB rather than created. */
  resumed: boolean;
  revision: number;
  clock: ClockState;
  /** The scenario the cluster plays. */
  scenario?: CurrentScenario;
  /** Why the share link given to boot was not opened (the cluster was left as it was). */
  linkProblem?: ScenarioProblem;
}

/** A built-in scenario as the Scenarios menu lists it. */
export interface ScenarioSummary {
  id: string;
  title: string;
  description: string;
}

/** The scenario the cluster plays: the loaded one (or the default cluster) and the recorded steps. */
export interface CurrentScenario {
  title?: string;
  description?: string;
  /** The built-in scenario it started from. */
  builtin?: string;
  /** Script steps in all, loaded and recorded. */
  steps: number;
  /** Steps recorded from the dashboard's own actions. */
  recorded: number;
  /** Steps that failed so far (`at 0s: <what kubectl said>`), the first few. */
  failures?: string[];
}

/** Why a scenario (file, link, text) could not be used: a ScenarioError as plain data. */
export interface ScenarioProblem {
  /** BadLink, BadBase64, BadCompression, TooLarge, BadJSON, ForbiddenKey, BadYAML, Invalid. */
  reason: string;
  message: string;
  /** The first problem's field path (`script[2].action.node`), '' for the whole. */
  path: string;
  line?: number;
  column?: number;
  /** Set when line and column are inside the manifests YAML at `path`: its 0-based document. */
  document?: number;
  causes: { path: string; message: string }[];
}

/** The outcome of loading a scenario: the fresh cluster, or why nothing changed. */
export type ScenarioLoad = { ok: true; boot: BootInfo } | { ok: false; problem: ScenarioProblem };

/** An object to delete, as `kubectl delete` names it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One change to an object the page shows. Objects are whole (the page is a client like kubectl). */
export type ObjectDelta =
  | { type: 'upsert'; resource: string; object: KubeObject }
  | { type: 'delete'; resource: string; uid: string };

/** What the worker posts on the watch port, at most once per simulation tick. */
export interface DeltaBatch {
  clock: ClockState;
  revision: number;
  deltas: ObjectDelta[];
  /** The lesson, when a check changed what the page shows of it. */
  lesson?: LessonView;
  /** The architecture view's messages since the last batch, while the view is open. */
  trace?: TraceBatch;
}

/** What the worker posts on the watch port: batches, or word that another tab took the cluster over. */
export type WatchPortMessage = DeltaBatch | { lost: string };

/** Why the worker cannot run the cluster (another tab holds it). */
export interface BootRefusal {
  refused: true;
  reason: string;
}

export interface ClusterWorkerApi {
  /**
   * Opens (or restores) the cluster. `takeOver` takes it from another tab (which stops running it). `link` (a share
   * link or `#s=...`) opens that scenario instead, if it is valid; if not, the cluster is restored as
   * it was and `linkProblem` says why.
   */
  boot(opts?: { seed?: number; takeOver?: boolean; link?: string }): Promise<BootInfo | BootRefusal>;
  /** Any non-watch API request, as the dashboard's user. */
  request(req: ApiRequest): Promise<ApiResponse>;
  /** Streams DeltaBatch messages for every object of every served kind over `port`. */
  watchObjects(port: MessagePort): Promise<void>;
  /** `kubectl apply -f` for a multi-document YAML text; recorded into the scenario unless a dry run. */
  apply(text: string, opts?: { dryRun?: boolean }): Promise<ApplyResult[]>;
  /** `kubectl delete` of one object (background propagation), recorded into the scenario. */
  deleteObject(ref: ObjectRef): Promise<ApiResponse>;
  setSpeed(speed: Speed): Promise<ClockState>;
  pause(): Promise<ClockState>;
  play(): Promise<ClockState>;
  /** Runs exactly the next simulation event. */
  step(): Promise<ClockState>;
  /** Runs simulation events until one sends an API request or a watch event (the architecture view's "Next message"). */
  stepToMessage(): Promise<ClockState>;
  /** Deletes the persisted cluster and boots a fresh default one (seed 1, default layout, empty script). */
  reset(): Promise<BootInfo>;
  /** The built-in scenarios, in menu order. */
  builtinScenarios(): Promise<ScenarioSummary[]>;
  /**
   * Replaces the cluster with a fresh one playing `scenario` (validated first: a broken one leaves
   * the cluster untouched): its seed and machines, its manifests at virtual time 0, its script.
   */
  loadScenario(scenario: unknown): Promise<ScenarioLoad>;
  loadBuiltinScenario(id: string): Promise<ScenarioLoad>;
  /** Loads a scenario JSON file's text. */
  importScenario(text: string): Promise<ScenarioLoad>;
  /** Loads the scenario of a share link (`https://.../#s=...`, `#s=...` or the payload). */
  openShareLink(link: string): Promise<ScenarioLoad>;
  /** Why a share link would not open, or undefined when it would (nothing is loaded). */
  checkShareLink(link: string): Promise<ScenarioProblem | undefined>;
  /** What the cluster plays now. */
  currentScenario(): Promise<CurrentScenario | undefined>;
  /** The share link fragment (`#s=...`) of the current scenario, recorded steps included. */
  shareLink(): Promise<{ ok: true; fragment: string } | { ok: false; problem: ScenarioProblem }>;
  /** The current scenario as scenario JSON text (for a file). */
  exportScenario(): Promise<{ ok: true; json: string } | { ok: false; problem: ScenarioProblem }>;
  /** Every node's Filter and Score results of a pod's latest scheduling attempt (`ns/name`). */
  schedulingResults(podKey: string): Promise<AttemptResult | undefined>;
  /** A node's kube-proxy rules (`iptables-save`, `ipvsadm`) or its runtime's images. */
  inspectNode(node: string, query: NodeInspection): Promise<unknown>;
  /** One simulated HTTP request into the cluster (counted per pod, logged by the answering nginx). */
  sendTraffic(from: TrafficClient, target: string): Promise<RequestResult>;
  /** Faults and machine actions, as a scenario script spells them; recorded into the scenario. */
  perform(action: ScriptAction): Promise<ActionOutcome>;
  /** Whether kube-scheduler and kube-controller-manager run now. */
  controlPlane(): Promise<ControlPlaneState | undefined>;

  /** The shipped lessons, in teaching order. */
  lessons(): Promise<LessonSummary[]>;
  /**
   * Replaces the cluster with the lesson's scenario and starts the lesson on it (updates come on the
   * watch port); the page shows the new cluster from `boot`.
   */
  startLesson(id: string): Promise<{ boot: BootInfo; lesson: LessonView }>;
  /** Opens a lesson link (`#lesson=<id>` or `#l=<payload>`) like startLesson, or says why it cannot. */
  openLessonLink(link: string): Promise<{ ok: true; boot: BootInfo; lesson: LessonView } | { ok: false; problem: ScenarioProblem }>;
  /** The link of the lesson being followed. */
  lessonLink(): Promise<string | undefined>;
  lessonPredict(value: string): Promise<LessonView>;
  /** Does the current step's actions ("Do it"). */
  lessonAct(): Promise<LessonView>;
  lessonNext(): Promise<LessonView>;
  /** Leaves the lesson (the cluster stays as it is). */
  stopLesson(): Promise<void>;

  /** Starts (or stops) posting the architecture view's messages on the watch port. */
  traceStart(): Promise<void>;
  traceStop(): Promise<void>;
  /** A recent message with its request and response bodies. */
  traceDetail(seq: number): Promise<TraceDetail | undefined>;
  /** What the control plane's components hold right now. */
  internals(): Promise<ControlPlaneInternals>;
}
