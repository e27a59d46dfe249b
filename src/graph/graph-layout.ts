/**
 * Stable positions for graph items: each column is a list of slots; an item keeps its slot for as
 * long as it exists, and a new item takes the lowest free slot of its column (new items placed in
 * creation-then-name order). So cards never jump when others arrive, and a replacement pod in a
 * rolling update tends to take the slot its predecessor left.
 */
import type { Column, GraphItem } from './graph-model';

/** Where each column starts and how tall its slots are (px, React Flow coordinates). */
export const COLUMN_X: Record<Column, number> = { 0: 0, 1: 300, 2: 580, 3: 860, 4: -290 };
export const COLUMN_WIDTH: Record<Column, number> = { 0: 250, 1: 230, 2: 230, 3: 270, 4: 240 };
export const SLOT_HEIGHT: Record<Column, number> = { 0: 104, 1: 84, 2: 62, 3: 144, 4: 84 };

/** Slot of every placed item id, per column. Treat as immutable: placeItems returns a new one. */
export type LayoutMemory = ReadonlyMap<string, { column: Column; slot: number }>;

export interface Placed {
  item: GraphItem;
  x: number;
  y: number;
}

/** Places items, keeping the slots of those already in `memory`. Returns positions and the new memory. */
export function placeItems(items: readonly GraphItem[], memory: LayoutMemory): { placed: Placed[]; memory: LayoutMemory } {
  const next = new Map<string, { column: Column; slot: number }>();
  const taken = new Map<Column, Set<number>>();
  const fresh: GraphItem[] = [];
  for (const item of items) {
    const old = memory.get(item.id);
    if (old && old.column === item.column) {
      next.set(item.id, old);
      takenIn(taken, item.column).add(old.slot);
    } else fresh.push(item);
  }
  fresh.sort((a, b) => a.column - b.column || a.createdMs - b.createdMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const cursor = new Map<Column, number>();
  for (const item of fresh) {
    const used = takenIn(taken, item.column);
    let slot = cursor.get(item.column) ?? 0;
    while (used.has(slot)) slot++;
    used.add(slot);
    cursor.set(item.column, slot + 1);
    next.set(item.id, { column: item.column, slot });
  }
  const placed = items.map((item) => {
    const { column, slot } = next.get(item.id)!;
    return { item, x: COLUMN_X[column], y: slot * SLOT_HEIGHT[column] };
  });
  return { placed, memory: next };
}

function takenIn(taken: Map<Column, Set<number>>, column: Column): Set<number> {
  let s = taken.get(column);
  if (!s) taken.set(column, (s = new Set()));
  return s;
}
