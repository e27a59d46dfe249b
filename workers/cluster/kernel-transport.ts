/**
 * How components in the cluster reach the apiserver: every request and every watch event crosses a
 * simulated network hop scheduled on the kernel, so the order of everything is a function of virtual
 * time and the seed alone (DESIGN.md section 5), and a person stepping can watch each hop.
 */
import type { ApiHandler, ApiRequest, ApiResult, WatchResponse, WatchStream } from '../apiserver/types';
import type { WatchEvent } from '../api/types';
import type { Timers } from '../sim/types';

/** The synchronous core of the apiserver (ApiServer.handleSync). */
export interface SyncApiHandler {
  handleSync(req: ApiRequest): ApiResult;
}

export interface KernelTransportOptions {
  /** One-way latency of a request or a response, virtual ms. */
  requestLatencyMs?: number;
  /** Delay from a write to a watcher receiving its event, virtual ms. */
  watchLatencyMs?: number;
  /** Extra time a write spends in etcd (the "slow etcd" fault), read at each request. */
  etcdLatencyMs?: () => number;
}

/** Verbs that write to etcd. */
export function isWrite(req: ApiRequest): boolean {
  return req.method !== 'GET' && !(req.query?.dryRun);
}

/** An ApiHandler whose requests and watch deliveries happen in kernel events after a latency. */
export class KernelTransport implements ApiHandler {
  private readonly requestLatencyMs: number;
  private readonly watchLatencyMs: number;
  private readonly etcdLatencyMs: () => number;

  constructor(
    private readonly api: SyncApiHandler,
    private readonly timers: Timers,
    opts: KernelTransportOptions = {},
  ) {
    this.requestLatencyMs = opts.requestLatencyMs ?? 1;
    this.watchLatencyMs = opts.watchLatencyMs ?? 1;
    this.etcdLatencyMs = opts.etcdLatencyMs ?? (() => 0);
  }

  handle(req: ApiRequest): Promise<ApiResult> {
    return new Promise((resolve) => {
      const etcd = isWrite(req) ? this.etcdLatencyMs() : 0;
      this.timers.after(this.requestLatencyMs + etcd, () => {
        const result = this.api.handleSync(req);
        const delivered = result.kind === 'watch' ? this.delayed(result) : result;
        this.timers.after(this.requestLatencyMs, () => resolve(delivered), 'api-response');
      }, `api ${req.method} ${req.path}`);
    });
  }

  /** Wraps a watch so each batch of events arrives one hop after it was written, in order. */
  private delayed(res: WatchResponse): WatchResponse {
    const inner = res.stream;
    const timers = this.timers;
    const latency = this.watchLatencyMs;
    let queue: WatchEvent[] = [];
    let scheduled = false;
    let closed = false;
    let serverClosed = false;
    const stream: WatchStream = {
      start(sink, onClose) {
        const flush = () => {
          scheduled = false;
          const batch = queue;
          queue = [];
          for (const e of batch) {
            if (closed) return;
            sink(e);
          }
          if (serverClosed && !closed) {
            closed = true;
            onClose?.();
          }
        };
        const schedule = () => {
          if (scheduled) return;
          scheduled = true;
          timers.after(latency, flush, 'watch-delivery');
        };
        inner.start(
          (e) => {
            if (closed) return;
            queue.push(e);
            schedule();
          },
          () => {
            serverClosed = true;
            schedule();
          },
        );
      },
      close() {
        closed = true;
        queue = [];
        inner.close();
      },
    };
    return { ...res, stream };
  }
}
