/**
 * The MVCC history: every event after the compaction floor, one per revision, contiguous. Revision r
 * sits at a computed index, so reads at a revision and compaction are O(1) to locate.
 */
import type { KubeObject } from '../api/types';
import type { StoreEvent } from './types';

/** Dead entries at the head are dropped in one slice once there are this many (amortised O(1)). */
const RECLAIM_AT = 4096;

/** Events with revision in (floor, latest]. */
export class RevisionLog {
  private events: StoreEvent[] = [];
  private head = 0;

  constructor(private floorRevision = 0) {}

  /** The compaction floor: events at or below it are gone. */
  get floor(): number {
    return this.floorRevision;
  }

  /** Number of retained events. */
  get length(): number {
    return this.events.length - this.head;
  }

  /** Appends the next revision's event (the caller guarantees contiguity). */
  push(e: StoreEvent): void {
    this.events.push(e);
  }

  /** The event at `revision`, if retained. */
  at(revision: number): StoreEvent | undefined {
    if (revision <= this.floorRevision) return undefined;
    return this.events[this.head + revision - this.floorRevision - 1];
  }

  /** Drops every event at or below `revision`, which becomes the floor. */
  compact(revision: number): void {
    if (revision <= this.floorRevision) return;
    const drop = Math.min(revision - this.floorRevision, this.length);
    this.head += drop;
    this.floorRevision = revision;
    if (this.head >= RECLAIM_AT || this.head === this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** Events under `prefix` with revision in (from, to], in order. */
  *range(prefix: string, from: number, to: number): Generator<StoreEvent> {
    for (let r = Math.max(from, this.floorRevision) + 1; r <= to; r++) {
      const e = this.at(r);
      if (e && e.key.startsWith(prefix)) yield e;
    }
  }

  /**
   * How keys under [start, end) looked at `revision`, for those written after it: the object, or null
   * when absent. Walks back from `latest`, so the earliest later write's prior state wins.
   */
  undoAfter(revision: number, latest: number, start: string, end: string, prefix: string): Map<string, KubeObject | null> {
    const before = new Map<string, KubeObject | null>();
    for (let r = latest; r > revision; r--) {
      const e = this.at(r);
      if (!e || e.key < start || e.key >= end || !e.key.startsWith(prefix)) continue;
      before.set(e.key, e.type === 'ADDED' ? null : (e.prevObject ?? null));
    }
    return before;
  }
}
