/**
 * GET of a collection: label/field selectors, limit/continue pagination and the resourceVersion /
 * resourceVersionMatch semantics of upstream's list (latest, any, not-older-than, exact).
 */
import { ApiError, badRequest, expired, field, invalid, statusFailure } from '../../api/errors';
import type { KubeObject, ListMeta } from '../../api/types';
import type { ListResult } from '../../store/types';
import { StoreError } from '../../store/types';
import { fromStorage } from '../conversion';
import { keyPrefix } from '../keys';
import { intParam, requestNamespace } from './common';
import type { RestContext } from './context';
import { decodeContinue, encodeContinue } from './continuetoken';
import { selectorPredicate } from './fieldfilter';

/** upstream's message when a paged list resumes below the compaction floor. */
export const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** upstream's message for a list at a compacted resourceVersion. */
export const EXPIRED_LIST = 'The resourceVersion for the provided list is too old.';

/** Parses a resourceVersion parameter; 400 as upstream when it is not a number. */
export function parseResourceVersion(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw badRequest(`invalid resource version: ${JSON.stringify(v)}`);
  return n;
}

/** 504 for a resourceVersion the store has not reached, as upstream's TooLargeResourceVersionError. */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  const s = statusFailure(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
  return new ApiError(s);
}

interface ListPlan {
  revision: number;
  startAfter?: string;
  continuing: boolean;
}

function plan(ctx: RestContext, prefix: string): ListPlan {
  const rv = ctx.query.resourceVersion ?? '';
  const match = ctx.query.resourceVersionMatch ?? '';
  const cont = ctx.query.continue ?? '';
  if (match && !rv) {
    throw invalid('ListOptions', 'meta.k8s.io', '', [field.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided')]);
  }
  if (match && match !== 'Exact' && match !== 'NotOlderThan') {
    throw invalid('ListOptions', 'meta.k8s.io', '', [field.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan'])]);
  }
  if (cont) {
    if (rv && rv !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    const token = decodeContinue(cont);
    return { revision: token.rv > 0 ? token.rv : 0, startAfter: prefix + token.start, continuing: true };
  }
  const store = ctx.deps.store;
  if (!rv || rv === '0') return { revision: 0, continuing: false };
  const n = parseResourceVersion(rv);
  if (n > store.revision) throw tooLargeResourceVersion(n, store.revision);
  return { revision: match === 'Exact' ? n : 0, continuing: false };
}

function runList(ctx: RestContext, prefix: string, p: ListPlan, limit: number | undefined, predicate?: (o: KubeObject) => boolean): ListResult {
  try {
    return ctx.deps.store.list(prefix, { revision: p.revision || undefined, limit, startAfterKey: p.startAfter, predicate });
  } catch (e) {
    if (!(e instanceof StoreError) || e.code !== 'Expired') throw e;
    if (!p.continuing) throw expired(EXPIRED_LIST);
    const err = expired(INCONSISTENT_CONTINUE);
    err.status.metadata.continue = encodeContinue({ rv: -1, start: (p.startAfter ?? prefix).slice(prefix.length) });
    throw err;
  }
}

/** Lists the collection the request addresses: items in the client's version and the list metadata. */
export function listObjects(ctx: RestContext): { items: KubeObject[]; listMeta: ListMeta } {
  const prefix = keyPrefix(ctx.info, requestNamespace(ctx));
  const p = plan(ctx, prefix);
  const limit = intParam(ctx, 'limit');
  const predicate = selectorPredicate(ctx.info, ctx.query);
  const result = runList(ctx, prefix, p, limit && limit > 0 ? limit : undefined, predicate);
  let items = result.items;
  const want = ctx.info.group ? `${ctx.info.group}/${ctx.info.version}` : ctx.info.version;
  // Shared frozen objects go out as they are; only a different client version needs new objects.
  if (items.some((o) => o.apiVersion !== want)) items = items.map((o) => fromStorage(o, ctx.info));
  const listMeta: ListMeta = { resourceVersion: String(result.revision) };
  // A page that ends exactly at the last item has nothing to continue to.
  if (result.lastKey !== undefined && result.remaining !== 0) {
    listMeta.continue = encodeContinue({ rv: result.revision, start: result.lastKey.slice(prefix.length) });
    if (!predicate && result.remaining !== undefined) listMeta.remainingItemCount = result.remaining;
  }
  return { items, listMeta };
}
