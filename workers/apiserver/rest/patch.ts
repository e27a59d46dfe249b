/**
 * PATCH: JSON patch, merge patch, strategic merge patch (what `kubectl apply`, `edit`, `label` send)
 * and server-side apply (`application/apply-patch+yaml`, simplified: create-or-merge with the field
 * manager recorded in managedFields, no per-field ownership or conflict detection).
 */
import { unsupportedMediaType } from '../../api/errors';
import { applyPatch, patchContentTypes, type PatchType } from '../../api/patch';
import type { KubeObject } from '../../api/types';
import { contentType, decodeBody } from '../body';
import { rfc3339 } from '../names';
import { deepEqual, getForClient } from './common';
import type { RestContext } from './context';
import { admitCreate, storeCreate } from './create';
import { isCustomResource } from './strategy';
import { checkPatchedSchema, fieldValidationMode } from '../validate';
import { asObject, bindNamespace } from './typemeta';
import { updateObject, type WriteResult } from './update';

/** The patch type of a request; 415 for a media type PATCH does not take. */
export function patchTypeOf(ctx: RestContext): PatchType {
  const type = patchContentTypes[contentType(ctx.req)];
  const allowStrategic = !isCustomResource(ctx.info);
  if (!type || (type === 'strategic' && !allowStrategic)) {
    const accepted = ['application/json-patch+json', 'application/merge-patch+json', ...(allowStrategic ? ['application/strategic-merge-patch+json'] : []), 'application/apply-patch+yaml'];
    throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
  return type;
}

function sameBesidesManagers(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } });
  return deepEqual(strip(a), strip(b));
}

/**
 * Records the field manager of a patch that changed the object. As upstream's managed-fields updater,
 * a write that changes nothing leaves managedFields (and its timestamps) alone, so the no-op update
 * skips the store; an apply by a manager not yet listed still records it (it now co-owns fields).
 */
function recordManager(ctx: RestContext, obj: KubeObject, operation: 'Apply' | 'Update', current?: KubeObject): void {
  const manager = ctx.query.fieldManager || (operation === 'Apply' ? 'unknown' : '');
  if (!manager) return;
  const existing = (obj.metadata.managedFields as Record<string, unknown>[] | undefined) ?? [];
  const listed = existing.some((m) => m.manager === manager && m.operation === operation);
  if (current && sameBesidesManagers(obj, current) && (operation === 'Update' || listed)) return;
  const apiVersion = ctx.info.group ? `${ctx.info.group}/${ctx.info.version}` : ctx.info.version;
  const entries = existing.filter((m) => !(m.manager === manager && m.operation === operation));
  entries.push({ manager, operation, apiVersion, time: rfc3339(ctx.deps.clock.now()), fieldsType: 'FieldsV1', fieldsV1: {} });
  obj.metadata.managedFields = entries;
}

/**
 * Patches `current` (client version) with the request body; returns a private mutable copy. No second
 * copy is needed: applyPatch deep-copies the target and the decoded patch is this request's own.
 */
export function patchedCopy(ctx: RestContext, current: KubeObject, type: PatchType): KubeObject {
  const patch = decodeBody(ctx.req);
  return applyPatch(current, patch, type);
}

function serverSideApply(ctx: RestContext): WriteResult {
  const patch = asObject(decodeBody(ctx.req), ctx.info);
  let current: KubeObject | undefined;
  try {
    current = getForClient(ctx);
  } catch {
    current = undefined;
  }
  if (!current) {
    patch.metadata.name = patch.metadata.name || ctx.ri.name;
    bindNamespace(patch, ctx.info, ctx.ri.namespace);
    recordManager(ctx, patch, 'Apply');
    return { object: storeCreate(ctx, admitCreate(ctx, patch)), created: true };
  }
  const next = applyPatch(current, patch, 'apply');
  recordManager(ctx, next, 'Apply', current);
  return updateObject(ctx, next, '');
}

/** Handles PATCH of the main resource or the status subresource. */
export function patchFromRequest(ctx: RestContext, subresource: string): WriteResult {
  const type = patchTypeOf(ctx);
  if (type === 'apply' && subresource === '') return serverSideApply(ctx);
  const current = getForClient(ctx);
  const next = asObject(patchedCopy(ctx, current, type), ctx.info);
  ctx.warnings.push(...checkPatchedSchema(next, ctx.info, fieldValidationMode(ctx.query)));
  if (ctx.query.fieldManager) recordManager(ctx, next, 'Update', current);
  return updateObject(ctx, next, subresource, true);
}
