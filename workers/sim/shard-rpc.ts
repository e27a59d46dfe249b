/**
 * A node shard in another thread (a Web Worker in the browser, a worker_threads Worker in Node):
 * the ShardEndpoint calls become numbered request/answer messages over a port. Small on purpose;
 * the lockstep protocol itself is in lockstep-protocol.ts.
 */
import type { KubeObject } from '../api/types';
import type { LogOptions } from '../apiserver/rest/context';
import type { LogAnswer, NodeInspection, NodeSpec, ShardEndpoint, WindowInput, WindowOutput } from './lockstep-protocol';

/** The least a port must do: post a message and hand incoming ones to a listener. */
export interface RpcPort {
  post(message: unknown): void;
  listen(fn: (message: unknown) => void): void;
}

/** How a shard starts in its thread. */
export interface ShardInit {
  seed: number | string;
  epochMs: number;
}

type Call =
  | { op: 'init'; init: ShardInit }
  | { op: 'addNodes'; specs: NodeSpec[]; atMs: number }
  | { op: 'removeNode'; name: string; atMs: number }
  | { op: 'runWindow'; input: WindowInput }
  | { op: 'logs'; node: string; pod: KubeObject; opts: LogOptions }
  | { op: 'inspect'; node: string; query: NodeInspection };

type Request = { id: number; call: Call };
type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** The cluster's side: a ShardEndpoint that forwards every call to the thread. */
export class ShardRpcClient implements ShardEndpoint {
  private nextId = 1;
  private dead: Error | undefined;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly port: RpcPort) {
    port.listen((m) => {
      const a = m as Answer;
      const w = this.waiting.get(a.id);
      if (!w) return;
      this.waiting.delete(a.id);
      if (a.ok) w.resolve(a.value);
      else w.reject(new Error(`node shard: ${a.error}`));
    });
  }

  /** The thread died: every call waiting for it fails with `err`, and so does every later one. */
  fail(err: Error): void {
    this.dead = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** Starts the shard's kernel in the thread. */
  init(init: ShardInit): Promise<void> {
    return this.call({ op: 'init', init }) as Promise<void>;
  }

  addNodes(specs: NodeSpec[], atMs: number): Promise<number | null> {
    return this.call({ op: 'addNodes', specs, atMs }) as Promise<number | null>;
  }

  removeNode(name: string, atMs: number): Promise<number | null> {
    return this.call({ op: 'removeNode', name, atMs }) as Promise<number | null>;
  }

  runWindow(input: WindowInput): Promise<WindowOutput> {
    return this.call({ op: 'runWindow', input }) as Promise<WindowOutput>;
  }

  logs(node: string, pod: KubeObject, opts: LogOptions): Promise<LogAnswer> {
    return this.call({ op: 'logs', node, pod, opts }) as Promise<LogAnswer>;
  }

  inspect(node: string, query: NodeInspection): Promise<unknown> {
    return this.call({ op: 'inspect', node, query });
  }

  private call(call: Call): Promise<unknown> {
    const id = this.nextId++;
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.post({ id, call } satisfies Request);
    });
  }
}

/** The thread's side: answers calls with the shard `make` builds on `init`. */
export function serveShard(port: RpcPort, make: (init: ShardInit) => ShardEndpoint): void {
  let shard: ShardEndpoint | undefined;
  // Calls run one after another, in the order they came.
  let chain: Promise<void> = Promise.resolve();
  port.listen((m) => {
    const { id, call } = m as Request;
    chain = chain.then(async () => {
      try {
        const value = await dispatch(call);
        port.post({ id, ok: true, value } satisfies Answer);
      } catch (e) {
        port.post({ id, ok: false, error: (e as Error).stack ?? String(e) } satisfies Answer);
      }
    });
  });
  async function dispatch(call: Call): Promise<unknown> {
    if (call.op === 'init') {
      shard = make(call.init);
      return undefined;
    }
    if (!shard) throw new Error('shard used before init');
    switch (call.op) {
      case 'addNodes':
        return shard.addNodes(call.specs, call.atMs);
      case 'removeNode':
        return shard.removeNode(call.name, call.atMs);
      case 'runWindow':
        return shard.runWindow(call.input);
      case 'logs':
        return shard.logs(call.node, call.pod, call.opts);
      case 'inspect':
        return shard.inspect(call.node, call.query);
    }
  }
}
