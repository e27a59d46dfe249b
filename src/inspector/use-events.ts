/** The Event rows of the current cluster state, computed once per store update and shared by the panels. */
import { useClusterStore, type ObjectEntry } from '../state/cluster-store';
import { eventRows, type EventRow } from './events-model';

const cache = new WeakMap<ReadonlyMap<string, ObjectEntry>, EventRow[]>();

function* objectsOf(map: ReadonlyMap<string, ObjectEntry>) {
  for (const e of map.values()) yield e.object;
}

export function rowsFor(map: ReadonlyMap<string, ObjectEntry>): EventRow[] {
  let rows = cache.get(map);
  if (!rows) {
    rows = eventRows(objectsOf(map));
    cache.set(map, rows);
  }
  return rows;
}

/** Every Event row, newest first; an empty list while `active` is false (hidden panels pay nothing). */
export function useEventRows(active: boolean): EventRow[] {
  const objects = useClusterStore((s) => s.objects);
  return active ? rowsFor(objects) : [];
}
