/**
 * DELETE: preconditions, graceful deletion of pods (deletionTimestamp + grace period; the object stays
 * until the kubelet, or gracePeriodSeconds=0, removes it), finalizers (including the `orphan` and
 * `foregroundDeletion` ones the propagation policy adds), namespaces going Terminating, and
 * deletecollection.
 */
import { conflict, type ApiError } from '../../api/errors';
import type { KubeObject, Status } from '../../api/types';
import { runValidatingAdmission } from '../admission';
import { fromStorage } from '../conversion';
import { rfc3339 } from '../names';
import { cloneObject, deepEqual, getStored, keyOf, keyOfObject, storeErrorToApi } from './common';
import type { RestContext } from './context';
import { checkPreconditions, type DeleteOptions } from './deleteoptions';
import { listObjects } from './list';
import { returnsObjectOnDelete } from './strategy';
import { writeUpdate } from './update';

/** The body and code a delete answers with. */
export interface DeleteResult {
  code: number;
  body: KubeObject | Status;
}

const namespaceTerminatingMessage =
  'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.';

function isPods(ctx: RestContext): boolean {
  return ctx.info.group === '' && ctx.info.resource === 'pods';
}

/** The grace period a pod delete gets (0 = immediate), as the pod strategy's CheckGracefulDelete. */
function podGracePeriod(pod: KubeObject, opts: DeleteOptions): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let grace = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  if (grace < 0) grace = 1;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
  return grace;
}

function withPropagationFinalizers(finalizers: string[], opts: DeleteOptions): string[] {
  const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : opts.orphanDependents === false ? 'Background' : undefined);
  if (policy === undefined) return finalizers;
  const out = finalizers.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
  if (policy === 'Orphan') out.push('orphan');
  if (policy === 'Foreground') out.push('foregroundDeletion');
  return out;
}

function successStatus(ctx: RestContext, obj: KubeObject): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata.name, group: ctx.info.group || undefined, kind: ctx.info.resource, uid: obj.metadata.uid },
  } as Status;
}

function finishImmediately(ctx: RestContext, stored: KubeObject, modRevision: number): DeleteResult {
  const key = keyOfObject(ctx, stored);
  let gone = stored;
  if (ctx.dryRun) ctx.trace.stage('storage', 'skipped', 'dryRun');
  else {
    try {
      gone = ctx.deps.store.delete(key, modRevision);
    } catch (e) {
      throw storeErrorToApi(ctx, e, stored.metadata.name ?? '') as ApiError;
    }
    ctx.writtenRV = gone.metadata.resourceVersion;
    ctx.trace.stage('storage', 'ok', `deleted ${key}`);
    ctx.deps.onWrite(ctx.info);
  }
  const out = fromStorage(gone, ctx.info);
  return { code: 200, body: returnsObjectOnDelete(ctx.info) ? out : successStatus(ctx, out) };
}

function deleteNamespace(ctx: RestContext, stored: KubeObject, modRevision: number, opts: DeleteOptions): DeleteResult {
  const meta = stored.metadata;
  const specFinalizers = (stored.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  if (meta.deletionTimestamp) {
    if (specFinalizers.length === 0 && (meta.finalizers?.length ?? 0) === 0) return finishImmediately(ctx, stored, modRevision);
    throw conflict('', 'namespaces', meta.name ?? '', namespaceTerminatingMessage);
  }
  const next = cloneObject(stored) as KubeObject;
  next.metadata.deletionTimestamp = rfc3339(ctx.deps.clock.now());
  next.metadata.deletionGracePeriodSeconds = 0;
  next.metadata.finalizers = withPropagationFinalizers(next.metadata.finalizers ?? [], opts);
  if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
  next.status = { ...(next.status as object | undefined), phase: 'Terminating' };
  const r = writeUpdate(ctx, keyOfObject(ctx, stored), next, modRevision);
  return { code: 200, body: r.object };
}

/** Deletes (or starts deleting) one stored object. */
export function deleteStored(ctx: RestContext, stored: KubeObject, modRevision: number, opts: DeleteOptions): DeleteResult {
  const client = fromStorage(stored, ctx.info);
  checkPreconditions(ctx, client, opts.preconditions);
  const deps = { store: ctx.deps.store, clock: ctx.deps.clock, requireServiceAccount: ctx.deps.requireServiceAccount };
  runValidatingAdmission(
    { operation: 'DELETE', info: ctx.info, subresource: '', namespace: stored.metadata.namespace ?? '', name: stored.metadata.name ?? '', oldObject: client, user: ctx.user, dryRun: ctx.dryRun },
    deps,
    ctx.trace,
  );
  if (ctx.info.group === '' && ctx.info.resource === 'namespaces') return deleteNamespace(ctx, stored, modRevision, opts);
  const nowMs = ctx.deps.clock.now();
  const meta = stored.metadata;
  const grace = isPods(ctx) ? podGracePeriod(stored, opts) : 0;
  const finalizers = withPropagationFinalizers(meta.finalizers ?? [], opts);
  const pendingGrace = grace > 0;
  if (!pendingGrace && finalizers.length === 0) return finishImmediately(ctx, stored, modRevision);
  const next = cloneObject(stored) as KubeObject;
  if (finalizers.length) next.metadata.finalizers = finalizers;
  else delete next.metadata.finalizers;
  const existingGrace = meta.deletionGracePeriodSeconds;
  if (!meta.deletionTimestamp || (existingGrace !== undefined && grace < existingGrace)) {
    next.metadata.deletionTimestamp = rfc3339(nowMs + grace * 1000);
    next.metadata.deletionGracePeriodSeconds = grace;
  }
  const code = opts.orphanDependents === false ? 202 : 200;
  // Deleting again what is already being deleted changes nothing and writes nothing.
  if (deepEqual(next, stored)) return { code, body: client };
  const r = writeUpdate(ctx, keyOfObject(ctx, stored), next, modRevision);
  return { code, body: r.object };
}

/** Handles DELETE of a named object. */
export function deleteFromRequest(ctx: RestContext, opts: DeleteOptions): DeleteResult {
  const stored = getStored(ctx);
  const entry = ctx.deps.store.get(keyOf(ctx));
  return deleteStored(ctx, stored, entry?.modRevision ?? 0, opts);
}

/** Handles DELETE of a collection: deletes every selected object, answers with the list of them. */
export function deleteCollection(ctx: RestContext, opts: DeleteOptions): unknown {
  const { items } = listObjects({ ...ctx, query: { ...ctx.query, limit: undefined, continue: undefined } });
  const deleted: unknown[] = [];
  for (const obj of items) {
    const entry = ctx.deps.store.get(keyOfObject(ctx, obj));
    if (!entry) continue;
    const r = deleteStored(ctx, entry.object, entry.modRevision, opts);
    deleted.push(r.body.kind === 'Status' ? fromStorage(entry.object, ctx.info) : r.body);
  }
  const apiVersion = ctx.info.group ? `${ctx.info.group}/${ctx.info.version}` : ctx.info.version;
  return { kind: ctx.info.listKind, apiVersion, metadata: {}, items: deleted };
}
