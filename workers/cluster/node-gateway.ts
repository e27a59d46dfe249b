/**
 * The cluster's side of the lockstep with node shards: it hands each shard the messages due in the
 * next window, collects what the nodes sent, and replays those requests on the master kernel at
 * their arrival time in (time, node, sequence) order, so a history is the same however the nodes are
 * spread over shards. It also plays the network: a partitioned node's packets are lost.
 */
import { ApiError } from '../api/errors';
import type { KubeObject, WatchEvent } from '../api/types';
import type { LogOptions } from '../apiserver/rest/context';
import type { ApiRequest, WatchStream } from '../apiserver/types';
import {
  compareFromShard,
  LOCKSTEP_VERSION,
  type FromShard,
  type NodeFault,
  type NodeInspection,
  type NodeSpec,
  type ShardEndpoint,
  type ToShard,
  type TrafficRequest,
  type WindowOutput,
} from '../sim/lockstep-protocol';
import type { Kernel } from '../sim/kernel';
import { isWrite, type SyncApiHandler } from './kernel-transport';

/** How long a client waits before a request to an unreachable apiserver fails. */
export const PARTITION_TIMEOUT_MS = 10_000;

interface ShardState {
  endpoint: ShardEndpoint;
  nodes: Set<string>;
  inbox: ToShard[];
  nextEventAtMs: number | null;
}

interface OpenStream {
  shard: ShardState;
  node: string;
  stream: WatchStream;
}

/** Connects node shards to the apiserver over the simulated network. */
export class NodeGateway {
  private readonly shards: ShardState[] = [];
  private readonly byNode = new Map<string, ShardState>();
  private readonly streams = new Map<number, OpenStream>();
  private readonly partitioned = new Set<string>();
  private nextStreamId = 1;
  private nextTrafficId = 1;
  private readonly trafficWaiters = new Map<number, (result: unknown) => void>();

  constructor(
    private readonly api: SyncApiHandler,
    private readonly kernel: Kernel,
    /** One-way network latency, virtual ms; also the lockstep window. */
    readonly latencyMs: number,
    /** Extra time a write spends in etcd (the "slow etcd" fault). */
    private readonly etcdLatencyMs: () => number = () => 0,
  ) {}

  addShard(endpoint: ShardEndpoint): void {
    this.shards.push({ endpoint, nodes: new Set(), inbox: [], nextEventAtMs: null });
  }

  get shardCount(): number {
    return this.shards.length;
  }

  /** Starts nodes, each on the least loaded shard (placement never changes the history). */
  async addNodes(specs: NodeSpec[]): Promise<void> {
    if (!this.shards.length) throw new Error('no node shard to run nodes on');
    const batches = new Map<ShardState, NodeSpec[]>();
    for (const spec of specs) {
      if (this.byNode.has(spec.name)) throw new Error(`node ${spec.name} already exists`);
      const shard = this.shards.reduce((a, b) => (b.nodes.size < a.nodes.size ? b : a));
      shard.nodes.add(spec.name);
      this.byNode.set(spec.name, shard);
      const batch = batches.get(shard);
      if (batch) batch.push(spec);
      else batches.set(shard, [spec]);
    }
    // A machine boots one hop from now, inside the next window, like every other message.
    const atMs = this.kernel.now() + this.latencyMs;
    await Promise.all(
      [...batches].map(async ([shard, list]) => {
        shard.nextEventAtMs = await shard.endpoint.addNodes(list, atMs);
      }),
    );
  }

  /** Removes a node's machine: its kubelet and containers vanish, its connections drop. */
  async removeNode(name: string): Promise<void> {
    const shard = this.byNode.get(name);
    if (!shard) return;
    for (const [id, s] of this.streams) {
      if (s.node !== name) continue;
      s.stream.close();
      this.streams.delete(id);
    }
    shard.inbox = shard.inbox.filter((m) => m.node !== name);
    shard.nodes.delete(name);
    this.byNode.delete(name);
    this.partitioned.delete(name);
    shard.nextEventAtMs = await shard.endpoint.removeNode(name, this.kernel.now() + this.latencyMs);
  }

