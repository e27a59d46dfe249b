/**
 * A shard of simulated nodes with a kernel of its own, run window by window in lockstep with the
 * cluster (workers/sim/lockstep-protocol.ts). The same class runs in-process and inside a node
 * worker; the worker entry only wires it to a MessagePort.
 */
import { isApiError } from '../../api/errors';
import type { KubeObject, Status } from '../../api/types';
import type { LogOptions } from '../../apiserver/rest/context';
import { Kernel } from '../../sim/kernel';
import {
  LOCKSTEP_VERSION,
  type FromShard,
  type LogAnswer,
  type NodeInspection,
  type NodeSpec,
  type ShardEndpoint,
  type TrafficRequest,
  type WindowInput,
  type WindowOutput,
} from '../../sim/lockstep-protocol';
import { SeededRng } from '../../sim/rng';
import { SimulatedNode, type SimulatedNodeConfig } from '../simulated-node';
import { TrafficSimulator, type RequestSource } from '../proxy/traffic';
import { ShardTransport } from './shard-transport';

/** kubeadm's cluster DNS address: pods' resolv.conf nameserver. */
const CLUSTER_DNS_SERVICE_IP = '10.96.0.10';

/** How a shard is set up. */
export interface NodeShardOptions {
  /** The scenario's seed: every node forks its generator from it by name. */
  seed: number | string;
  /** Virtual time when the shard starts. */
  epochMs: number;
  /** Lets promise chains settle between instants (a host yield). */
  settle: () => Promise<void>;
  /** Called when an event throws (default: rethrow). */
  onError?: (err: unknown, label: string) => void;
}

interface ShardNode {
  node: SimulatedNode;
  transport: ShardTransport;
}

/** Nodes run on one kernel, talking to the cluster only through lockstep messages. */
export class NodeShard implements ShardEndpoint {
  readonly kernel: Kernel;
  private readonly nodes = new Map<string, ShardNode>();
  private readonly rng: SeededRng;
  private outbox: FromShard[] = [];
  private nextRequestId = 1;

  constructor(private readonly opts: NodeShardOptions) {
    this.kernel = new Kernel({ epochMs: opts.epochMs, onError: opts.onError });
    this.rng = new SeededRng(opts.seed);
  }

  async addNodes(specs: NodeSpec[], atMs: number): Promise<number | null> {
    for (const spec of specs) {
      if (this.nodes.has(spec.name)) throw new Error(`node ${spec.name} already runs on this shard`);
      const transport = new ShardTransport(spec.name, this.kernel, {
        send: (m) => this.outbox.push(m),
        nextId: () => this.nextRequestId++,
      });
      const config = spec.config as SimulatedNodeConfig;
      // A resumed machine draws from a stream of its own, so it never hands out again the container
      // ids its first run drew (as the apiserver forks its uids by the revision it resumes at).
      const resumedAt = config.kubelet.resumedAtRevision;
      const label = resumedAt === undefined ? `node/${spec.name}` : `node/${spec.name}@${resumedAt}`;
      const node = new SimulatedNode({ transport, clock: this.kernel, timers: this.kernel, rng: this.rng.fork(label) }, config);
      this.nodes.set(spec.name, { node, transport });
      this.kernel.arrival(atMs, () => node.start(), `boot ${spec.name}`);
    }
    return this.kernel.nextEventAt() ?? null;
  }

  async removeNode(name: string, atMs: number): Promise<number | null> {
    const n = this.nodes.get(name);
    if (n) {
      this.kernel.arrival(atMs, () => {
        n.node.stop();
        this.nodes.delete(name);
      }, `power off ${name}`);
    }
    return this.kernel.nextEventAt() ?? null;
  }

  /** The nodes this shard runs, by name. */
  node(name: string): SimulatedNode | undefined {
    return this.nodes.get(name)?.node;
  }

  get nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  async runWindow(input: WindowInput): Promise<WindowOutput> {
    if (input.version !== LOCKSTEP_VERSION) throw new Error(`lockstep version ${input.version}, this shard speaks ${LOCKSTEP_VERSION}`);
    for (const msg of input.messages) {
      const target = this.nodes.get(msg.node);
      if (!target) continue;
      const deliver =
        msg.type === 'fault'
          ? () => target.node.fault(msg.fault)
          : msg.type === 'traffic'
            ? () => this.traffic(msg.node, target, msg.id, msg.request)
            : msg.type === 'served'
              ? () => target.node.kubelet.serveRequest(msg.note.podUid, msg.note.port, msg.note.request)
              : () => target.transport.receive(msg);
      this.kernel.arrival(msg.atMs, deliver, `recv ${msg.type} ${msg.node}`);
    }
    await this.kernel.runUntilSettled(input.untilMs, this.opts.settle);
    const messages = this.outbox;
    this.outbox = [];
    return { version: LOCKSTEP_VERSION, messages, nextEventAtMs: this.kernel.nextEventAt() ?? null };
  }

  /**
   * A simulated request entering at this node: its kube-proxy's rules pick the endpoint (with the
   * node's own seeded randomness); the pod that accepts it hears of it through its own kubelet,
   * one network hop away, wherever that node runs.
   */
  private traffic(name: string, target: ShardNode, id: number, request: TrafficRequest): void {
    const now = this.kernel.now();
    const sim = new TrafficSimulator({
      clock: this.kernel,
      dnsServiceIP: CLUSTER_DNS_SERVICE_IP,
      onRequestServed: (s) => {
        if (!s.pod.uid) return;
        const note = { podUid: s.pod.uid, port: s.port, request: s.request };
        this.outbox.push({ type: 'served', atMs: now, node: name, seq: target.transport.nextSeq(), to: s.nodeName, note });
      },
    });
    sim.addProxy(target.node.proxy);
    let result: unknown;
    try {
      result = sim.request(request.from as RequestSource, request.target, request.http);
    } catch (e) {
      result = { outcome: 'unresolved', message: (e as Error).message, target: request.target, path: [] };
    }
    this.outbox.push({ type: 'traffic-result', atMs: now, node: name, seq: target.transport.nextSeq(), id, result });
  }

  async inspect(node: string, query: NodeInspection): Promise<unknown> {
    const n = this.nodes.get(node);
    if (!n) throw new Error(`no node ${node} on this shard`);
    return inspectNode(n.node, query);
  }

  async logs(node: string, pod: KubeObject, opts: LogOptions): Promise<LogAnswer> {
    const n = this.nodes.get(node);
    if (!n) return { ok: false, status: unreachable(node) };
    try {
      return { ok: true, text: n.node.logs(pod, opts) };
    } catch (e) {
      if (isApiError(e)) return { ok: false, status: e.status };
      throw e;
    }
  }
}

/** Reads a node's state for the UI. */
export function inspectNode(node: SimulatedNode, query: NodeInspection): unknown {
  switch (query.type) {
    case 'iptables-save':
      return node.proxy.iptablesSave();
    case 'ipvsadm':
      return node.proxy.ipvsadm();
    case 'images':
      return node.kubelet.runtime.listImages().map((i) => ({ names: [i.ref.fullName], sizeBytes: i.sizeBytes }));
    case 'kubelet':
      return node.kubelet.internals();
  }
}

function unreachable(node: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Get "https://${node}:10250/containerLogs": dial tcp: lookup ${node}: no such host`,
    reason: 'InternalError',
    code: 500,
  };
}
