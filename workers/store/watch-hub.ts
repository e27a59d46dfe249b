/**
 * Live watch fan-out. Watchers are indexed by prefix, so a write looks up only the prefixes its key
 * can match (one per '/' in the key) instead of testing every watcher: 100 watchers on
 * `/registry/pods/` cost one map hit and one loop per event.
 */
import type { KubeObject } from '../api/types';
import type { StoreEvent } from './types';

/**
 * A pre-filter on a field (upstream's watch-cache "indexed trigger", e.g. pods by spec.nodeName):
 * the watcher only hears events whose object, or previous object, has `value` in that field. It
 * must be implied by the watcher's own filter, so nothing it wants is skipped.
 */
export interface WatchIndex {
  /** The index's name (one `of` per name). */
  name: string;
  value: string;
  of: (obj: KubeObject) => string;
}

/** One registered watch. `lastRevision` is the cursor that makes delivery exactly-once. */
export interface WatchRecord {
  readonly prefix: string;
  readonly onEvent: (e: StoreEvent) => void;
  readonly index?: WatchIndex;
  lastRevision: number;
  cancelled: boolean;
}

/** Indexed watchers of one prefix and index name, by value. */
interface IndexedSet {
  of: (obj: KubeObject) => string;
  byValue: Map<string, Set<WatchRecord>>;
}

/** Watchers by prefix, with synchronous, ordered delivery that tolerates writes from inside callbacks. */
export class WatchHub {
  /** Prefixes that end with '/' or are whole keys: found by splitting the written key. */
  private byPrefix = new Map<string, Set<WatchRecord>>();
  /** Any other prefix (rare): tested with startsWith. */
  private odd = new Set<WatchRecord>();
  /** Indexed watchers, by prefix, then index name. */
  private indexed = new Map<string, Map<string, IndexedSet>>();
  private indexedCount = 0;
  private pending: StoreEvent[] = [];
  private pendingHead = 0;
  private delivering = false;

  /** Number of live watchers (for tests and metrics). */
  get size(): number {
    let n = this.odd.size + this.indexedCount;
    for (const set of this.byPrefix.values()) n += set.size;
    return n;
  }

  add(record: WatchRecord): void {
    if (record.index && (record.prefix.endsWith('/') || record.prefix === '')) return this.addIndexed(record, record.index);
    if (!record.prefix.endsWith('/') && record.prefix !== '') {
      // A prefix without a trailing slash may still be a whole key; both lookups are cheap.
      this.odd.add(record);
      return;
    }
    let set = this.byPrefix.get(record.prefix);
    if (!set) this.byPrefix.set(record.prefix, (set = new Set()));
    set.add(record);
  }

  private addIndexed(record: WatchRecord, index: WatchIndex): void {
    let byName = this.indexed.get(record.prefix);
    if (!byName) this.indexed.set(record.prefix, (byName = new Map()));
    let set = byName.get(index.name);
    if (!set) byName.set(index.name, (set = { of: index.of, byValue: new Map() }));
    let records = set.byValue.get(index.value);
    if (!records) set.byValue.set(index.value, (records = new Set()));
    records.add(record);
    this.indexedCount++;
  }

  private removeIndexed(record: WatchRecord, index: WatchIndex): void {
    const set = this.indexed.get(record.prefix)?.get(index.name);
    const records = set?.byValue.get(index.value);
    if (!records?.delete(record)) return;
    this.indexedCount--;
    if (records.size === 0) set!.byValue.delete(index.value);
  }

  remove(record: WatchRecord): void {
    record.cancelled = true;
    if (record.index && (record.prefix.endsWith('/') || record.prefix === '')) return this.removeIndexed(record, record.index);
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
    if (this.byPrefix.size > 0 || this.indexedCount > 0) {
      const key = e.key;
      this.deliverAt('', e);
      for (let i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) this.deliverAt(key.slice(0, i + 1), e);
    }
    for (const w of this.odd) if (e.key.startsWith(w.prefix)) deliver(w, e);
  }

  private deliverAt(prefix: string, e: StoreEvent): void {
    this.deliverTo(this.byPrefix.get(prefix), e);
    const byName = this.indexed.size ? this.indexed.get(prefix) : undefined;
    if (!byName) return;
    for (const set of byName.values()) {
      const now = set.of(e.object);
      this.deliverTo(set.byValue.get(now), e);
      const before = e.prevObject ? set.of(e.prevObject) : now;
      if (before !== now) this.deliverTo(set.byValue.get(before), e);
    }
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
