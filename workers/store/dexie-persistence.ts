/**
 * Persistence in IndexedDB through Dexie 4: every revision survives a reload. Writes are buffered and
 * committed by `flush()` in one relaxed-durability transaction (one per simulation tick).
 *
 * Layout, as etcd's WAL plus snapshot: the `log` table holds every revision (one row per flush), the
 * `objects` table holds each key's state as of `checkpointRevision`, which trails the latest revision
 * by `checkpointLag` revisions. A flush appends one log row and moves the checkpoint over the events
 * leaving the lag window (one object row per distinct key among them, so a Pod updated ten times in
 * the window costs one row); `load()` replays the log after the checkpoint. IndexedDB pays per row,
 * so this is what makes 20,000 persisted writes/s possible.
 */
import Dexie, { type Table } from 'dexie';
import type { PersistedState, Persistence, StoreEvent } from './types';
import { decodeSegments, encodeSegment, objectRows, type LogSegmentRow, type ObjectRowJson } from './log-codec';

/** The single meta row: the counter, the floor and the objects table's revision at the last flush. */
interface MetaRow {
  id: 'meta';
  revision: number;
  compactRevision: number;
  checkpointRevision: number;
}

class StoreDatabase extends Dexie {
  objects!: Table<ObjectRowJson, string>;
  meta!: Table<MetaRow, string>;
  /** The revision log, one row per flush (a segment of consecutive revisions). */
  log!: Table<LogSegmentRow, number>;

  constructor(name: string) {
    // Relaxed durability: a tick lost to a crash is acceptable; waiting for fsync per tick is not.
    super(name, { chromeTransactionDurability: 'relaxed', cache: 'disabled' });
    withoutLiveQueries(this);
    this.version(1).stores({ objects: 'key', meta: 'id', log: 'first, last' });
  }
}

/**
 * Drops Dexie's liveQuery machinery from a database nobody observes: by default every write
 * transaction records the keys it touched and posts them on a BroadcastChannel for other tabs'
 * live queries (a structured clone of every key written), and keeps an optimistic query cache.
 * In a Chromium trace of the page's first boot that was about a third of the worker's IndexedDB time.
 */
export function withoutLiveQueries(db: Dexie): void {
  db.unuse({ stack: 'dbcore', name: 'Observability' });
  db.unuse({ stack: 'dbcore', name: 'Cache' });
}

/** Revisions the objects table trails the log by, unless the constructor says otherwise. */
export const DEFAULT_CHECKPOINT_LAG = 100_000;

/** IndexedDB persistence; `dbName` selects the database (one per cluster). */
export class DexiePersistence implements Persistence {
  private readonly db: StoreDatabase;
  private buffer: StoreEvent[] = [];
  private pendingFloor = 0;
  private saved: Omit<MetaRow, 'id'> = { revision: 0, compactRevision: 0, checkpointRevision: 0 };
  /** Flushed events after the checkpoint, oldest first: what the next checkpoints write. */
  private sinceCheckpoint: StoreEvent[] = [];
  /** Flushes run one after another even when ticks fire them without awaiting. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly dbName = 'kubesim-store',
    readonly checkpointLag = DEFAULT_CHECKPOINT_LAG,
  ) {
    this.db = new StoreDatabase(dbName);
  }

  async load(): Promise<PersistedState | undefined> {
    await this.chain;
    const db = this.db;
    const read = await db.transaction('r', [db.objects, db.meta, db.log], async () => {
      const meta = await db.meta.get('meta');
      if (!meta) return undefined;
      const from = Math.min(meta.compactRevision, meta.checkpointRevision);
      const segments = await db.log.where('last').above(from).sortBy('first');
      return { meta, rows: await db.objects.toArray(), events: decodeSegments(segments, from) };
    });
    if (!read) return undefined;
    const { meta, rows, events } = read;
    const objects = new Map<string, PersistedState['entries'][number]>();
    for (const r of rows) objects.set(r.key, { key: r.key, object: JSON.parse(r.json), createRevision: r.createRevision, modRevision: r.modRevision });
    const replay = events.filter((e) => e.revision > meta.checkpointRevision);
    for (const e of replay) {
      if (e.type === 'DELETED') objects.delete(e.key);
      else objects.set(e.key, { key: e.key, object: e.object, createRevision: e.createRevision ?? e.revision, modRevision: e.revision });
    }
    this.saved = { revision: meta.revision, compactRevision: meta.compactRevision, checkpointRevision: meta.checkpointRevision };
    this.sinceCheckpoint = replay;
    const history = events.filter((e) => e.revision > meta.compactRevision);
    return { revision: meta.revision, compactRevision: meta.compactRevision, entries: [...objects.values()], history };
  }

  append(events: readonly StoreEvent[]): void {
    for (const e of events) this.buffer.push(e);
  }

  compact(revision: number): void {
    this.pendingFloor = Math.max(this.pendingFloor, revision);
  }

  flush(): Promise<void> {
    const run = this.chain.then(() => this.commit());
    // A failed flush must not wedge the ones after it; the caller of this one still sees the error.
    this.chain = run.catch(() => {});
    return run;
  }

  async clear(): Promise<void> {
    await this.chain;
    this.buffer = [];
    this.pendingFloor = 0;
    this.saved = { revision: 0, compactRevision: 0, checkpointRevision: 0 };
    this.sinceCheckpoint = [];
    const db = this.db;
    await db.transaction('rw', [db.objects, db.meta, db.log], async () => {
      await Promise.all([db.objects.clear(), db.meta.clear(), db.log.clear()]);
    });
  }

  async close(): Promise<void> {
    await this.chain;
    this.db.close();
  }

  private async commit(): Promise<void> {
    const events = this.buffer;
    const floor = Math.max(this.pendingFloor, this.saved.compactRevision);
    if (events.length === 0 && floor === this.saved.compactRevision) return;
    this.buffer = [];
    const segment = encodeSegment(events);
    const revision = segment ? segment.last : this.saved.revision;
    for (const e of events) this.sinceCheckpoint.push(e);
    const checkpoint = Math.max(this.saved.checkpointRevision, revision - this.checkpointLag);
    let leaving = 0;
    while (leaving < this.sinceCheckpoint.length && this.sinceCheckpoint[leaving].revision <= checkpoint) leaving++;
    const { puts, deletes } = objectRows(this.sinceCheckpoint.slice(0, leaving));
    const trimBelow = Math.min(floor, checkpoint);
    const db = this.db;
    await db.transaction('rw', [db.objects, db.meta, db.log], async () => {
      const work: Promise<unknown>[] = [];
      if (deletes.length) work.push(db.objects.bulkDelete(deletes));
      if (puts.length) work.push(db.objects.bulkPut(puts));
      if (segment) work.push(db.log.put(segment));
      // Segments still needed for history or for replay after the checkpoint stay; load() skips the rest.
      if (trimBelow > Math.min(this.saved.compactRevision, this.saved.checkpointRevision)) {
        work.push(db.log.where('last').belowOrEqual(trimBelow).delete());
      }
      work.push(db.meta.put({ id: 'meta', revision, compactRevision: floor, checkpointRevision: checkpoint }));
      await Promise.all(work);
    });
    this.sinceCheckpoint.splice(0, leaving);
    this.saved = { revision, compactRevision: floor, checkpointRevision: checkpoint };
  }
}
