/**
 * The MVCC history: every event after the compaction floor, one per revision, contiguous. Revision r
 * sits at a computed index, so reads at a revision and compaction are O(1) to locate. The revisions
 * of each resource (a key's `/registry/<resource>/`) are also listed, so a watch that starts behind
 * replays its resource's events without stepping over every other resource's (a 5,000-node boot
 * starts thousands of watches while nodes, leases and events are written).
 */
import type { KubeObject } from '../api/types';
import type { StoreEvent } from './types';

/** Dead entries at the head are dropped in one slice once there are this many (amortised O(1)). */
const RECLAIM_AT = 4096;

/** Events with revision in (floor, latest]. */
export class RevisionLog {
  private events: StoreEvent[] = [];
  private head = 0;
  /** Ascending revisions per bucket (see bucketOf); entries at or below the floor are dropped at reclaim. */
  private readonly buckets = new Map<string, number[]>();

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
    const b = bucketOf(e.key);
    if (b === undefined) return;
    const list = this.buckets.get(b);
    if (list) list.push(e.revision);
    else this.buckets.set(b, [e.revision]);
  }

  /** The first retained event after revision `after` whose key may start with `prefix` (the caller checks the key). */
  nextUnder(prefix: string, after: number): StoreEvent | undefined {
    const from = Math.max(after, this.floorRevision);
    const b = bucketOfPrefix(prefix);
    if (b === undefined) {
      const latest = this.floorRevision + this.length;
      for (let r = from + 1; r <= latest; r++) {
        const e = this.at(r)!;
        if (e.key.startsWith(prefix)) return e;
      }
      return undefined;
    }
    const list = this.buckets.get(b);
    if (!list) return undefined;
    const i = firstAbove(list, from);
    return i < list.length ? this.at(list[i]) : undefined;
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
      for (const [b, list] of this.buckets) {
        const keep = firstAbove(list, this.floorRevision);
        if (keep === list.length) this.buckets.delete(b);
        else if (keep > 0) this.buckets.set(b, list.slice(keep));
      }
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

/** A key's bucket: through its third slash (`/registry/pods/` of `/registry/pods/ns/name`); undefined for other keys. */
function bucketOf(key: string): string | undefined {
  const second = key.indexOf('/', 1);
  if (key.charCodeAt(0) !== 47 || second < 0) return undefined;
  const third = key.indexOf('/', second + 1);
  return third < 0 ? undefined : key.slice(0, third + 1);
}

/** The one bucket every key under `prefix` is in, if the prefix reaches through a bucket's third slash. */
function bucketOfPrefix(prefix: string): string | undefined {
  const b = bucketOf(prefix);
  return b !== undefined && prefix.startsWith(b) ? b : undefined;
}

/** The index of the first element of ascending `list` above `value` (list.length when none). */
function firstAbove(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
