/** Request options as client-go's metav1 ListOptions, GetOptions, CreateOptions, DeleteOptions... */

/** Options of list and watch requests. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  limit?: number;
  continue?: string;
  timeoutSeconds?: number;
}

/** Options of watch requests. */
export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

export interface GetOptions {
  resourceVersion?: string;
}

/** Options of writes (create, update, patch). */
export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  fieldManager?: string;
}

/** Patch flavours and their content types. */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
  subresource?: string;
}

/** metav1.Preconditions: the delete happens only if the object still has this uid / resourceVersion. */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export interface DeleteOptions {
  dryRun?: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: Preconditions;
}

type Query = Record<string, string | undefined>;

/** Query parameters of a list or watch. */
export function listQuery(o: WatchOptions = {}): Query {
  const q: Query = {};
  if (o.labelSelector) q.labelSelector = o.labelSelector;
  if (o.fieldSelector) q.fieldSelector = o.fieldSelector;
  if (o.resourceVersion !== undefined) q.resourceVersion = o.resourceVersion;
  if (o.resourceVersionMatch) q.resourceVersionMatch = o.resourceVersionMatch;
  if (o.limit !== undefined) q.limit = String(o.limit);
  if (o.continue) q.continue = o.continue;
  if (o.timeoutSeconds !== undefined) q.timeoutSeconds = String(o.timeoutSeconds);
  if (o.allowWatchBookmarks) q.allowWatchBookmarks = 'true';
  if (o.sendInitialEvents !== undefined) q.sendInitialEvents = String(o.sendInitialEvents);
  return q;
}

/** Query parameters of a write. */
export function writeQuery(o: WriteOptions & { force?: boolean } = {}): Query {
  const q: Query = {};
  if (o.dryRun) q.dryRun = 'All';
  if (o.fieldValidation) q.fieldValidation = o.fieldValidation;
  if (o.fieldManager) q.fieldManager = o.fieldManager;
  if (o.force) q.force = 'true';
  return q;
}

/** The DeleteOptions body client-go sends with a delete. */
export function deleteBody(o: DeleteOptions = {}): Record<string, unknown> {
  const b: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.dryRun) b.dryRun = ['All'];
  if (o.gracePeriodSeconds !== undefined) b.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.propagationPolicy) b.propagationPolicy = o.propagationPolicy;
  if (o.preconditions) b.preconditions = { ...o.preconditions };
  return b;
}
