/**
 * The validation stage: strict schema decoding (fieldValidation Strict / Warn / Ignore) and then
 * upstream's semantic validation, turned into 400 / 422 Statuses.
 */
import { ApiError, badRequest, field, invalid } from '../api/errors';
import { splitApiVersion, type ResourceInfo } from '../api/registry';
import { decodeChecked, type FieldValidation } from '../api/schema/decode';
import type { KubeObject } from '../api/types';
import { validateCreate, validateUpdate } from '../api/validation';

const modes = new Set<FieldValidation>(['Strict', 'Warn', 'Ignore']);

/** The fieldValidation mode of a write; kubectl sends Strict, other clients default to Warn. */
export function fieldValidationMode(query: Record<string, string | undefined>): FieldValidation {
  const v = query.fieldValidation;
  if (v === undefined || v === '') return 'Warn';
  if (!modes.has(v as FieldValidation)) {
    throw badRequest(`fieldValidation parameter unsupported: ${v}, must be one of Ignore, Warn, Strict`);
  }
  return v as FieldValidation;
}

/**
 * Checks the body against the schema; returns warnings for the `Warning` header (Warn mode). A wrong
 * type is a 400 in every mode, Ignore included: only unknown and duplicate fields depend on the mode.
 */
export function checkSchema(obj: KubeObject, info: ResourceInfo, mode: FieldValidation): string[] {
  return decodeChecked(obj, info, mode).warnings;
}

/**
 * checkSchema for a subresource whose body is a kind of its own (autoscaling/v1 Scale, policy/v1
 * Eviction, v1 Binding, authentication.k8s.io/v1 TokenRequest): the body is decoded, and its errors
 * worded, as that kind, not as the parent resource's.
 */
export function checkBodySchema(body: KubeObject, parent: ResourceInfo, apiVersion: string, kind: string, mode: FieldValidation): string[] {
  const { group, version } = splitApiVersion(apiVersion);
  return decodeChecked(body, { ...parent, group, version, kind }, mode).warnings;
}

/**
 * checkSchema for the result of a JSON, merge or strategic merge patch. Upstream's patcher reports a
 * decoding failure of the patched object (wrong type; with Strict, unknown or duplicate fields) as a
 * 422 on the field `patch` whose value is the patched JSON, not as the 400 a request body gets.
 */
export function checkPatchedSchema(obj: KubeObject, info: ResourceInfo, mode: FieldValidation): string[] {
  try {
    return decodeChecked(obj, info, mode).warnings;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status.code !== 400) throw e;
    const prefix = `${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: `;
    const message = e.status.message ?? '';
    const detail = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    throw invalid('', '', '', [field.invalid('patch', JSON.stringify(obj), detail)]);
  }
}

/** 422 if the object is invalid to create. */
export function validateForCreate(obj: KubeObject, info: ResourceInfo): void {
  const errs = validateCreate(obj, info);
  if (errs.length) throw invalid(info.kind, info.group, obj.metadata?.name ?? '', errs);
}

/** 422 if the change from `old` to `obj` is invalid. */
export function validateForUpdate(obj: KubeObject, old: KubeObject, info: ResourceInfo): void {
  const errs = validateUpdate(obj, old, info);
  if (errs.length) throw invalid(info.kind, info.group, obj.metadata?.name ?? '', errs);
}

/** Formats warnings as the `Warning` header carries them: `299 - "text"`, comma separated. */
export function warningHeader(warnings: string[]): string | undefined {
  if (warnings.length === 0) return undefined;
  return warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ');
}
