/**
 * Per-key exponential back-off as client-go's flowcontrol.Backoff, which the kubelet uses for image
 * pulls and container restarts: 10 s doubling to 5 min, forgotten once nothing happened for twice
 * the maximum (so a container that ran 10 minutes starts over at 10 s).
 */
import type { Clock } from '../../sim/types';

/** Initial back-off of restarts and pulls. */
export const BACKOFF_INITIAL_MS = 10_000;
/** Cap of restart and pull back-off. */
export const BACKOFF_MAX_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdateMs: number;
}

/** Back-off durations per key. */
export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = BACKOFF_INITIAL_MS,
    private readonly maxMs = BACKOFF_MAX_MS,
  ) {}

  private expired(eventMs: number, e: Entry): boolean {
    return eventMs - e.lastUpdateMs > 2 * this.maxMs;
  }

  /** Records one more failure at eventMs: starts at the initial delay or doubles it. */
  next(key: string, eventMs: number): void {
    const e = this.entries.get(key);
    if (!e || this.expired(eventMs, e)) this.entries.set(key, { backoffMs: this.initialMs, lastUpdateMs: this.clock.now() });
    else this.entries.set(key, { backoffMs: Math.min(e.backoffMs * 2, this.maxMs), lastUpdateMs: this.clock.now() });
  }

  /** The current delay of a key (0 when unknown). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** True while less than the delay has passed since eventMs (container restarts, from finishedAt). */
  isInBackOffSince(key: string, eventMs: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventMs, e)) return false;
    return this.clock.now() - eventMs < e.backoffMs;
  }

  /** True while less than the delay has passed between the last failure and eventMs (image pulls). */
  isInBackOffSinceUpdate(key: string, eventMs: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventMs, e)) return false;
    return eventMs - e.lastUpdateMs < e.backoffMs;
  }

  /**
   * Sets a key's state as a resumed kubelet works it out from the pod's status: the current delay
   * and when the last failure was counted.
   */
  restore(key: string, backoffMs: number, lastUpdateMs: number): void {
    this.entries.set(key, { backoffMs: Math.min(Math.max(backoffMs, this.initialMs), this.maxMs), lastUpdateMs });
  }

  /** Forgets a key. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops keys idle for more than twice the maximum. */
  gc(): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (this.expired(now, e)) this.entries.delete(k);
  }
}
