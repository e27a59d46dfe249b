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

/**
 * A create refused because the namespace is terminating (apimachinery's HasStatusCause with
 * NamespaceTerminatingCause). The cause's type is what upstream checks; the admission message is
 * also accepted, for a server that sends the 403 without the cause.
 */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!isApiError(err)) return false;
  const causes = (err.status.details?.causes ?? []) as { type?: string; reason?: string }[];
  if (causes.some((c) => c.type === 'NamespaceTerminating' || c.reason === 'NamespaceTerminating')) return true;
  return err.reason === 'Forbidden' && err.message.endsWith(' because it is being terminated');
}

/** 405 MethodNotAllowed or 404 for a verb a resource does not serve. */
export function isMethodNotSupported(err: unknown): boolean {
  return isApiError(err) && (err.reason === 'MethodNotAllowed' || err.code === 405);
}
