/**
 * Hash-consing of stored objects' small parts. The pods of one ReplicaSet carry equal containers,
 * tolerations, resource requests, owner references and labels; their statuses equal conditions
 * (`{type: Ready, status: True, lastTransitionTime: <second>}`) and container states. Each write
 * arrives as a private copy, so without this every pod (and every version of it in the history)
 * keeps its own objects for them. Stored objects are frozen, so an equal stored part can stand in
 * for a new one: the stored JSON is exactly the same, key order included.
 *
 * Parts are interned bottom-up (a parent is keyed by its children's identities), only when small;
 * the table is bounded by generations (when the current one fills, it becomes the previous one and
 * the one before is dropped), so parts that never repeat are not kept for long.
 */

import { fnv1aText } from '../api/fnv';

/** Entries per generation of the table. */
export const INTERN_GENERATION_SIZE = 16_384;
/** Parts with more members than this, or a longer key, are stored as they are (likely unique). */
const MAX_MEMBERS = 16;
const MAX_KEY_LENGTH = 512;

// Keyed by a 32-bit hash of the part's key text (the text itself is not kept); a hit is confirmed
// member by member, so a collision only costs a missed share.
let current = new Map<number, object>();
let previous = new Map<number, object>();
const ids = new WeakMap<object, number>();
let nextId = 1;

function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

// One member's value in a key: unambiguous (strings length-prefixed), children by identity.
function encode(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`;
    case 'number':
      return `n${v};`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'object':
      return v === null ? 'N' : `o${idOf(v)};`;
    default:
      return '?';
  }
}

/**
 * Freezes `value`'s new (unfrozen) parts below the top level, replacing each small part with an
 * equal one stored before when there is one. `value` and its `metadata` (name, uid and
 * resourceVersion make both unique) are only walked, not interned: the caller freezes them.
 */
export function internParts<T extends object>(value: T): T {
  internMembers(value as Record<string, unknown>, true);
  return value;
}

function internMembers(record: Record<string, unknown>, top: boolean): void {
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) continue;
    if (top && k === 'metadata' && !Array.isArray(v)) {
      internMembers(v as Record<string, unknown>, false);
      continue;
    }
    const shared = intern(v);
    if (shared !== v) record[k] = shared;
  }
}

function intern(value: object): object {
  if (Object.isFrozen(value)) return value;
  let key: string | undefined;
  if (Array.isArray(value)) {
    key = value.length <= MAX_MEMBERS ? 'a' : undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object') {
        const shared = intern(v);
        if (shared !== v) value[i] = shared;
      }
      if (key !== undefined) key = appendKey(key, '', value[i]);
    }
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    key = keys.length <= MAX_MEMBERS ? 'o' : undefined;
    for (const k of keys) {
      const v = record[k];
      if (v !== null && typeof v === 'object') {
        const shared = intern(v);
        if (shared !== v) record[k] = shared;
      }
      if (key !== undefined) key = appendKey(key, k, record[k]);
    }
  }
  Object.freeze(value);
  return key === undefined ? value : remember(key, value);
}

function appendKey(key: string, member: string, v: unknown): string | undefined {
  const next = `${key}${member.length}:${member}=${encode(v)}`;
  return next.length <= MAX_KEY_LENGTH ? next : undefined;
}

function remember(key: string, value: object): object {
  const hash = fnv1aText(key);
  const known = current.get(hash);
  if (known !== undefined && sameMembers(known, value)) return known;
  const older = previous.get(hash);
  const kept = older !== undefined && sameMembers(older, value) ? older : value;
  current.set(hash, kept);
  if (current.size >= INTERN_GENERATION_SIZE) {
    previous = current;
    current = new Map();
  }
  return kept;
}

// Same members in the same order, each identical (children are interned first, so equal parts are
// the same object); NaN never equals itself, so a part holding it is simply not shared.
function sameMembers(a: object, b: object): boolean {
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || ra[ka[i]] !== rb[kb[i]]) return false;
  return true;
}
