/**
 * JSON patch (RFC 6902) as kube-apiserver applies it (evanphx/json-patch v4): add, remove, replace,
 * move, copy, test; `-` appends; negative indices count from the end. A malformed patch document is
 * a 400; an operation that does not apply is a 422.
 */
import { PatchError } from './patch-error';
import { cloneJson, goTypeName, isJsonMap, jsonEqual, type Json, type JsonMap } from './json-values';

/** Upstream's cap on the number of operations (413 beyond it). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

interface Operation {
  op?: unknown;
  path?: unknown;
  from?: unknown;
  value?: unknown;
}

/** Splits a JSON pointer into unescaped tokens (`~1` is `/`, `~0` is `~`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(422, `JSON pointer must be empty or start with a "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Escapes one token for a JSON pointer. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

type Container = JsonMap | Json[];

// The container holding the pointer's last token, or undefined when a parent is missing.
function findParent(doc: Json, tokens: string[]): Container | undefined {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t, cur.length, false);
      if (i === undefined) return undefined;
      cur = cur[i];
    } else if (isJsonMap(cur)) {
      if (!Object.hasOwn(cur, t)) return undefined;
      cur = cur[t];
    } else {
      return undefined;
    }
  }
  return Array.isArray(cur) || isJsonMap(cur) ? cur : undefined;
}

function arrayIndex(token: string, length: number, forInsert: boolean): number | undefined {
  if (!/^-?\d+$/.test(token)) return undefined;
  let i = Number(token);
  if (i < 0) i += length;
  const max = forInsert ? length : length - 1;
  return i >= 0 && i <= max ? i : undefined;
}

function pathOf(op: Operation, field: 'path' | 'from'): string[] {
  const p = op[field];
  if (typeof p !== 'string') throw new PatchError(422, `operation missing ${field} field`);
  const tokens = parsePointer(p);
  if (tokens.length === 0) throw new PatchError(422, `operation on the document root is not supported: ${p}`);
  return tokens;
}

function getValue(doc: Json, tokens: string[]): { found: boolean; value?: Json } {
  const parent = findParent(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    return i === undefined ? { found: false } : { found: true, value: parent[i] };
  }
  if (parent && Object.hasOwn(parent, last)) return { found: true, value: parent[last] };
  return { found: false };
}

function addValue(doc: Json, tokens: string[], value: Json, path: string): void {
  const parent = findParent(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (!parent) throw new PatchError(422, `add operation does not apply: doc is missing path: "${path}": missing value`);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last, parent.length, true);
    if (i === undefined) throw new PatchError(422, `Unable to access invalid index: ${last}: invalid index referenced`);
    parent.splice(i, 0, value);
  } else {
    parent[last] = value;
  }
}

function removeValue(doc: Json, tokens: string[], path: string): Json {
  const parent = findParent(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (!parent) throw new PatchError(422, `remove operation does not apply: doc is missing path: "${path}": missing value`);
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    if (i === undefined) throw new PatchError(422, `error in remove for path: '${path}': Unable to remove invalid index: ${last}: invalid index referenced`);
    return parent.splice(i, 1)[0];
  }
  if (!Object.hasOwn(parent, last)) {
    throw new PatchError(422, `error in remove for path: '${path}': Unable to remove nonexistent key: ${last}: missing value`);
  }
  const v = parent[last];
  delete parent[last];
  return v;
}

function applyOne(doc: Json, op: Operation): void {
  const kind = op.op;
  const value = (op.value === undefined ? null : cloneJson(op.value)) as Json;
  switch (kind) {
    case 'add':
      return addValue(doc, pathOf(op, 'path'), value, op.path as string);
    case 'remove':
      removeValue(doc, pathOf(op, 'path'), op.path as string);
      return;
    case 'replace': {
      const tokens = pathOf(op, 'path');
      if (!getValue(doc, tokens).found) {
        throw new PatchError(422, `replace operation does not apply: doc is missing key: ${op.path as string}: missing value`);
      }
      removeValue(doc, tokens, op.path as string);
      return addValue(doc, tokens, value, op.path as string);
    }
    case 'move': {
      const from = pathOf(op, 'from');
      if (!getValue(doc, from).found) {
        throw new PatchError(422, `move operation does not apply: doc is missing from path: ${op.from as string}: missing value`);
      }
      const moved = removeValue(doc, from, op.from as string);
      return addValue(doc, pathOf(op, 'path'), moved, op.path as string);
    }
    case 'copy': {
      const from = getValue(doc, pathOf(op, 'from'));
      if (!from.found) {
        throw new PatchError(422, `copy operation does not apply: doc is missing from path: ${op.from as string}: missing value`);
      }
      return addValue(doc, pathOf(op, 'path'), cloneJson(from.value as Json), op.path as string);
    }
    case 'test': {
      const got = getValue(doc, pathOf(op, 'path'));
      // Upstream lets a test for null pass on a missing member.
      if (!got.found ? value === null : jsonEqual(got.value, value)) return;
      throw new PatchError(422, `testing value ${op.path as string} failed: test failed`);
    }
    default:
      throw new PatchError(422, `Unexpected kind: ${String(kind)}`);
  }
}

/** Checks the patch document's shape as upstream's DecodePatch does; a 400 when it is not an array of objects. */
export function decodeJsonPatch(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) {
    throw new PatchError(400, `json: cannot unmarshal ${jsonKindName(patch)} into Go value of type jsonpatch.Patch`);
  }
  patch.forEach((op) => {
    if (!isJsonMap(op)) {
      throw new PatchError(400, `json: cannot unmarshal ${jsonKindName(op)} into Go value of type jsonpatch.Operation`);
    }
  });
  return patch as Operation[];
}

function jsonKindName(v: unknown): string {
  const t = goTypeName(v);
  return t === 'map[string]interface {}' ? 'object' : t === '[]interface {}' ? 'array' : t === 'float64' ? 'number' : t === '<nil>' ? 'null' : t;
}

/** Applies a JSON patch to a copy of `target`; throws PatchError (400 malformed, 413 too many operations via `tooMany`, 422 not applicable). */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  const ops = decodeJsonPatch(patch);
  const doc = cloneJson(target) as Json;
  for (const op of ops) applyOne(doc, op);
  return doc;
}
