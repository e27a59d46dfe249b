/**
 * The etcd analog: one global revision, MVCC history for watches and consistent lists, compaction,
 * and batched persistence.
 *
 * History is bounded by revisions, not time (time is virtual and the store has no clock): the log keeps
 * the last `historyLimit` revisions (default 100,000, i.e. minutes of a busy 5,000-node cluster, like
 * the apiserver's 5-minute etcd compaction interval) and compacts the rest as writes arrive.
 */
import type { KubeObject } from '../api/types';
import type { ListOptions, ListResult, PersistedState, Persistence, StoreEntry, StoreEvent, StoreEventType, Watcher } from './types';
import { StoreError } from './types';
import { SortedKeys, prefixEnd } from './sorted-keys';
import { RevisionLog } from './revision-log';
import { WatchHub, type WatchIndex, type WatchRecord } from './watch-hub';
import { deepFreeze, shareUnchanged, withRevision } from './freeze';
import { listRange } from './range-list';

export interface StoreOptions {
  persistence?: Persistence;
  /** How many revisions of history to keep for watches and past lists before compacting. */
  historyLimit?: number;
}

/** Revisions of history kept when `historyLimit` is not given. */
export const DEFAULT_HISTORY_LIMIT = 100_000;

/** The etcd analog. Reads and writes are synchronous; only `open` and `flush` touch persistence. */
export class Store {
  /** Opens a store, resuming from `persistence` when it holds a saved state. */
  static async open(opts: StoreOptions = {}): Promise<Store> {
    const store = new Store(opts);
    const saved = await opts.persistence?.load();
    if (saved) store.restore(saved);
    return store;
  }

  private current = new Map<string, StoreEntry>();
  private keys = new SortedKeys();
  private log = new RevisionLog();
  private hub = new WatchHub();
  private latest = 0;
  private readonly historyLimit: number;

  constructor(readonly options: StoreOptions = {}) {
    this.historyLimit = Math.max(1, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  }

  /** The latest revision (0 when empty). */
  get revision(): number {
    return this.latest;
  }
  /** Watches and lists below this revision get Expired. */
  get compactRevision(): number {
    return this.log.floor;
  }
  /** Number of live keys (etcd's key count, less leases and compacted history). */
  get keyCount(): number {
    return this.current.size;
  }
  /** Number of live watchers. */
  get watcherCount(): number {
    return this.hub.size;
  }

  get(key: string): StoreEntry | undefined {
    return this.current.get(key);
  }

  /** Creates `key`; sets metadata.resourceVersion to the new revision, freezes and returns the object. */
  create(key: string, obj: KubeObject): KubeObject {
    if (this.current.has(key)) throw new StoreError('AlreadyExists', key, `key exists: ${key}`);
    const rev = this.latest + 1;
    const stored = withRevision(obj, rev);
    this.current.set(key, { object: stored, createRevision: rev, modRevision: rev });
    this.keys.add(key);
    this.commit('ADDED', key, stored, undefined, rev);
    return stored;
  }

  /** Replaces `key`; when `expectedModRevision` is given and differs: StoreError Conflict. */
  update(key: string, obj: KubeObject, expectedModRevision?: number): KubeObject {
    const prev = this.existing(key, expectedModRevision);
    const rev = this.latest + 1;
    const stored = withRevision(shareUnchanged(obj, prev.object), rev);
    this.current.set(key, { object: stored, createRevision: prev.createRevision, modRevision: rev });
    this.commit('MODIFIED', key, stored, prev.object, prev.createRevision);
    return stored;
  }

  /** Deletes `key`; returns the deleted object with the deleting revision as its resourceVersion. */
  delete(key: string, expectedModRevision?: number): KubeObject {
    const prev = this.existing(key, expectedModRevision);
    const gone = withRevision(prev.object, this.latest + 1);
    this.current.delete(key);
    this.keys.delete(key);
    this.commit('DELETED', key, gone, prev.object, prev.createRevision);
    return gone;
  }

  /** Lists keys under `prefix` at the latest or a retained past revision, optionally in pages. */
  list(prefix: string, opts: ListOptions = {}): ListResult {
    const revision = opts.revision || this.latest;
    this.checkRevision(prefix, revision);
    let before: Map<string, KubeObject | null> | undefined;
    if (revision < this.latest) {
      const start = opts.startAfterKey !== undefined && opts.startAfterKey > prefix ? opts.startAfterKey : prefix;
      before = this.log.undoAfter(revision, this.latest, start, prefixEnd(prefix), prefix);
    }
    return listRange(
      { keys: this.keys, current: this.current },
      { prefix, revision, startAfterKey: opts.startAfterKey, limit: opts.limit, predicate: opts.predicate, before },
    );
  }

  /**
   * Delivers, in order, every event under `prefix` with revision > fromRevision, then live ones;
   * with an `index`, only those whose object (or previous object) has the index's value.
   */
  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void, index?: WatchIndex): Watcher {
    if (fromRevision < this.log.floor) throw this.expired(prefix, fromRevision);
    if (fromRevision > this.latest) throw new RangeError(`watch from future revision ${fromRevision} (latest ${this.latest})`);
    const record: WatchRecord = { prefix, onEvent, index, lastRevision: fromRevision, cancelled: false };
    // Each step asks the log afresh, so writes made by the callback during the replay are replayed too.
    // Only the prefix's resource's revisions are visited (the log lists them per resource).
    for (let e = this.log.nextUnder(prefix, fromRevision); e !== undefined && !record.cancelled; e = this.log.nextUnder(prefix, e.revision)) {
      if (!e.key.startsWith(prefix)) continue;
      if (index && index.of(e.object) !== index.value && (!e.prevObject || index.of(e.prevObject) !== index.value)) continue;
      record.lastRevision = e.revision;
      onEvent(e);
    }
    record.lastRevision = Math.max(record.lastRevision, this.latest);
    if (!record.cancelled) this.hub.add(record);
    return { cancel: () => this.hub.remove(record) };
  }

