/** A HostTimer tests drive by hand: wall time moves only when `advance` is called. */
import type { HostHandle, HostTimer } from './host-timer';

interface Scheduled {
  id: number;
  atMs: number;
  fn: () => void;
}

/** Fake wall clock and host callbacks, run in time order by `advance`. */
export class FakeHostTimer implements HostTimer {
  wallMs = 0;
  private nextId = 1;
  private readonly due = new Map<number, Scheduled>();

  now(): number {
    return this.wallMs;
  }

  schedule(delayMs: number, fn: () => void): HostHandle {
    const id = this.nextId++;
    this.due.set(id, { id, atMs: this.wallMs + Math.max(0, delayMs), fn });
    return id;
  }

  cancel(handle: HostHandle): void {
    this.due.delete(handle as number);
  }

  /** Callbacks waiting. */
  get pending(): number {
    return this.due.size;
  }

  /** Moves wall time forward by `ms`, running due callbacks in order (at most `limit`). */
  advance(ms: number, limit = 100_000): number {
    const end = this.wallMs + ms;
    let n = 0;
    while (n < limit && this.runNext(end)) n++;
    this.wallMs = Math.max(this.wallMs, end);
    return n;
  }

  /**
   * Like `advance`, for code whose host callbacks start promise chains: after each callback every
   * pending promise settles before the next one runs. A callback may move `wallMs` itself (work that
   * "costs" wall time).
   */
  async runUntil(endMs: number, limit = 100_000): Promise<number> {
    let n = 0;
    while (n < limit && this.runNext(endMs)) {
      n++;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.wallMs = Math.max(this.wallMs, endMs);
    return n;
  }

  /** Runs the earliest callback due by `endMs` (first scheduled first among equals); false when none is. */
  private runNext(endMs: number): boolean {
    let next: Scheduled | undefined;
    for (const s of this.due.values()) if (s.atMs <= endMs && (!next || s.atMs < next.atMs || (s.atMs === next.atMs && s.id < next.id))) next = s;
    if (!next) return false;
    this.due.delete(next.id);
    this.wallMs = Math.max(this.wallMs, next.atMs);
    next.fn();
    return true;
  }
}
