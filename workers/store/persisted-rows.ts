/** Turns a batch of events into the rows a flush writes: the net change per key. */
import type { PersistedState, StoreEvent } from './types';

/** One row of the current-objects table. */
export type ObjectRow = PersistedState['entries'][number];

/** The net effect of `events` (in revision order): the last write per key wins. */
export function applyEvents(events: readonly StoreEvent[]): { puts: ObjectRow[]; deletes: string[] } {
  const last = new Map<string, StoreEvent>();
  for (const e of events) last.set(e.key, e);
  const puts: ObjectRow[] = [];
  const deletes: string[] = [];
  for (const [key, e] of last) {
    if (e.type === 'DELETED') {
      deletes.push(key);
      continue;
    }
    puts.push({ key, object: e.object, createRevision: e.createRevision ?? e.revision, modRevision: e.revision });
  }
  return { puts, deletes };
}
