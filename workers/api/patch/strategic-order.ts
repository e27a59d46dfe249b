/**
 * Element order for strategic merge patch lists, as upstream: items named by the patch (or its
 * `$setElementOrder`) keep the patch's order, server-only items keep their live order, and the two
 * are interleaved by their positions in the live list.
 */
import { PatchError } from './patch-error';
import { goFormat, isJsonMap, jsonEqual, type Json, type JsonMap } from './json-values';

/** Whether the list items are maps (merged by key) or primitives. */
export type ElementKind = 'map' | 'primitive';

/** mergepatch.ErrNoMergeKey (a plain error upstream, so a 500). */
export function noMergeKey(m: unknown, key: string): PatchError {
  return new PatchError(500, `map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

/** The index in `list` of the item whose merge key (or value, for primitives) equals `item`'s, or -1. */
export function indexOf(list: Json[], item: Json, mergeKey: string, kind: ElementKind): number {
  if (kind === 'primitive') return list.findIndex((x) => jsonEqual(x, item));
  if (!isJsonMap(item)) return -1;
  const want = item[mergeKey];
  return list.findIndex((x) => isJsonMap(x) && Object.hasOwn(x, mergeKey) && jsonEqual(x[mergeKey], want));
}

/** Splits `merged` into items present in `partitionBy` (by merge key or value) and the rest. */
export function partition(merged: Json[], partitionBy: Json[], mergeKey: string): [Json[], Json[]] {
  const present: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of merged) {
    if (mergeKey) {
      if (!isJsonMap(v)) throw new PatchError(500, `expected a map[string]interface {}, but received a ${typeof v}`);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      (indexOf(partitionBy, v, mergeKey, 'map') >= 0 ? present : serverOnly).push(v);
    } else {
      (partitionBy.some((x) => jsonEqual(x, v)) ? present : serverOnly).push(v);
    }
  }
  return [present, serverOnly];
}

// Go's sort.SliceStable on small inputs is an insertion sort; its comparator treats "not found in
// the order list" as less, which only an identical algorithm reproduces.
function stableSortByOrder(items: Json[], order: Json[], mergeKey: string, kind: ElementKind): Json[] {
  const out = [...items];
  const less = (a: Json, b: Json): boolean => {
    const ia = indexOf(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOf(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j], out[j - 1]); j--) [out[j], out[j - 1]] = [out[j - 1], out[j]];
  }
  return out;
}

function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: ElementKind): Json[] {
  if (kind === 'map') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isJsonMap(item)) throw new PatchError(500, `expected a map[string]interface {}, but received a ${typeof item}`);
        if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      }
    }
  }
  return stableSortByOrder(toSort, order, mergeKey, kind);
}

// Inserts each server-only item before the first patch item that comes after it in the live list.
function mergeSortedSlice(left: Json[], right: Json[], serverOrder: Json[], mergeKey: string, kind: ElementKind): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Orders the merged list: patch items by `patchOrder`, server-only items by `serverOrder`, interleaved. */
export function normalizeElementOrder(
  patchItems: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: ElementKind,
): Json[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

/** validatePatchWithSetOrderList: the patch list must follow `$setElementOrder`'s relative order. */
export function validateSetOrder(patchList: Json[], setOrder: Json[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? patchList.filter((x) => !(isJsonMap(x) && x.$patch === 'delete')) : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrder.length) {
    const item = nonDelete[p];
    if (isJsonMap(item) && Object.hasOwn(item, '$patch')) {
      p++;
      continue;
    }
    const equal = mergeKey
      ? isJsonMap(item) && isJsonMap(setOrder[s]) && jsonEqual(item[mergeKey], (setOrder[s] as JsonMap)[mergeKey])
      : jsonEqual(item, setOrder[s]);
    if (equal) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrder.length) {
    throw new PatchError(
      500,
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(setOrder)}\n`,
    );
  }
}
