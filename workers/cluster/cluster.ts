/**
 * A cluster: the simulation kernel, the etcd-like store and kube-apiserver, wired together. The
 * same assembly runs in the browser's cluster worker, in `npm run serve`, in tests and in the bench.
 */
import type { ApiHandler, ApiRequest, ApiResult } from '../apiserver/types';
import type { Persistence } from '../store/types';
import { Store } from '../store/store';
import { ApiServer } from '../apiserver/apiserver';
import { Kernel } from '../sim/kernel';
import { SeededRng } from '../sim/rng';
import { TraceBus } from '../sim/trace';
import type { TraceRecord, WatchTraceRecord } from '../apiserver/trace';

export interface ClusterConfig {
  /** Seed of every random choice (uids, generated names). */
  seed: number;
  /** Virtual time at boot of a new cluster (ms since the Unix epoch). */
  epochMs: number;
  /** Where revisions persist; none: memory only. */
  persistence?: Persistence;
  /** Virtual time to continue from when restoring a persisted cluster. */
  resumeAtMs?: number;
  /** Called when a kernel event throws (default: rethrow). */
  onError?: (err: unknown, label: string) => void;
  /**
   * Commit buffered revisions on every kernel tick (default). A Simulation says no and commits on its
   * driver's ticks instead: under the lockstep driver the kernel ticks once per window (half a
   * network latency of virtual time), dozens of times per tick of the driver.
   */
  flushOnKernelTick?: boolean;
}

/** The default virtual epoch of a new scenario: fixed, so histories match between machines. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1, 9, 0, 0);

/** A finished API request as the trace bus carries it. */
export interface RequestTraceEntry {
  kind: 'request';
  at: number;
  record: TraceRecord;
}

/** One watch event sent to one watcher, as the trace bus carries it. */
export interface WatchTraceEntry {
  kind: 'watch';
  at: number;
  record: WatchTraceRecord;
}

/** How many request traces the cluster keeps for the UI (a ring buffer). */
export const TRACE_CAPACITY = 10_000;

export class Cluster implements ApiHandler {
  private constructor(
    readonly kernel: Kernel,
    readonly store: Store,
    readonly apiserver: ApiServer,
    /** True when the store was restored from persistence rather than bootstrapped. */
    readonly resumed: boolean,
    /** Every API request with the pipeline stages it went through, newest last, bounded. */
    readonly trace: TraceBus<RequestTraceEntry>,
    /** The scenario's root generator; each part of the cluster forks its own by name. */
    readonly rng: SeededRng,
  ) {}

  /** Opens the store (restoring it if persisted) and bootstraps a new cluster if it was empty. */
  static async open(cfg: ClusterConfig): Promise<Cluster> {
    const store = await Store.open({ persistence: cfg.persistence });
    const resumed = store.revision > 0;
    const kernel = new Kernel({ epochMs: resumed && cfg.resumeAtMs ? cfg.resumeAtMs : cfg.epochMs, onError: cfg.onError });
    const rng = new SeededRng(cfg.seed);
    const trace = new TraceBus<RequestTraceEntry>(TRACE_CAPACITY);
    const apiserver = new ApiServer({
      store,
      clock: kernel,
      rng: rng.fork('apiserver'),
      timers: kernel,
      trace: (record) => trace.publish({ kind: 'request', at: record.timeMs, record }),
    });
    if (!resumed) apiserver.bootstrap();
    const cluster = new Cluster(kernel, store, apiserver, resumed, trace, rng);
    // One persistence transaction per simulation tick, as DESIGN.md section 4 asks.
    if (cfg.flushOnKernelTick ?? true) kernel.onTick(() => void store.flush());
    return cluster;
  }

  private watchBus?: TraceBus<WatchTraceEntry>;

  /**
   * Every watch event sent to every watcher, newest last, bounded. Recorded only from the first
   * call on (one record per watcher per event costs at scale), until `stopWatchTrace`.
   */
  watchTrace(): TraceBus<WatchTraceEntry> {
    if (!this.watchBus) {
      const bus = new TraceBus<WatchTraceEntry>(TRACE_CAPACITY);
      this.watchBus = bus;
      this.apiserver.traceWatches((record) => bus.publish({ kind: 'watch', at: record.timeMs, record }));
    }
    return this.watchBus;
  }

  stopWatchTrace(): void {
    this.apiserver.traceWatches(undefined);
    this.watchBus = undefined;
  }

  handle(req: ApiRequest): Promise<ApiResult> {
    return this.apiserver.handle(req);
  }

  /** Stops time and commits what is buffered. */
  async close(): Promise<void> {
    this.kernel.pause();
    await this.store.flush();
  }
}
