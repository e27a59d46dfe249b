/** Deep freezing of stored objects: shared, never copied, so nobody may change them. */
import type { KubeObject } from '../api/types';

/** Freezes `value` and everything under it; already frozen parts are trusted to be frozen deeply. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // Object.values with a primitive check before recursing measured about a quarter faster than for-in.
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  for (let i = 0; i < children.length; i++) {
    const v = children[i];
    if (v !== null && typeof v === 'object') deepFreeze(v);
  }
  return value;
}

/** `obj` with its resourceVersion set to `revision`, as a new frozen object sharing obj's parts. */
export function withRevision(obj: KubeObject, revision: number): KubeObject {
  const copy: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
  return deepFreeze(copy);
}

/**
 * `next` with every subtree that equals the same place in `prev` replaced by prev's (frozen) one:
 * an update keeps one copy of what it did not change (a pod's spec across its status updates, a
 * node's image list across heartbeats), so history costs memory only for what changed. Key order
 * counts as part of equality, so the stored JSON is exactly `next`'s.
 */
export function shareUnchanged<T>(next: T, prev: unknown): T {
  return share(next, prev) as T;
}

function share(next: unknown, prev: unknown): unknown {
  if (next === prev || next === null || typeof next !== 'object' || prev === null || typeof prev !== 'object') return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    let same = next.length === prev.length;
    const out: unknown[] = [];
    for (let i = 0; i < next.length; i++) {
      out.push(i < prev.length ? share(next[i], prev[i]) : next[i]);
      if (same && out[i] !== prev[i]) same = false;
    }
    return same ? prev : out;
  }
  if (Array.isArray(prev)) return next;
  const nextKeys = Object.keys(next);
  const prevKeys = Object.keys(prev);
  let same = nextKeys.length === prevKeys.length;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < nextKeys.length; i++) {
    const k = nextKeys[i];
    const p = (prev as Record<string, unknown>)[k];
    const v = share((next as Record<string, unknown>)[k], p);
    out[k] = v;
    if (same && (prevKeys[i] !== k || v !== p)) same = false;
  }
  return same ? prev : out;
}