  get nodeNames(): string[] {
    return [...this.byNode.keys()].sort();
  }

  hasNode(name: string): boolean {
    return this.byNode.has(name);
  }

  /** Sends a fault to a node; it arrives one hop later. */
  fault(node: string, fault: NodeFault): void {
    const shard = this.mustShard(node);
    shard.inbox.push({ type: 'fault', atMs: this.kernel.now() + this.latencyMs, node, fault });
  }

  /** Cuts (or restores) the network between a node and the apiserver. */
  setPartitioned(node: string, cut: boolean): void {
    this.mustShard(node);
    if (!cut) {
      this.partitioned.delete(node);
      return;
    }
    this.partitioned.add(node);
  }

  isPartitioned(node: string): boolean {
    return this.partitioned.has(node);
  }

  /** The earliest time anything is due: the master kernel, a shard, or a message in flight. */
  nextEventAt(): number | undefined {
    let next = this.kernel.nextEventAt();
    for (const s of this.shards) {
      if (s.nextEventAtMs !== null && (next === undefined || s.nextEventAtMs < next)) next = s.nextEventAtMs;
      // The inbox is kept sorted by arrival time (send): its head is its earliest message.
      const head = s.inbox[0];
      if (head && (next === undefined || head.atMs < next)) next = head.atMs;
    }
    return next;
  }

  /**
   * Runs one window up to `untilMs` (at most one latency ahead of the last barrier): the master
   * kernel and every shard run side by side, then the shards' messages are scheduled here.
   */
  async runWindow(untilMs: number, settle: () => Promise<void>): Promise<void> {
    const outputs = this.shards.map((s) => {
      // Sorted by arrival: what is due is a prefix.
      let n = 0;
      while (n < s.inbox.length && s.inbox[n].atMs <= untilMs) n++;
      const due = s.inbox.splice(0, n);
      return s.endpoint.runWindow({ version: LOCKSTEP_VERSION, untilMs, messages: due });
    });
    const [, ...results] = await Promise.all([this.kernel.runUntilSettled(untilMs, settle), ...outputs]);
    this.collect(results);
  }

  private collect(results: WindowOutput[]): void {
    const all: FromShard[] = [];
    results.forEach((r, i) => {
      if (r.version !== LOCKSTEP_VERSION) throw new Error(`shard speaks lockstep version ${r.version}, expected ${LOCKSTEP_VERSION}`);
      this.shards[i].nextEventAtMs = r.nextEventAtMs;
      all.push(...r.messages);
    });
    all.sort(compareFromShard);
    for (const m of all) {
      const etcd = m.type === 'request' && isWrite(m.req) ? this.etcdLatencyMs() : 0;
      this.kernel.arrival(m.atMs + this.latencyMs + etcd, () => this.arrive(m), `node ${m.type} ${m.node}`);
    }
  }

  private arrive(m: FromShard): void {
    const shard = this.byNode.get(m.node);
    if (!shard) return;
    if (m.type === 'traffic-result') {
      const done = this.trafficWaiters.get(m.id);
      this.trafficWaiters.delete(m.id);
      done?.(m.result);
      return;
    }
    if (m.type === 'served') {
      // Pod-to-pod packets travel the node network, not the apiserver link: partitions do not cut them.
      const to = this.byNode.get(m.to);
      if (to) this.send(to, { type: 'served', atMs: this.kernel.now() + this.latencyMs, node: m.to, note: m.note });
      return;
    }
    if (m.type === 'close-watch') {
      this.streams.get(m.streamId)?.stream.close();
      this.streams.delete(m.streamId);
      return;
    }
    if (this.partitioned.has(m.node)) {
      this.send(shard, { type: 'response', atMs: this.kernel.now() + PARTITION_TIMEOUT_MS, node: m.node, id: m.id, result: timeoutResult(m.req) });
      return;
    }
    const result = this.api.handleSync(m.req);
    if (result.kind === 'response') {
      this.send(shard, { type: 'response', atMs: this.kernel.now() + this.latencyMs, node: m.node, id: m.id, result });
      return;
    }
    const streamId = this.nextStreamId++;
    this.send(shard, { type: 'response', atMs: this.kernel.now() + this.latencyMs, node: m.node, id: m.id, result: { kind: 'watch', status: 200, headers: result.headers, streamId } });
    this.streams.set(streamId, { shard, node: m.node, stream: result.stream });
    result.stream.start(
      (e) => this.watchEvent(shard, m.node, streamId, e),
      () => {
        if (!this.streams.delete(streamId)) return;
        this.send(shard, { type: 'watch-closed', atMs: this.kernel.now() + this.latencyMs, node: m.node, streamId });
      },
    );
  }

