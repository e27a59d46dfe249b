/**
 * The proxier's sync runner (upstream pkg/util/async BoundedFrequencyRunner): `run()` asks for a
 * sync; syncs happen at most `burst` at once and then no more often than one per minInterval (a
 * token bucket), and at least once per maxInterval even when nothing asks.
 */
import type { Clock, TimerId, Timers } from '../../sim/types';

/** How the runner paces its function. */
export interface SyncRunnerOptions {
  name: string;
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Runs allowed back to back before minInterval applies (upstream's proxiers use 2). */
  burst: number;
}

/** Calls `fn` when asked, bounded in frequency both ways. */
export class BoundedFrequencyRunner {
  /** Tokens in ms of credit: one run costs minIntervalMs, the bucket holds burst runs. */
  private creditMs: number;
  private creditAtMs: number;
  private lastRunMs = -Infinity;
  private timer: TimerId | undefined;
  private timerAtMs = Infinity;
  private requested: TimerId | undefined;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly fn: () => void,
    private readonly opts: SyncRunnerOptions,
  ) {
    this.creditMs = opts.burst * opts.minIntervalMs;
    this.creditAtMs = clock.now();
  }

  /** Starts the max-interval timer (upstream Loop). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.creditAtMs = this.clock.now();
    this.arm(this.opts.maxIntervalMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.timers.cancel(this.timer);
    if (this.requested !== undefined) this.timers.cancel(this.requested);
    this.timer = this.requested = undefined;
    this.timerAtMs = Infinity;
  }

  /** Asks for a run; requests made at the same virtual instant become one. */
  run(): void {
    if (!this.running || this.requested !== undefined) return;
    // Out of tokens with the retry already armed: the ask would change nothing (and with
    // thousands of proxies hearing every event, skipping it keeps an event O(1) per proxy).
    const now = this.clock.now();
    if (!this.hasToken(now) && this.timerAtMs <= now + this.nextPossibleMs(now)) return;
    this.requested = this.timers.after(0, () => {
      this.requested = undefined;
      this.tryRun();
    }, `${this.opts.name}:run`);
  }

  /** Runs now if the bucket allows, else makes sure the timer fires when it will. */
  private tryRun(): void {
    if (!this.running) return;
    const now = this.clock.now();
    if (this.tryAccept(now)) {
      this.lastRunMs = now;
      this.fn();
      this.arm(this.opts.maxIntervalMs);
      return;
    }
    const nextPossibleMs = this.nextPossibleMs(now);
    if (now + nextPossibleMs < this.timerAtMs) this.arm(nextPossibleMs);
  }

  private nextPossibleMs(now: number): number {
    return Math.max(0, this.opts.minIntervalMs - (now - this.lastRunMs));
  }

  private hasToken(now: number): boolean {
    const cost = this.opts.minIntervalMs;
    return cost <= 0 || Math.min(this.opts.burst * cost, this.creditMs + (now - this.creditAtMs)) >= cost;
  }

  private tryAccept(now: number): boolean {
    const cost = this.opts.minIntervalMs;
    if (cost <= 0) return true;
    this.creditMs = Math.min(this.opts.burst * cost, this.creditMs + (now - this.creditAtMs));
    this.creditAtMs = now;
    if (this.creditMs < cost) return false;
    this.creditMs -= cost;
    return true;
  }

  private arm(delayMs: number): void {
    if (this.timer !== undefined) this.timers.cancel(this.timer);
    this.timerAtMs = this.clock.now() + delayMs;
    this.timer = this.timers.after(delayMs, () => {
      this.timer = undefined;
      this.timerAtMs = Infinity;
      this.tryRun();
    }, `${this.opts.name}:timer`);
  }
}
