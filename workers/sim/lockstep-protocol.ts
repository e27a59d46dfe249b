/**
 * The lockstep protocol between the cluster (the master kernel: store, apiserver, control plane) and
 * the node shards (each a kernel of its own running kubelets and kube-proxies). Time advances in
 * windows (t, t + L] where L is the network latency: whatever one side sends during a window
 * arrives at least L later, so within a window both sides run independently, and at the window's
 * end they swap messages. Messages carry their arrival time, and the master orders what shards send
 * by (time, node, sequence), so a history never depends on how nodes are spread over shards
 * (DESIGN.md section 5). A versioned discriminated union, small on purpose.
 */
import type { KubeObject, Status, WatchEvent } from '../api/types';
import type { LogOptions } from '../apiserver/rest/context';
import type { ApiRequest } from '../apiserver/types';

/** Bumped whenever a message changes shape; both ends check it. */
export const LOCKSTEP_VERSION = 1;

/** An API result as it crosses to a shard: watch streams become stream ids. */
export type WireResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown }
  | { kind: 'watch'; status: 200; headers: Record<string, string>; streamId: number };

/** Node faults the cluster asks a shard to apply. */
export type NodeFault =
  | { type: 'stop-kubelet' }
  | { type: 'start-kubelet' }
  | { type: 'kill-container'; podUid: string; container: string };

/**
 * A simulated HTTP request entering the cluster at a node (workers/node/proxy/traffic.ts gives the
 * shapes of `from` and of the result).
 */
export interface TrafficRequest {
  from: unknown;
  target: string;
  http?: { method?: string; path?: string; userAgent?: string };
}

/** A request a pod accepted, on its way to that pod's kubelet (for the access log). */
export interface ServedRequestNote {
  podUid: string;
  port: number;
  request: { clientIP: string; method?: string; path?: string; userAgent?: string };
}

/** Master to shard. `atMs` is when the message arrives (already includes the latency). */
export type ToShard =
  | { type: 'traffic'; atMs: number; node: string; id: number; request: TrafficRequest }
  | { type: 'served'; atMs: number; node: string; note: ServedRequestNote }
  | { type: 'response'; atMs: number; node: string; id: number; result: WireResult }
  | { type: 'watch-events'; atMs: number; node: string; streamId: number; events: WatchEvent[] }
  | { type: 'watch-closed'; atMs: number; node: string; streamId: number }
  | { type: 'fault'; atMs: number; node: string; fault: NodeFault };

/** Shard to master. `atMs` is when it was sent; the master adds the latency. */
export type FromShard =
  | { type: 'request'; atMs: number; node: string; seq: number; id: number; req: ApiRequest }
  | { type: 'traffic-result'; atMs: number; node: string; seq: number; id: number; result: unknown }
  | { type: 'served'; atMs: number; node: string; seq: number; to: string; note: ServedRequestNote }
  | { type: 'close-watch'; atMs: number; node: string; seq: number; streamId: number };

/** One window for a shard: deliver `messages` (sorted by atMs), then run every event up to `untilMs`. */
export interface WindowInput {
  version: number;
  untilMs: number;
  messages: ToShard[];
}

/** What a shard did in a window. */
export interface WindowOutput {
  version: number;
  messages: FromShard[];
  /** The shard's next due event after the window, or null when it has nothing scheduled. */
  nextEventAtMs: number | null;
}

/** Adds or removes nodes on a shard. */
export interface NodeSpec {
  name: string;
  /** What the kubelet and kube-proxy of this node are built from (see workers/node/node-spec.ts). */
  config: unknown;
}

/** A set of simulated nodes running in lockstep: in-process, or behind a Worker's MessagePort. */
export interface ShardEndpoint {
  /**
   * Boots nodes at virtual time `atMs` (after the last window's end: nothing runs on a shard outside
   * a window). Returns the shard's next due event.
   */
  addNodes(specs: NodeSpec[], atMs: number): Promise<number | null>;
  /** Stops and forgets a node at `atMs` (its kubelet and containers vanish, as a deleted VM). */
  removeNode(name: string, atMs: number): Promise<number | null>;
  runWindow(input: WindowInput): Promise<WindowOutput>;
  /** Container logs for pods/log, as the kubelet's /containerLogs answers. */
  logs(node: string, pod: KubeObject, opts: LogOptions): Promise<LogAnswer>;
  /** Reads a node's state for the UI (kube-proxy's rules, the runtime's images). */
  inspect(node: string, query: NodeInspection): Promise<unknown>;
}

/** What the UI may ask a node about (answers are plain data or text). */
export type NodeInspection = { type: 'iptables-save' } | { type: 'ipvsadm' } | { type: 'images' } | { type: 'kubelet' };

/** The text of a log, or the Status a kubelet refused it with. */
export type LogAnswer = { ok: true; text: string } | { ok: false; status: Status };

/** Orders shard messages the same way whatever the sharding: time, then node, then sequence. */
export function compareFromShard(a: FromShard, b: FromShard): number {
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.node !== b.node) return a.node < b.node ? -1 : 1;
  return a.seq - b.seq;
}