  private watchEvent(shard: ShardState, node: string, streamId: number, e: WatchEvent): void {
    if (this.partitioned.has(node)) {
      // The connection is dead: the node stops hearing, and its watch ends when the client gives up.
      this.streams.get(streamId)?.stream.close();
      this.streams.delete(streamId);
      this.send(shard, { type: 'watch-closed', atMs: this.kernel.now() + PARTITION_TIMEOUT_MS, node, streamId });
      return;
    }
    const atMs = this.kernel.now() + this.latencyMs;
    const last = shard.inbox[shard.inbox.length - 1];
    if (last && last.type === 'watch-events' && last.streamId === streamId && last.atMs === atMs) {
      last.events.push(e);
      return;
    }
    this.send(shard, { type: 'watch-events', atMs, node, streamId, events: [e] });
  }

  private send(shard: ShardState, m: ToShard): void {
    // The inbox stays sorted by arrival time: most messages arrive one latency from now.
    let i = shard.inbox.length;
    while (i > 0 && shard.inbox[i - 1].atMs > m.atMs) i--;
    shard.inbox.splice(i, 0, m);
  }

  /**
   * Sends a simulated request into the cluster at `node` (the client's node, or the node an outside
   * client reaches); resolves with the node's RequestResult once it comes back over the network.
   */
  sendTraffic(node: string, request: TrafficRequest): Promise<unknown> {
    const shard = this.mustShard(node);
    const id = this.nextTrafficId++;
    this.send(shard, { type: 'traffic', atMs: this.kernel.now() + this.latencyMs, node, id, request });
    return new Promise((resolve) => this.trafficWaiters.set(id, resolve));
  }

  /** Reads a node's state for the UI (kube-proxy's rules, the runtime's images). */
  async inspect(node: string, query: NodeInspection): Promise<unknown> {
    return this.mustShard(node).endpoint.inspect(node, query);
  }

  /** pods/log: asks the kubelet of the pod's node. */
  async logs(pod: KubeObject, opts: LogOptions): Promise<string> {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const shard = node ? this.byNode.get(node) : undefined;
    if (!node || !shard || this.partitioned.has(node)) {
      throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: `Get "https://${node ?? ''}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${opts.container}": dial tcp: i/o timeout` });
    }
    const answer = await shard.endpoint.logs(node, pod, opts);
    if (answer.ok) return answer.text;
    throw new ApiError(answer.status);
  }

  private mustShard(node: string): ShardState {
    const s = this.byNode.get(node);
    if (!s) throw new Error(`no node ${node}`);
    return s;
  }
}

/** What a client sees when its request never reaches the apiserver. */
function timeoutResult(req: ApiRequest): { kind: 'response'; status: number; headers: Record<string, string>; body: unknown } {
  return {
    kind: 'response',
    status: 504,
    headers: { 'content-type': 'application/json' },
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${req.method} "https://172.18.0.2:6443${req.path}": dial tcp 172.18.0.2:6443: i/o timeout`,
      reason: 'Timeout',
      code: 504,
    },
  };
}
