/**
 * API errors as kube-apiserver returns them (k8s.io/apimachinery/pkg/api/errors): every failure is an
 * ApiError carrying the exact Status a real cluster would send, so kubectl prints the same message.
 */
import type { FieldError, FieldErrorType, Status, StatusCause, StatusReason } from './types';

/** An error that is an API Status. Throw it anywhere in the request path; the handler returns it. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Builds a failure Status. */
export function statusFailure(
  code: number,
  reason: StatusReason,
  message: string,
  details?: Status['details'],
): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

/** The `<resource>.<group>` form upstream uses in messages (`deployments.apps`, `pods`). */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function notFound(group: string, resource: string, name: string): ApiError {
  return new ApiError(
    statusFailure(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, {
      name,
      group: group || undefined,
      kind: resource,
    }),
  );
}

export function alreadyExists(group: string, resource: string, name: string): ApiError {
  return new ApiError(
    statusFailure(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, {
      name,
      group: group || undefined,
      kind: resource,
    }),
  );
}

export function conflict(group: string, resource: string, name: string, why: string): ApiError {
  return new ApiError(
    statusFailure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`,
      { name, group: group || undefined, kind: resource },
    ),
  );
}

/** The optimistic-concurrency conflict message kubectl users know. */
export const CONFLICT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

export function badRequest(message: string): ApiError {
  return new ApiError(statusFailure(400, 'BadRequest', message));
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(statusFailure(405, 'MethodNotAllowed', message));
}

export function notAcceptable(message: string): ApiError {
  return new ApiError(statusFailure(406, 'NotAcceptable', message));
}

export function unsupportedMediaType(message: string): ApiError {
  return new ApiError(statusFailure(415, 'UnsupportedMediaType', message));
}

export function tooLarge(message: string): ApiError {
  return new ApiError(statusFailure(413, 'RequestEntityTooLarge', message));
}

export function internalError(message: string): ApiError {
  return new ApiError(statusFailure(500, 'InternalError', `Internal error occurred: ${message}`));
}

export function expired(message: string): ApiError {
  return new ApiError(statusFailure(410, 'Expired', message));
}

/** 410 for a watch or list below the compaction floor. */
export function tooOldResourceVersion(requested: number, oldest: number): ApiError {
  return expired(`too old resource version: ${requested} (${oldest})`);
}

/**
 * 403 as the RBAC authorizer words it, e.g.
 * `pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"`.
 */
export function forbidden(opts: {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  reason?: string;
}): ApiError {
  const res = opts.subresource ? `${opts.resource}/${opts.subresource}` : opts.resource;
  const qualified = qualifiedResource(opts.resource, opts.group) + (opts.subresource ? `/${opts.subresource}` : '');
  const subject = opts.name ? `${qualified} "${opts.name}"` : qualified;
  let why = `User "${opts.user}" cannot ${opts.verb} resource "${res}" in API group "${opts.group}"`;
  why += opts.namespace ? ` in the namespace "${opts.namespace}"` : ' at the cluster scope';
  if (opts.reason) why += `: ${opts.reason}`;
  return new ApiError(
    statusFailure(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
      name: opts.name,
      group: opts.group || undefined,
      kind: opts.resource,
    }),
  );
}

/** A 403 with a free-form reason (admission refusals such as NamespaceLifecycle). */
export function forbiddenWithReason(group: string, resource: string, name: string, reason: string): ApiError {
  const subject = name ? `${qualifiedResource(resource, group)} "${name}"` : qualifiedResource(resource, group);
  return new ApiError(
    statusFailure(403, 'Forbidden', `${subject} is forbidden: ${reason}`, {
      name: name || undefined,
      group: group || undefined,
      kind: resource,
    }),
  );
}

const errorTypeText: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotFound: 'Not found',
  InternalError: 'Internal error',
};

/** Renders a bad value as upstream's field.Error does: strings quoted, numbers and booleans bare. */
export function formatBadValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** The body of a field error without its path, e.g. `Invalid value: "Foo": a lowercase RFC 1123 ...`. */
export function fieldErrorBody(e: FieldError): string {
  const text = errorTypeText[e.type];
  switch (e.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
    case 'FieldValueTooMany':
    case 'InternalError':
      return e.detail ? `${text}: ${e.detail}` : text;
    case 'FieldValueNotSupported': {
      let s = `${text}: ${formatBadValue(e.badValue)}`;
      if (e.supported?.length) s += `: supported values: ${e.supported.map((v) => `"${v}"`).join(', ')}`;
      else if (e.detail) s += `: ${e.detail}`;
      return s;
    }
    case 'FieldValueNotFound':
    case 'FieldValueDuplicate':
    case 'FieldValueInvalid':
    case 'FieldValueTypeInvalid':
    default: {
      let s = text;
      if (e.badValue !== undefined) s += `: ${formatBadValue(e.badValue)}`;
      if (e.detail) s += `: ${e.detail}`;
      return s;
    }
  }
}

export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}

/**
 * 422 Invalid, as upstream's NewInvalid: `Deployment.apps "web" is invalid: spec.replicas: Invalid
 * value: -1: must be greater than or equal to 0` (several errors in brackets, comma separated), with
 * one `details.causes[]` entry per error carrying its field path.
 */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): ApiError {
  const causes: StatusCause[] = errs.map((e) => ({
    reason: e.type,
    message: fieldErrorBody(e),
    field: e.field,
  }));
  const list = errs.map(fieldErrorString);
  const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new ApiError(
    statusFailure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
      name,
      group: group || undefined,
      kind,
      causes,
    }),
  );
}

/** Small constructors for field errors, named as upstream's field package. */
export const field = {
  required: (path: string, detail?: string): FieldError => ({ type: 'FieldValueRequired', field: path, detail }),
  invalid: (path: string, badValue: unknown, detail?: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: path,
    badValue,
    detail,
  }),
  notSupported: (path: string, badValue: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: path,
    badValue,
    supported,
  }),
  duplicate: (path: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: path, badValue }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: path, detail }),
  tooLong: (path: string, badValue: unknown, maxLength: number): FieldError => ({
    type: 'FieldValueTooLong',
    field: path,
    badValue,
    detail: `may not be more than ${maxLength} bytes`,
  }),
  typeInvalid: (path: string, badValue: unknown, detail: string): FieldError => ({
    type: 'FieldValueTypeInvalid',
    field: path,
    badValue,
    detail,
  }),
  notFound: (path: string, badValue: unknown): FieldError => ({ type: 'FieldValueNotFound', field: path, badValue }),
};
