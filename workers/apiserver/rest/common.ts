/** Helpers every REST verb shares: keys, reads, deep equality, store-error translation. */
import { alreadyExists, conflict, expired, notFound, CONFLICT_MODIFIED, badRequest } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { StoreError } from '../../store/types';
import { fromStorage } from '../conversion';
import { cloneData } from '../json-copy';
import { objectKey } from '../keys';
import type { RestContext } from './context';

/** The namespace a request addresses ('' for cluster-scoped resources). */
export function requestNamespace(ctx: RestContext): string {
  return ctx.info.namespaced ? ctx.ri.namespace : '';
}

/** The storage key of the object the request names. */
export function keyOf(ctx: RestContext, name = ctx.ri.name): string {
  return objectKey(ctx.info, requestNamespace(ctx), name);
}

/** The storage key of an object, from its own namespace and name. */
export function keyOfObject(ctx: RestContext, obj: KubeObject): string {
  return objectKey(ctx.info, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
}

/** The stored object (storage version, frozen) or 404. */
export function getStored(ctx: RestContext, name = ctx.ri.name): KubeObject {
  const entry = ctx.deps.store.get(keyOf(ctx, name));
  if (!entry) throw notFound(ctx.info.group, ctx.info.resource, name);
  return entry.object;
}

/** The stored object in the client's version. */
export function getForClient(ctx: RestContext, name = ctx.ri.name): KubeObject {
  return fromStorage(getStored(ctx, name), ctx.info);
}

/** Translates a store failure into the API error a client sees for this resource. */
export function storeErrorToApi(ctx: RestContext, e: unknown, name: string): unknown {
  if (!(e instanceof StoreError)) return e;
  switch (e.code) {
    case 'NotFound':
      return notFound(ctx.info.group, ctx.info.resource, name);
    case 'AlreadyExists':
      return alreadyExists(ctx.info.group, ctx.info.resource, name);
    case 'Conflict':
      return conflict(ctx.info.group, ctx.info.resource, name, CONFLICT_MODIFIED);
    case 'Expired':
      return expired(e.message);
  }
}

/** Structural equality of two JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Members holding undefined count as absent; counted in place rather than filtered into arrays.
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  let defined = 0;
  for (let i = 0; i < bk.length; i++) if (bo[bk[i]] !== undefined) defined++;
  for (let i = 0; i < ak.length; i++) {
    const v = ao[ak[i]];
    if (v === undefined) continue;
    if (--defined < 0 || !deepEqual(v, bo[ak[i]])) return false;
  }
  return defined === 0;
}

/** A deep, mutable copy of a (possibly frozen) JSON object. */
export function cloneObject<T>(obj: T): T {
  return cloneData(obj);
}

/** Parses a non-negative integer query parameter, 400 otherwise. */
export function intParam(ctx: RestContext, name: string): number | undefined {
  const v = ctx.query[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name} parameter: ${JSON.stringify(v)}`);
  return n;
}
