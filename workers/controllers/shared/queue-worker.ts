/**
 * The processing side of a controller (upstream's worker / processNextWorkItem / handleErr): takes
 * keys from the work queue, runs each sync in its own kernel event (so virtual time orders the
 * work), forgets a key on success and re-queues it rate-limited on failure, dropping it after
 * `maxRetries` failures when a limit is given (the Deployment controller's 15; the ReplicaSet
 * controller retries forever). Several workers share one queue, as upstream's `--concurrent-*-syncs`;
 * the queue never hands the same key to two of them.
 */
import type { WorkQueue } from '../../client/workqueue';
import type { Timers } from '../../sim/types';

/** How a QueueWorker runs. */
export interface QueueWorkerOptions {
  /** Timer label, `controller:<name>`. */
  name: string;
  /** Workers sharing the queue (default 1). */
  workers?: number;
  /** Failures after which a key is dropped (default: never). */
  maxRetries?: number;
  onError?: (key: string, err: unknown) => void;
  /**
   * The caches the syncs read (upstream's WaitForNamedCacheSync): workers start only once this is
   * true, checked every 100 ms of virtual time, so a restarted controller never acts on a half-listed
   * world (a ReplicaSet listed before its pods would otherwise create them all again).
   */
  hasSynced?: () => boolean;
}

/** Upstream's cache-sync poll period. */
export const CACHE_SYNC_POLL_MS = 100;

/** Runs workers over a queue until stopped. */
export class QueueWorker {
  private running = false;

  constructor(
    private readonly queue: WorkQueue<string>,
    private readonly timers: Timers,
    private readonly sync: (key: string) => Promise<void>,
    private readonly opts: QueueWorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startWhenSynced();
  }

  private startWhenSynced(): void {
    if (!this.running) return;
    if (this.opts.hasSynced && !this.opts.hasSynced()) {
      this.timers.after(CACHE_SYNC_POLL_MS, () => this.startWhenSynced(), `controller:${this.opts.name}:cache-sync`);
      return;
    }
    for (let i = 0; i < (this.opts.workers ?? 1); i++) void this.loop();
  }

  /** Shuts the queue down; each worker ends after the key in hand. */
  stop(): void {
    this.running = false;
    this.queue.shutDown();
  }

  private async loop(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      if (!this.running) {
        this.queue.done(key);
        return;
      }
      await new Promise<void>((resolve) => this.timers.after(0, resolve, `controller:${this.opts.name}`));
      try {
        await this.sync(key);
        this.queue.forget(key);
      } catch (err) {
        this.opts.onError?.(key, err);
        const max = this.opts.maxRetries;
        if (max === undefined || this.queue.numRequeues(key) < max) this.queue.addRateLimited(key);
        else this.queue.forget(key);
      } finally {
        this.queue.done(key);
      }
    }
  }
}
