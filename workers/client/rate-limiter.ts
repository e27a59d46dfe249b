/**
 * Work-queue rate limiters as client-go's workqueue package: per-item exponential back-off, an
 * overall token bucket, and the max of both (DefaultControllerRateLimiter). Time is virtual.
 */
import type { Clock } from '../sim/types';

/** Decides how long an item waits before it is retried. */
export interface RateLimiter<K> {
  /** The delay before `item` may be processed again (and records one more failure). */
  when(item: K): number;
  /** Stops tracking an item (it succeeded). */
  forget(item: K): void;
  /** Failures recorded for an item. */
  numRequeues(item: K): number;
}

/** 5 ms doubling per failure up to 1000 s, as client-go's default controller back-off. */
export class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  constructor(
    readonly baseDelayMs = 5,
    readonly maxDelayMs = 1000_000,
  ) {}
  when(item: K): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    // 2^exp overflows to Infinity long before it matters; the cap handles it.
    return Math.min(this.baseDelayMs * 2 ** exp, this.maxDelayMs);
  }
  forget(item: K): void {
    this.failures.delete(item);
  }
  numRequeues(item: K): number {
    return this.failures.get(item) ?? 0;
  }
}

/** A token bucket over all items (golang.org/x/time/rate reservations): `qps` refill, `burst` capacity. */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private lastMs: number;
  constructor(
    private readonly clock: Clock,
    readonly qps = 10,
    readonly burst = 100,
  ) {
    this.tokens = burst;
    this.lastMs = clock.now();
  }
  when(_item: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastMs) * this.qps) / 1000);
    this.lastMs = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.qps;
  }
  forget(_item: K): void {}
  numRequeues(_item: K): number {
    return 0;
  }
}

/** The longest delay of several limiters; requeues counted by the most pessimistic one. */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: RateLimiter<K>[];
  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }
  when(item: K): number {
    let d = 0;
    for (const l of this.limiters) d = Math.max(d, l.when(item));
    return d;
  }
  forget(item: K): void {
    for (const l of this.limiters) l.forget(item);
  }
  numRequeues(item: K): number {
    let n = 0;
    for (const l of this.limiters) n = Math.max(n, l.numRequeues(item));
    return n;
  }
}

/** client-go's DefaultControllerRateLimiter: max(exponential 5 ms..1000 s, bucket 10 qps burst 100). */
export function defaultControllerRateLimiter<K>(clock: Clock): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialFailureRateLimiter<K>(5, 1000_000), new BucketRateLimiter<K>(clock, 10, 100));
}
