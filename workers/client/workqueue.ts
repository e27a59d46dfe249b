/**
 * The controller work queue (client-go workqueue): a FIFO of keys where a pending key is queued once
 * (dirty set), a key being processed is never handed out again until `done` (processing set), and
 * failures come back later through a rate limiter or a virtual-time delay.
 */
import type { Clock, TimerId, Timers } from '../sim/types';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter';

export interface WorkQueueOptions<K> {
  clock: Clock;
  timers: Timers;
  /** Default: client-go's DefaultControllerRateLimiter. */
  rateLimiter?: RateLimiter<K>;
  /** Name shown in timer labels and traces. */
  name?: string;
  /** Bound on keys waiting (queued plus delayed); adds beyond it are dropped and counted. */
  maxLength?: number;
}

export const DEFAULT_MAX_QUEUE_LENGTH = 1_000_000;

/** Dedup FIFO of keys with rate-limited and delayed adds. */
/** A work queue's gauges and counters (upstream: depth, unfinished work, retries). */
export interface WorkQueueStats {
  /** Keys ready to be handed out. */
  depth: number;
  /** Keys a worker holds now. */
  processing: number;
  /** Keys waiting for a delay (addAfter, rate-limited retries). */
  waiting: number;
  /** Rate-limited re-adds since the queue was made. */
  retries: number;
  /** Adds refused because the queue was full. */
  dropped: number;
}

export class WorkQueue<K = string> {
  private queue: K[] = [];
  private head = 0;
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  /** key -> (due time, timer), so a second addAfter only moves a wait earlier, as client-go's delaying queue. */
  private readonly waiting = new Map<K, { atMs: number; timer: TimerId }>();
  private readonly getters: ((key: K | undefined) => void)[] = [];
  private shutdown = false;
  private droppedCount = 0;
  private retriesCount = 0;
  readonly name: string;
  private readonly rateLimiter: RateLimiter<K>;
  private readonly maxLength: number;

  constructor(private readonly opts: WorkQueueOptions<K>) {
    this.name = opts.name ?? 'queue';
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>(opts.clock);
    this.maxLength = opts.maxLength ?? DEFAULT_MAX_QUEUE_LENGTH;
  }

  /** Keys ready to be handed out. */
  len(): number {
    return this.queue.length - this.head;
  }

  /** Adds made while the queue was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Queues a key unless it is already pending; a key in processing is re-queued when done. */
  add(key: K): void {
    if (this.shutdown || this.dirty.has(key)) return;
    if (this.dirty.size + this.waiting.size >= this.maxLength) {
      this.droppedCount++;
      return;
    }
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  private push(key: K): void {
    const getter = this.getters.shift();
    if (getter) {
      this.dirty.delete(key);
      this.processing.add(key);
      getter(key);
      return;
    }
    this.queue.push(key);
  }

  /** Takes the next key without waiting; undefined when none is ready. Call `done` when finished. */
  tryGet(): K | undefined {
    if (this.len() === 0) return undefined;
    const key = this.queue[this.head++];
    // Compact the array now and then instead of shifting on every get.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  /** Waits for the next key; resolves undefined once the queue is shut down. */
  get(): Promise<K | undefined> {
    const key = this.tryGet();
    if (key !== undefined || this.shutdown) return Promise.resolve(key);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks a key finished; if it was added again meanwhile, it goes back in the queue. */
  done(key: K): void {
    this.processing.delete(key);
    // As upstream, a key re-added while processing goes back even after shutDown, so a draining worker sees it.
    if (this.dirty.has(key)) this.push(key);
  }

  /** Adds a key after a virtual-time delay; an earlier pending wait for it wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.shutdown) return;
    if (delayMs <= 0) return this.add(key);
    const atMs = this.opts.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing && existing.atMs <= atMs) return;
    if (existing) this.opts.timers.cancel(existing.timer);
    else if (this.dirty.size + this.waiting.size >= this.maxLength) {
      this.droppedCount++;
      return;
    }
    const timer = this.opts.timers.at(atMs, () => {
      this.waiting.delete(key);
      this.add(key);
    }, `workqueue:${this.name}`);
    this.waiting.set(key, { atMs, timer });
  }

  /** Adds a key after its rate limiter's back-off. */
  addRateLimited(key: K): void {
    this.retriesCount++;
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** What the queue holds now, for the internals view (upstream's workqueue metrics). */
  stats(): WorkQueueStats {
    return { depth: this.len(), processing: this.processing.size, waiting: this.waiting.size, retries: this.retriesCount, dropped: this.droppedCount };
  }

  /** Clears a key's failure history (it succeeded). */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** Stops accepting keys, drops delayed ones, and releases waiting getters. */
  shutDown(): void {
    this.shutdown = true;
    for (const w of this.waiting.values()) this.opts.timers.cancel(w.timer);
    this.waiting.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }

  shuttingDown(): boolean {
    return this.shutdown;
  }

  /** True while a key is handed out and not yet done. */
  isProcessing(key: K): boolean {
    return this.processing.has(key);
  }
}
