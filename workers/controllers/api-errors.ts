/** Checks on ApiErrors controllers branch on, as apimachinery's errors.IsNotFound and friends. */
import { isApiError } from '../api/errors';

/** 404 NotFound. */
export function isNotFound(err: unknown): boolean {
  return isApiError(err) && err.reason === 'NotFound';
}

/** 409 AlreadyExists. */
export function isAlreadyExists(err: unknown): boolean {
  return isApiError(err) && err.reason === 'AlreadyExists';
}

/** 409 Conflict (stale resourceVersion or a UID precondition). */
export function isConflict(err: unknown): boolean {
  return isApiError(err) && err.reason === 'Conflict';
}

/** 403 because the namespace is terminating (creates there are refused). */
export function isNamespaceTerminating(err: unknown): boolean {
  return isApiError(err) && err.reason === 'Forbidden' && (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

/** 405 MethodNotAllowed or 404 for a verb a resource does not serve. */
export function isMethodNotSupported(err: unknown): boolean {
  return isApiError(err) && (err.reason === 'MethodNotAllowed' || err.code === 405);
}
