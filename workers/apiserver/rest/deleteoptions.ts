/** DeleteOptions from a DELETE body or query, and the preconditions check. */
import { badRequest, conflict } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { decodeBody, isObjectBody } from '../body';
import type { RestContext } from './context';

/** metav1.DeleteOptions, the fields we honour. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

const policies = new Set(['Orphan', 'Background', 'Foreground']);

/** Reads DeleteOptions from the body (if any) overlaid with the query parameters. */
export function readDeleteOptions(ctx: RestContext): DeleteOptions {
  let opts: DeleteOptions = {};
  const b = ctx.req.body;
  if (b !== undefined && b !== null && b !== '') {
    const parsed = decodeBody(ctx.req, 'DeleteOptions');
    if (!isObjectBody(parsed)) throw badRequest('the body of the request was not a DeleteOptions object');
    opts = parsed as DeleteOptions;
  }
  const q = ctx.query;
  if (q.gracePeriodSeconds !== undefined && q.gracePeriodSeconds !== '') {
    const n = Number(q.gracePeriodSeconds);
    if (!Number.isInteger(n)) throw badRequest(`invalid gracePeriodSeconds parameter: ${q.gracePeriodSeconds}`);
    opts.gracePeriodSeconds = n;
  }
  if (q.propagationPolicy) opts.propagationPolicy = q.propagationPolicy as DeleteOptions['propagationPolicy'];
  if (q.orphanDependents !== undefined) opts.orphanDependents = q.orphanDependents === 'true';
  if (opts.propagationPolicy !== undefined && !policies.has(opts.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  if (opts.propagationPolicy !== undefined && opts.orphanDependents !== undefined) {
    throw badRequest('propagationPolicy: Invalid value: "' + opts.propagationPolicy + '": orphanDependents and deletionPropagation cannot be both set');
  }
  return opts;
}

/** 409 as upstream when a uid or resourceVersion precondition does not hold. */
export function checkPreconditions(ctx: RestContext, obj: KubeObject, pre: DeleteOptions['preconditions']): void {
  if (!pre) return;
  const name = obj.metadata.name ?? '';
  if (pre.uid && pre.uid !== obj.metadata.uid) {
    throw conflict(ctx.info.group, ctx.info.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`);
  }
  if (pre.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(
      ctx.info.group,
      ctx.info.resource,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
    );
  }
}
