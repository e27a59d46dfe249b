/**
 * Lists a key range at a revision: the latest state straight from the sorted keys, a past state by
 * overlaying what the revision log says those keys looked like then.
 */
import type { KubeObject } from '../api/types';
import type { ListResult, StoreEntry } from './types';
import type { SortedKeys } from './sorted-keys';
import { prefixEnd } from './sorted-keys';

/** What a range list reads from the store. */
export interface RangeSource {
  keys: SortedKeys;
  current: Map<string, StoreEntry>;
}

/** One range list request, already validated. */
export interface RangeRequest {
  prefix: string;
  revision: number;
  startAfterKey?: string;
  limit?: number;
  predicate?: (obj: KubeObject) => boolean;
  /** Past state of keys written after `revision` (null: absent then); undefined at the latest revision. */
  before?: Map<string, KubeObject | null>;
}

type Visit = (key: string, obj: KubeObject) => boolean;

/** Visits (key, object) in key order from the request's start, merging in the past overlay. */
function walk(src: RangeSource, req: RangeRequest, visit: Visit): void {
  const end = prefixEnd(req.prefix);
  const after = req.startAfterKey !== undefined && req.startAfterKey >= req.prefix ? req.startAfterKey : undefined;
  const from = after ?? req.prefix;
  const before = req.before;
  // Keys that existed then but not now are merged in by key order.
  const extra: string[] = [];
  if (before) {
    for (const [k, v] of before) if (v && !src.current.has(k) && (after === undefined || k > after)) extra.push(k);
    extra.sort();
  }
  let x = 0;
  let stopped = false;
  src.keys.scan(from, after !== undefined, end, (key) => {
    while (x < extra.length && extra[x] < key) {
      if (!visit(extra[x], before!.get(extra[x])!)) return !(stopped = true);
      x++;
    }
    const past = before?.get(key);
    const obj = past === undefined ? src.current.get(key)!.object : past;
    if (obj && !visit(key, obj)) return !(stopped = true);
    return true;
  });
  for (; !stopped && x < extra.length; x++) if (!visit(extra[x], before!.get(extra[x])!)) return;
}

/** Lists the range: items in key order, and with a limit the last key and how many remain. */
export function listRange(src: RangeSource, req: RangeRequest): ListResult {
  const { limit, predicate } = req;
  const items: KubeObject[] = [];
  let lastKey: string | undefined;
  let remaining = 0;
  walk(src, req, (key, obj) => {
    if (predicate && !predicate(obj)) return true;
    if (limit && items.length >= limit) {
      remaining++;
      // Without a predicate the rest is counted below; with one, knowing "more exist" is enough.
      return false;
    }
    items.push(obj);
    lastKey = key;
    return true;
  });
  if (!limit || remaining === 0) return { items, revision: req.revision };
  if (!predicate) remaining = countAfter(src, req, lastKey!);
  return { items, revision: req.revision, lastKey, remaining };
}

function countAfter(src: RangeSource, req: RangeRequest, lastKey: string): number {
  if (!req.before) return src.keys.countRange(lastKey + '\u0000', prefixEnd(req.prefix));
  let n = 0;
  walk(src, { ...req, startAfterKey: lastKey }, () => ++n > 0);
  return n;
}
