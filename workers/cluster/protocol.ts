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
import type { ActionOutcome, ScriptAction } from './script-actions';
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
}

/** Why the worker cannot run the cluster (another tab holds it). */
export interface BootRefusal {
  refused: true;
  reason: string;
}

export interface ClusterWorkerApi {
  /** Opens (or restores) the cluster. `takeOver` waits for another tab to let go. */
  boot(opts?: { seed?: number; takeOver?: boolean }): Promise<BootInfo | BootRefusal>;
  /** Any non-watch API request, as the dashboard's user. */
  request(req: ApiRequest): Promise<ApiResponse>;
  /** Streams DeltaBatch messages for every object of every served kind over `port`. */
  watchObjects(port: MessagePort): Promise<void>;
  /** `kubectl apply -f` for a multi-document YAML text. */
  apply(text: string, opts?: { dryRun?: boolean }): Promise<ApplyResult[]>;
  setSpeed(speed: Speed): Promise<ClockState>;
  pause(): Promise<ClockState>;
  play(): Promise<ClockState>;
  /** Runs exactly the next simulation event. */
  step(): Promise<ClockState>;
  /** Deletes the persisted cluster and boots a fresh one. */
  reset(): Promise<BootInfo>;
  /** Every node's Filter and Score results of a pod's latest scheduling attempt (`ns/name`). */
  schedulingResults(podKey: string): Promise<AttemptResult | undefined>;
  /** A node's kube-proxy rules (`iptables-save`, `ipvsadm`) or its runtime's images. */
  inspectNode(node: string, query: NodeInspection): Promise<unknown>;
  /** One simulated HTTP request into the cluster (counted per pod, logged by the answering nginx). */
  sendTraffic(from: TrafficClient, target: string): Promise<RequestResult>;
  /** Faults and machine actions, as a scenario script spells them. */
  perform(action: ScriptAction): Promise<ActionOutcome>;
}
