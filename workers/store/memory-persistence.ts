/**
 * Persistence in memory, for tests and `npm run serve`: the same buffering as IndexedDB (only flushed
 * revisions survive a reopen), without the storage.
 */
import type { PersistedState, Persistence, StoreEvent } from './types';
import { applyEvents } from './persisted-rows';

/** Keeps what was flushed in maps; `load()` from a second Store resumes it. */
export class MemoryPersistence implements Persistence {
  private buffer: StoreEvent[] = [];
  private pendingFloor = 0;
  private state: PersistedState | undefined;
  private objects = new Map<string, PersistedState['entries'][number]>();
  private log: StoreEvent[] = [];

  async load(): Promise<PersistedState | undefined> {
    if (!this.state) return undefined;
    return { ...this.state, entries: [...this.objects.values()], history: [...this.log] };
  }

  append(events: readonly StoreEvent[]): void {
    for (const e of events) this.buffer.push(e);
  }

  compact(revision: number): void {
    this.pendingFloor = Math.max(this.pendingFloor, revision);
  }

  async flush(): Promise<void> {
    const events = this.buffer;
    this.buffer = [];
    const prev = this.state ?? { revision: 0, compactRevision: 0, entries: [] };
    if (events.length === 0 && this.pendingFloor <= prev.compactRevision) return;
    const { puts, deletes } = applyEvents(events);
    for (const key of deletes) this.objects.delete(key);
    for (const row of puts) this.objects.set(row.key, row);
    for (const e of events) this.log.push(e);
    const floor = Math.max(prev.compactRevision, this.pendingFloor);
    if (floor > prev.compactRevision) this.log = this.log.filter((e) => e.revision > floor);
    const revision = events.length ? events[events.length - 1].revision : prev.revision;
    this.state = { revision, compactRevision: floor, entries: [] };
  }

  async clear(): Promise<void> {
    this.buffer = [];
    this.pendingFloor = 0;
    this.state = undefined;
    this.objects.clear();
    this.log = [];
  }

  async close(): Promise<void> {}
}
