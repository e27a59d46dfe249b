/**
 * Strategic merge patch as kube-apiserver applies it (apimachinery strategicpatch, merging parallel
 * lists and ignoring unmatched nulls): maps merge, `null` deletes, lists merge by the field's patch
 * merge key when its strategy is `merge` and are replaced otherwise, with the directives `$patch`
 * (replace/delete), `$retainKeys`, `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>`.
 */
import type { SchemaNode } from '../schema/schema';
import { PatchError } from './patch-error';
import { PatchMetaResolver } from './patch-meta';
import { cloneJson, goFormat, goKind, goTypeName, isJsonMap, jsonEqual, type Json, type JsonMap } from './json-values';
import { indexOf, noMergeKey, normalizeElementOrder, partition, validateSetOrder, type ElementKind } from './strategic-order';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/** mergepatch's sentinel errors that kube-apiserver turns into a 400. */
const ERR_RETAIN_KEYS = 'invalid patch format of retainKeys';

const badArgType = (expected: string, actual: unknown): PatchError =>
  new PatchError(500, `expected a ${expected}, but received a ${goTypeName(actual)}`);

/** Strips directives and null members from a value copied in whole from the patch; undefined drops it. */
function cleanNewValue(v: Json): Json | undefined {
  if (Array.isArray(v)) {
    const out: Json[] = [];
    for (const x of v) {
      const c = cleanNewValue(x);
      if (c !== undefined) out.push(c);
    }
    return out;
  }
  if (!isJsonMap(v)) return v;
  if (v[DIRECTIVE] === 'delete') return undefined;
  const out: JsonMap = {};
  for (const k of Object.keys(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    if (v[k] === null) continue;
    const c = cleanNewValue(v[k]);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/** One strategic merge over a schema. */
export class StrategicMerger {
  constructor(private readonly meta: PatchMetaResolver) {}

  /** Merges `patch` into `original` (which it may mutate; pass a copy). */
  mergeMap(original: JsonMap | null, patch: JsonMap, schema: SchemaNode | undefined): JsonMap {
    if (Object.hasOwn(patch, DIRECTIVE)) return this.mapDirective(patch);
    const out: JsonMap = original ?? {};
    const handled = new Set<string>();
    this.applyRetainKeys(out, patch, handled);
    this.applySetElementOrder(out, patch, schema, handled);
    for (const k of Object.keys(patch)) {
      if (handled.has(k)) continue;
      this.mergeField(out, k, patch[k], schema);
    }
    return out;
  }

  private mapDirective(patch: JsonMap): JsonMap {
    const d = patch[DIRECTIVE];
    if (d === 'replace') {
      const copy = cloneJson(patch);
      delete copy[DIRECTIVE];
      return copy;
    }
    if (d === 'delete') return {};
    throw new PatchError(500, `unknown patch type: ${goFormat(d)} in map: ${goFormat(patch)}`);
  }

  private mergeField(out: JsonMap, patchKey: string, pv: Json, schema: SchemaNode | undefined): void {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    if (isDeleteList) key = patchKey.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    if (pv === null) {
      delete out[key];
      return;
    }
    if (!Object.hasOwn(out, key) || goKind(out[key]) !== goKind(pv)) {
      if (isDeleteList) return;
      const fresh = this.freshValue(pv);
      if (fresh === undefined) delete out[key];
      else out[key] = fresh;
      return;
    }
    const ov = out[key];
    if (isJsonMap(ov)) {
      const { schema: sub, meta } = this.meta.mapSchema(schema, key);
      out[key] = meta.strategy === 'replace' ? cloneJson(pv) : this.mergeMap(ov, pv as JsonMap, sub);
    } else if (Array.isArray(ov)) {
      const { schema: sub, meta } = this.meta.sliceSchema(schema, key);
      out[key] = this.mergeSliceHandler(ov, pv as Json[], sub, meta.strategy, meta.mergeKey, isDeleteList);
    } else {
      out[key] = cloneJson(pv);
    }
  }

  // A value with nothing to merge into is taken whole, less its directives and null members.
  private freshValue(pv: Json): Json | undefined {
    return cleanNewValue(pv);
  }

  private applyRetainKeys(out: JsonMap, patch: JsonMap, handled: Set<string>): void {
    if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
    handled.add(RETAIN_KEYS);
    const keep = patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw new PatchError(400, ERR_RETAIN_KEYS);
    for (const k of Object.keys(patch)) {
      if (k === RETAIN_KEYS || patch[k] === null) continue;
      if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
      if (!keep.includes(k)) throw new PatchError(400, ERR_RETAIN_KEYS);
    }
    for (const k of Object.keys(out)) if (!keep.includes(k)) delete out[k];
  }

  private applySetElementOrder(out: JsonMap, patch: JsonMap, schema: SchemaNode | undefined, handled: Set<string>): void {
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
      handled.add(key);
      const order = patch[key];
      if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
      const field = key.slice(SET_ELEMENT_ORDER.length);
      const foundOriginal = Object.hasOwn(out, field);
      const foundPatch = Object.hasOwn(patch, field);
      const originalList = foundOriginal ? out[field] : [];
      const patchList = foundPatch ? patch[field] : [];
      if (!Array.isArray(originalList)) throw badArgType('[]interface {}', originalList);
      if (!Array.isArray(patchList)) throw badArgType('[]interface {}', patchList);
      const { schema: sub, meta } = this.meta.sliceSchema(schema, field);
      validateSetOrder(patchList, order, meta.mergeKey);
      let merged: Json[];
      if (foundOriginal && foundPatch) {
        merged = this.mergeSliceHandler(originalList, patchList, sub, meta.strategy, meta.mergeKey, false);
      } else if (foundOriginal) {
        merged = originalList;
      } else if (foundPatch) {
        merged = cleanNewValue(patchList) as Json[];
      } else {
        continue;
      }
      const [patchItems, serverOnly] = partition(merged, order, meta.mergeKey);
      const kind = elementKind(originalList, patchList);
      out[field] = kind ? normalizeElementOrder(patchItems, serverOnly, order, originalList, meta.mergeKey, kind) : merged;
      handled.add(field);
    }
  }

  private mergeSliceHandler(
    original: Json[],
    patch: Json[],
    schema: SchemaNode | undefined,
    strategy: string,
    mergeKey: string,
    isDeleteList: boolean,
  ): Json[] {
    if (strategy === 'merge' || isDeleteList) return this.mergeSlice(original, patch, schema, mergeKey, isDeleteList);
    return cloneJson(patch);
  }

  private mergeSlice(original: Json[], patch: Json[], schema: SchemaNode | undefined, mergeKey: string, isDeleteList: boolean): Json[] {
    if (original.length === 0 && patch.length === 0) return original;
    const kind = elementKind(original, patch) as ElementKind;
    if (kind !== 'map') {
      if (isDeleteList) return original.filter((v) => !patch.some((d) => jsonEqual(d, v)));
      const merged: Json[] = [];
      for (const v of [...original, ...patch]) if (!merged.some((m) => jsonEqual(m, v))) merged.push(cloneJson(v));
      const [patchItems, serverOnly] = partition(merged, patch, '');
      return normalizeElementOrder(patchItems, serverOnly, patch, original, '', kind);
    }
    if (!mergeKey) throw new PatchError(500, `cannot merge lists without merge key for ${schemaTitle(schema)}`);
    const [base, rest] = this.specialElements(original, patch as JsonMap[], mergeKey);
    const merged = this.mergeByKey(base, rest, mergeKey, schema);
    const [patchItems, serverOnly] = partition(merged, rest, mergeKey);
    return normalizeElementOrder(patchItems, serverOnly, rest, base, mergeKey, kind);
  }

  // `$patch: delete` items remove their match; a `$patch: replace` item makes the rest the whole list.
  private specialElements(original: Json[], patch: JsonMap[], mergeKey: string): [Json[], JsonMap[]] {
    let base = original;
    const rest: JsonMap[] = [];
    let replace = false;
    for (const item of patch) {
      if (!Object.hasOwn(item, DIRECTIVE)) {
        rest.push(item);
        continue;
      }
      const d = item[DIRECTIVE];
      if (d === 'delete') {
        if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
        base = base.filter((x) => !(isJsonMap(x) && jsonEqual(x[mergeKey], item[mergeKey])));
      } else if (d === 'replace') {
        replace = true;
      } else if (d === 'merge') {
        throw new PatchError(500, 'merging lists cannot yet be specified in the patch');
      } else {
        throw new PatchError(500, `unknown patch type: ${goFormat(d)} in map: ${goFormat(item)}`);
      }
    }
    return replace ? [cloneJson(rest), []] : [base, rest];
  }

  private mergeByKey(original: Json[], patch: JsonMap[], mergeKey: string, schema: SchemaNode | undefined): Json[] {
    const out = [...original];
    for (const item of patch) {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      const i = indexOf(out, item, mergeKey, 'map');
      if (i >= 0) out[i] = this.mergeMap(out[i] as JsonMap, item, schema);
      else {
        const fresh = cleanNewValue(item);
        if (fresh !== undefined) out.push(fresh);
      }
    }
    return out;
  }
}

function schemaTitle(schema: SchemaNode | undefined): string {
  return schema ? 'list' : '<unknown>';
}

// sliceElementType: every item must have one Go type, and lists of lists are not supported (422).
function elementKind(...lists: Json[][]): ElementKind | undefined {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = goKind(v);
      if (kind === undefined) {
        if (k === 'slice') throw new PatchError(422, 'lists of lists are not supported');
        kind = k;
      } else if (kind !== k) {
        throw new PatchError(500, `list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (kind === undefined) return undefined;
  return kind === 'map' ? 'map' : 'primitive';
}

/** Options for applying a strategic merge patch. */
export interface StrategicOptions {
  /** Schema of the object's kind, resolved (e.g. getSchema('io.k8s.api.apps.v1.Deployment')). */
  schema: SchemaNode | undefined;
  resolver: PatchMetaResolver;
}

/** Applies a strategic merge patch to a copy of `target`; throws PatchError. */
export function applyStrategicMergePatch(target: unknown, patch: unknown, opts: StrategicOptions): JsonMap {
  if (!isJsonMap(patch)) {
    const kind = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch === 'number' ? 'number' : typeof patch;
    throw new PatchError(400, `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  const original = isJsonMap(target) ? cloneJson(target) : {};
  return new StrategicMerger(opts.resolver).mergeMap(original, patch, opts.resolver.resolve(opts.schema));
}
