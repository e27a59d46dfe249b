/** The etcd analog's contract: keys, revisions, events, watches, persistence. */
import type { KubeObject } from '../api/types';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One write as the revision log holds it. `object` is frozen and shared (no copies): for DELETED it
 * is the last state with `metadata.resourceVersion` set to the deleting revision, as etcd3 storage
 * reports deletes.
 */
export interface StoreEvent {
  type: StoreEventType;
  key: string;
  revision: number;
  object: KubeObject;
  prevObject?: KubeObject;
  /** The key's create revision (set by the store so persistence can restore StoreEntry exactly). */
  createRevision?: number;
}

export interface StoreEntry {
  object: KubeObject;
  createRevision: number;
  modRevision: number;
}

export interface ListOptions {
  /** List as of this revision (0 or undefined: latest). Below the compaction floor: StoreError Expired. */
  revision?: number;
  /** At most this many items (0 or undefined: all). */
  limit?: number;
  /** Start after this key (from a continue token). */
  startAfterKey?: string;
  /** Only objects for which this is true are returned and counted against `limit`. */
  predicate?: (obj: KubeObject) => boolean;
}

export interface ListResult {
  items: KubeObject[];
  /** The revision the list is consistent at. */
  revision: number;
  /** Set when `limit` cut the list: the last key returned, for the continue token. */
  lastKey?: string;
  /**
   * With a limit: how many more matching items remain (remainingItemCount). With a predicate the
   * store stops at the first further match, so it is then 1 (more exist), as upstream gives no count.
   */
  remaining?: number;
}

export interface Watcher {
  cancel(): void;
}

export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired';

/** A store failure; the apiserver turns it into the matching API Status. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly key: string,
    message: string,
    /** For Expired: the requested and the oldest available revision. */
    readonly revisions?: { requested: number; oldest: number },
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** What is persisted and reloaded. */
export interface PersistedState {
  revision: number;
  compactRevision: number;
  entries: { key: string; object: KubeObject; createRevision: number; modRevision: number }[];
  /**
   * The retained revision log, (compactRevision, revision] in order, so watches and lists can resume
   * from before the reload. Absent or incomplete: the store moves its floor to `revision`.
   */
  history?: StoreEvent[];
}

/**
 * Where revisions go to survive a reload: IndexedDB (Dexie) in the browser, fake-indexeddb or memory in
 * Node. Writes are buffered and committed in one transaction per `flush()` (one per simulation tick).
 */
export interface Persistence {
  load(): Promise<PersistedState | undefined>;
  /** Buffers events (in revision order) for the next flush. */
  append(events: readonly StoreEvent[]): void;
  /** Buffers a compaction: the next flush trims the log at or below `revision` and records the floor. */
  compact?(revision: number): void;
  flush(): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}
