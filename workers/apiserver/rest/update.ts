/**
 * PUT of an object (main resource, status subresource, namespaces/finalize): optimistic concurrency on
 * resourceVersion, what each subresource may change, generation, validation and admission, no-op
 * detection, and deletion once the last finalizer of a deleted object goes.
 */
import { applyDefaults } from '../../api/defaults';
import { conflict, notFound, CONFLICT_MODIFIED } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { runMutatingAdmission, runValidatingAdmission } from '../admission';
import { denyOnThrow } from '../trace';
import { decodeBody } from '../body';
import { fromStorage, toStorage } from '../conversion';
import { checkSchema, fieldValidationMode, validateForUpdate } from '../validate';
import { cloneObject, deepEqual, keyOf, storeErrorToApi } from './common';
import type { RestContext } from './context';
import { admitCreate, storeCreate } from './create';
import { prepareForUpdate } from './prepare';
import { allocateServiceAddresses } from './serviceaddresses';
import { allowsCreateOnUpdate } from './strategy';
import { asObject, bindName, bindNamespace } from './typemeta';

/** The result of a write: the object as the client sees it, and whether it was created. */
export interface WriteResult {
  object: KubeObject;
  created: boolean;
}

function isPodInfo(ctx: RestContext): boolean {
  return ctx.info.group === '' && ctx.info.resource === 'pods';
}

/** Whether an update leaves a deleted object with nothing holding it, so it goes from the store. */
function shouldDeleteDuringUpdate(ctx: RestContext, next: KubeObject): boolean {
  const meta = next.metadata;
  if (!meta.deletionTimestamp || (meta.finalizers?.length ?? 0) > 0) return false;
  if (ctx.info.group === '' && ctx.info.resource === 'namespaces') {
    return ((next.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) === 0;
  }
  return !isPodInfo(ctx) || meta.deletionGracePeriodSeconds === 0;
}

/**
 * Applies an update of `next` (a private copy, client version) over the stored object; `decoded` when
 * the caller already checked `next` against the schema (patches, whose errors are worded differently).
 */
export function updateObject(ctx: RestContext, next: KubeObject, subresource: string, decoded = false): WriteResult {
  const info = ctx.info;
  const name = ctx.ri.name;
  const key = keyOf(ctx, name);
  const entry = ctx.deps.store.get(key);
  if (!entry) {
    if (subresource === '' && allowsCreateOnUpdate(info) && !next.metadata.resourceVersion) {
      return { object: storeCreate(ctx, admitCreate(ctx, next)), created: true };
    }
    throw notFound(info.group, info.resource, name);
  }
  const old = fromStorage(entry.object, info);
  const rv = next.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) {
    ctx.trace.stage('precondition', 'denied', `resourceVersion ${rv} != ${old.metadata.resourceVersion}`);
    throw conflict(info.group, info.resource, name, CONFLICT_MODIFIED);
  }
  if (!decoded) ctx.warnings.push(...denyOnThrow(ctx.trace, 'decode', () => checkSchema(next, info, fieldValidationMode(ctx.query))));
  ctx.trace.stage('decode', 'ok');
  applyDefaults(next, info);
  prepareForUpdate(next, old, info, subresource);
  if (info.group === '' && info.resource === 'services' && subresource === '') allocateServiceAddresses(next, ctx.deps.store, ctx.deps.rng, old);
  const deps = { store: ctx.deps.store, clock: ctx.deps.clock, requireServiceAccount: ctx.deps.requireServiceAccount };
  const attrs = { operation: 'UPDATE' as const, info, subresource, namespace: old.metadata.namespace ?? '', name, object: next, oldObject: old, user: ctx.user, dryRun: ctx.dryRun };
  runMutatingAdmission(attrs, deps, ctx.trace);
  denyOnThrow(ctx.trace, 'validation', () => validateForUpdate(next, old, info));
  ctx.trace.stage('validation', 'ok');
  runValidatingAdmission(attrs, deps, ctx.trace);
  next.metadata.resourceVersion = old.metadata.resourceVersion;
  if (deepEqual(next, old)) {
    ctx.trace.stage('storage', 'skipped', 'no change');
    return { object: old, created: false };
  }
  return writeUpdate(ctx, key, next, entry.modRevision);
}

/** Stores an updated object (or deletes it when its last finalizer went). */
export function writeUpdate(ctx: RestContext, key: string, next: KubeObject, modRevision: number): WriteResult {
  const name = next.metadata.name ?? ctx.ri.name;
  if (ctx.dryRun) {
    ctx.trace.stage('storage', 'skipped', 'dryRun');
    return { object: next, created: false };
  }
  try {
    if (shouldDeleteDuringUpdate(ctx, next)) {
      const gone = ctx.deps.store.delete(key, modRevision);
      ctx.writtenRV = gone.metadata.resourceVersion;
      ctx.trace.stage('storage', 'ok', `deleted ${key} (no finalizers left)`);
      ctx.deps.onWrite(ctx.info);
      return { object: fromStorage(gone, ctx.info), created: false };
    }
    const written = ctx.deps.store.update(key, toStorage(next, ctx.info), modRevision);
    ctx.writtenRV = written.metadata.resourceVersion;
    ctx.trace.stage('storage', 'ok', `updated ${key}`);
    ctx.deps.onWrite(ctx.info);
    return { object: fromStorage(written, ctx.info), created: false };
  } catch (e) {
    ctx.trace.stage('storage', 'error', (e as Error).message);
    throw storeErrorToApi(ctx, e, name);
  }
}

/** Handles PUT of the main resource or its status. */
export function updateFromRequest(ctx: RestContext, subresource: string): WriteResult {
  const next = asObject(decodeBody(ctx.req, ctx.info.kind), ctx.info);
  bindName(next, ctx.ri.name);
  bindNamespace(next, ctx.info, ctx.ri.namespace);
  return updateObject(ctx, next, subresource);
}

/** Handles PUT namespaces/{name}/finalize: only spec.finalizers changes. */
export function finalizeNamespace(ctx: RestContext): WriteResult {
  const body = asObject(decodeBody(ctx.req, ctx.info.kind), ctx.info);
  bindName(body, ctx.ri.name);
  ctx.warnings.push(...checkSchema(body, ctx.info, fieldValidationMode(ctx.query)));
  const key = keyOf(ctx);
  const entry = ctx.deps.store.get(key);
  if (!entry) throw notFound('', 'namespaces', ctx.ri.name);
  const rv = body.metadata.resourceVersion;
  if (rv && rv !== entry.object.metadata.resourceVersion) throw conflict('', 'namespaces', ctx.ri.name, CONFLICT_MODIFIED);
  const next = cloneObject(entry.object) as KubeObject;
  const finalizers = ((body.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).slice();
  next.spec = { ...(next.spec as object | undefined), finalizers };
  if (deepEqual(next, entry.object)) return { object: entry.object, created: false };
  return writeUpdate(ctx, key, next, entry.modRevision);
}
