/**
 * Live watch fan-out. Watchers are indexed by prefix, so a write looks up only the prefixes its key
 * can match (one per '/' in the key) instead of testing every watcher: 100 watchers on
 * `/registry/pods/` cost one map hit and one loop per event.
 */
import type { StoreEvent } from './types';

/** One registered watch. `lastRevision` is the cursor that makes delivery exactly-once. */
export interface WatchRecord {
  readonly prefix: string;
  readonly onEvent: (e: StoreEvent) => void;
  lastRevision: number;
  cancelled: boolean;
}

/** Watchers by prefix, with synchronous, ordered delivery that tolerates writes from inside callbacks. */
export class WatchHub {
  /** Prefixes that end with '/' or are whole keys: found by splitting the written key. */
  private byPrefix = new Map<string, Set<WatchRecord>>();
  /** Any other prefix (rare): tested with startsWith. */
  private odd = new Set<WatchRecord>();
  private pending: StoreEvent[] = [];
  private pendingHead = 0;
  private delivering = false;

  /** Number of live watchers (for tests and metrics). */
  get size(): number {
    let n = this.odd.size;
    for (const set of this.byPrefix.values()) n += set.size;
    return n;
  }

  add(record: WatchRecord): void {
    if (!record.prefix.endsWith('/') && record.prefix !== '') {
      // A prefix without a trailing slash may still be a whole key; both lookups are cheap.
      this.odd.add(record);
      return;
    }
    let set = this.byPrefix.get(record.prefix);
    if (!set) this.byPrefix.set(record.prefix, (set = new Set()));
    set.add(record);
  }

  remove(record: WatchRecord): void {
    record.cancelled = true;
    if (this.odd.delete(record)) return;
    const set = this.byPrefix.get(record.prefix);
    if (!set) return;
    set.delete(record);
    if (set.size === 0) this.byPrefix.delete(record.prefix);
  }

  /**
   * Delivers `e` to every matching watcher. A callback that writes to the store queues its event
   * behind this one, so every watcher still sees revisions in order.
   */
  publish(e: StoreEvent): void {
    this.pending.push(e);
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.pendingHead < this.pending.length) this.fanOut(this.pending[this.pendingHead++]);
    } finally {
      this.pending = [];
      this.pendingHead = 0;
      this.delivering = false;
    }
  }

  private fanOut(e: StoreEvent): void {
    if (this.byPrefix.size > 0) {
      const key = e.key;
      this.deliverTo(this.byPrefix.get(''), e);
      for (let i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
        this.deliverTo(this.byPrefix.get(key.slice(0, i + 1)), e);
      }
    }
    for (const w of this.odd) if (e.key.startsWith(w.prefix)) deliver(w, e);
  }

  private deliverTo(set: Set<WatchRecord> | undefined, e: StoreEvent): void {
    if (set) for (const w of set) deliver(w, e);
  }
}

function deliver(w: WatchRecord, e: StoreEvent): void {
  // The cursor skips events a watcher already got from history while this one was queued.
  if (w.cancelled || e.revision <= w.lastRevision) return;
  w.lastRevision = e.revision;
  try {
    w.onEvent(e);
  } catch (err) {
    // A failing watcher must neither fail the write that fed it nor starve the watchers after it.
    queueMicrotask(() => {
      throw err;
    });
  }
}
