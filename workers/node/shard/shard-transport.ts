/**
 * A node's connection to the apiserver inside a node shard: requests and watch closes are queued as
 * lockstep messages stamped with the node's virtual time; responses and watch events come back as
 * kernel events at their arrival time. Components see an ordinary ApiHandler.
 */
import type { WatchEvent } from '../../api/types';
import type { ApiHandler, ApiRequest, ApiResult, WatchStream } from '../../apiserver/types';
import type { FromShard, ToShard, WireResult } from '../../sim/lockstep-protocol';
import type { Clock } from '../../sim/types';

/** Where a node's transport sends what it has to say (the shard's outbox). */
export interface ShardOutbox {
  send(msg: FromShard): void;
  /** A request id unique within the shard. */
  nextId(): number;
}

/** A watch stream fed by lockstep messages. Events that arrive before `start` wait for it. */
class ShardWatchStream implements WatchStream {
  private sink: ((e: WatchEvent) => void) | undefined;
  private onClose: (() => void) | undefined;
  private early: WatchEvent[] = [];
  private closed = false;
  private serverClosed = false;

  constructor(private readonly closeRemote: () => void) {}

  start(sink: (event: WatchEvent) => void, onClose?: () => void): void {
    this.sink = sink;
    this.onClose = onClose;
    const early = this.early;
    this.early = [];
    for (const e of early) if (!this.closed) sink(e);
    if (this.serverClosed) this.finish();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.early = [];
    if (!this.serverClosed) this.closeRemote();
  }

  deliver(events: WatchEvent[]): void {
    if (this.closed) return;
    if (!this.sink) {
      this.early.push(...events);
      return;
    }
    for (const e of events) if (!this.closed) this.sink(e);
  }

  ended(): void {
    this.serverClosed = true;
    if (this.sink) this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
  }
}

/** One node's ApiHandler over the lockstep protocol. */
export class ShardTransport implements ApiHandler {
  private seq = 0;
  private readonly pending = new Map<number, (r: ApiResult) => void>();
  private readonly streams = new Map<number, ShardWatchStream>();

  constructor(
    readonly node: string,
    private readonly clock: Clock,
    private readonly outbox: ShardOutbox,
  ) {}

  /** The node's next message sequence number (everything a node sends is ordered by it). */
  nextSeq(): number {
    return this.seq++;
  }

  handle(req: ApiRequest): Promise<ApiResult> {
    const id = this.outbox.nextId();
    this.outbox.send({ type: 'request', atMs: this.clock.now(), node: this.node, seq: this.seq++, id, req });
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  /** Handles a message for this node at its arrival time (the shard schedules the call). */
  receive(msg: ToShard): void {
    switch (msg.type) {
      case 'response': {
        const resolve = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        resolve?.(this.toResult(msg.result));
        return;
      }
      case 'watch-events':
        this.streams.get(msg.streamId)?.deliver(msg.events);
        return;
      case 'watch-closed': {
        const s = this.streams.get(msg.streamId);
        this.streams.delete(msg.streamId);
        s?.ended();
        return;
      }
      case 'fault':
      case 'traffic':
      case 'served':
        return;
    }
  }

  /** Requests still waiting for an answer (for tests and the UI). */
  get inFlight(): number {
    return this.pending.size;
  }

  private toResult(w: WireResult): ApiResult {
    if (w.kind === 'response') return w;
    const streamId = w.streamId;
    const stream = new ShardWatchStream(() => {
      this.streams.delete(streamId);
      this.outbox.send({ type: 'close-watch', atMs: this.clock.now(), node: this.node, seq: this.seq++, streamId });
    });
    this.streams.set(streamId, stream);
    return { kind: 'watch', status: 200, headers: w.headers, stream };
  }
}
