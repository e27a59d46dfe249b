/** JSON merge patch (RFC 7386), with kube-apiserver's treatment of non-object patches. */
import { PatchError } from './patch-error';
import { cloneJson, isJsonMap, type Json, type JsonMap } from './json-values';

// Null members of objects are dropped from values copied in from the patch; array members stay.
function pruneNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map((x) => (x === null ? null : pruneNulls(x)));
  if (isJsonMap(v)) {
    const out: JsonMap = {};
    for (const k of Object.keys(v)) if (v[k] !== null) out[k] = pruneNulls(v[k]);
    return out;
  }
  return v;
}

function mergeInto(doc: JsonMap, patch: JsonMap): void {
  for (const k of Object.keys(patch)) {
    const pv = patch[k];
    if (pv === null) {
      delete doc[k];
      continue;
    }
    const cur = Object.hasOwn(doc, k) ? doc[k] : null;
    if (isJsonMap(cur) && isJsonMap(pv)) mergeInto(cur, pv);
    else doc[k] = pruneNulls(pv);
  }
}

/**
 * Applies a merge patch to a copy of `target`. A `null` or scalar patch is a 400 "Invalid JSON
 * Patch" as upstream; an array patch replaces the document (the caller's decoding then rejects it).
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || (typeof patch !== 'object')) throw new PatchError(400, 'Invalid JSON Patch');
  if (Array.isArray(patch)) return pruneNulls(patch as Json);
  if (!isJsonMap(target)) return pruneNulls(patch as Json);
  const doc = cloneJson(target);
  mergeInto(doc, patch as JsonMap);
  return doc;
}

/** The merge patch taking `original` to `modified` (objects recurse; anything else is replaced). */
export function createMergePatch(original: unknown, modified: unknown): JsonMap {
  const patch: JsonMap = {};
  const o = isJsonMap(original) ? original : {};
  const m = isJsonMap(modified) ? modified : {};
  for (const k of Object.keys(o)) if (!Object.hasOwn(m, k)) patch[k] = null;
  for (const k of Object.keys(m)) {
    const ov = Object.hasOwn(o, k) ? o[k] : undefined;
    const mv = m[k];
    if (isJsonMap(ov) && isJsonMap(mv)) {
      const sub = createMergePatch(ov, mv);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (JSON.stringify(ov) !== JSON.stringify(mv)) {
      patch[k] = cloneJson(mv);
    }
  }
  return patch;
}