  /** Drops history at or below `revision`; watches and lists below it get Expired from now on. */
  compact(revision: number): void {
    if (revision > this.latest) throw new RangeError(`compact to future revision ${revision} (latest ${this.latest})`);
    if (revision <= this.log.floor) return;
    this.log.compact(revision);
    this.options.persistence?.compact?.(revision);
  }

  /** Number of keys under `prefix` at the latest revision. */
  count(prefix: string): number {
    return this.keys.countRange(prefix, prefixEnd(prefix));
  }

  /** Commits buffered writes to persistence (one transaction). */
  async flush(): Promise<void> {
    await this.options.persistence?.flush();
  }

  private existing(key: string, expectedModRevision: number | undefined): StoreEntry {
    const prev = this.current.get(key);
    if (!prev) throw new StoreError('NotFound', key, `key not found: ${key}`);
    if (expectedModRevision !== undefined && expectedModRevision !== prev.modRevision) {
      throw new StoreError(
        'Conflict',
        key,
        `modRevision of ${key} is ${prev.modRevision}, not the expected ${expectedModRevision}`,
      );
    }
    return prev;
  }

  /** Records one write as the next revision: log, persistence, compaction, then watchers. */
  private commit(type: StoreEventType, key: string, object: KubeObject, prevObject: KubeObject | undefined, createRevision?: number): void {
    const revision = ++this.latest;
    const event: StoreEvent = { type, key, revision, object, createRevision: createRevision ?? revision };
    if (prevObject) event.prevObject = prevObject;
    this.log.push(Object.freeze(event));
    this.options.persistence?.append([event]);
    if (revision - this.log.floor > this.historyLimit) this.compact(revision - this.historyLimit);
    this.hub.publish(event);
  }

  private checkRevision(prefix: string, revision: number): void {
    if (revision < this.log.floor) throw this.expired(prefix, revision);
    if (revision > this.latest) throw new RangeError(`revision ${revision} is in the future (latest ${this.latest})`);
  }

  private expired(key: string, requested: number): StoreError {
    const oldest = this.log.floor;
    return new StoreError('Expired', key, `required revision ${requested} has been compacted (oldest ${oldest})`, { requested, oldest });
  }

  private restore(saved: PersistedState): void {
    for (const e of saved.entries) {
      const object = deepFreeze(e.object);
      this.current.set(e.key, { object, createRevision: e.createRevision, modRevision: e.modRevision });
      this.keys.add(e.key);
    }
    this.latest = saved.revision;
    const history = saved.history ?? [];
    const complete =
      history.length === saved.revision - saved.compactRevision &&
      history.every((e, i) => e.revision === saved.compactRevision + 1 + i);
    // Without the whole log since the floor, no past revision can be rebuilt: the floor moves up.
    this.log = new RevisionLog(complete ? saved.compactRevision : saved.revision);
    if (complete) for (const e of history) this.log.push(deepFreeze(e));
  }
}

/** The revision a watch bookmark reports: the store's latest, since every later event follows it. */
export function bookmarkRevision(store: Store): number {
  return store.revision;
}
