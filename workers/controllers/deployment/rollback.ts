/**
 * Rollback. In apps/v1 a rollback is a template change back to an old revision (`kubectl rollout
 * undo` patches the template): findNewReplicaSet then picks the old ReplicaSet, which gets the next
 * revision and keeps its former one in revision-history (annotations.ts). This file handles the
 * older request form upstream still honours, the `deprecated.deployment.rollback.to` annotation.
 */
import { NOT_COPIED, revisionOf } from './annotations';
import { getAllReplicaSetsAndSyncRevision } from './new-replicaset';
import { DEPLOYMENTS, eventf, type DeploymentSyncContext } from './sync-context';
import { equalIgnoreHash, type DeploymentObject, type ReplicaSetObject } from './util';
import { POD_TEMPLATE_HASH_LABEL } from '../shared/template-hash';
import { cloneJson } from '../../api/patch/json-values';

/** The annotation asking for a rollback to a revision (0: the previous one). */
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';

/** The requested revision, if a rollback was asked for; an unparsable one is ignored (upstream's getRollbackTo). */
export function rollbackTo(d: DeploymentObject): number | undefined {
  const v = d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION];
  if (!v || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** The revision before the newest one (upstream's LastRevision). */
export function lastRevision(rss: readonly (ReplicaSetObject | undefined)[]): number {
  let max = 0;
  let second = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const v = revisionOf(rs);
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

/**
 * The Deployment's annotations after a rollback to `rs` (upstream's SetDeploymentAnnotationsTo): its
 * own bookkeeping annotations stay, every other one comes from the ReplicaSet, so the change-cause
 * of the revision rolled back to comes back with it.
 */
export function annotationsAfterRollback(d: DeploymentObject, rs: ReplicaSetObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (NOT_COPIED.has(k)) out[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  return out;
}

/**
 * Rolls back as upstream's rollback: makes sure the new ReplicaSet exists, finds the target revision
 * (0: the previous one), copies its template and annotations into the Deployment unless they are the
 * same already, then clears the request with an update.
 */
export async function rollback(ctx: DeploymentSyncContext, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, true);
  const all = [...oldRSs, newRS];
  let revision = rollbackTo(ctx.d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      eventf(ctx, 'Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find last revision.');
      return clearRollbackTo(ctx);
    }
  }
  const target = all.find((rs) => rs && revisionOf(rs) === revision);
  if (!target) {
    eventf(ctx, 'Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.');
    return clearRollbackTo(ctx);
  }
  const d = ctx.d;
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    eventf(ctx, 'Warning', 'DeploymentRollbackTemplateUnchanged', 'The rollback revision contains the same template as current deployment %q', d.metadata.name);
    return clearRollbackTo(ctx);
  }
  const template = cloneJson(target.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  d.spec = { ...d.spec!, template };
  d.metadata.annotations = annotationsAfterRollback(d, target);
  await clearRollbackTo(ctx);
  eventf(ctx, 'Normal', 'DeploymentRollback', 'Rolled back deployment %q to revision %d', d.metadata.name, revision);
}

async function clearRollbackTo(ctx: DeploymentSyncContext): Promise<void> {
  if (ctx.d.metadata.annotations) delete ctx.d.metadata.annotations[ROLLBACK_TO_ANNOTATION];
  ctx.d = cloneJson(await ctx.client.resource<DeploymentObject>(DEPLOYMENTS, ctx.d.metadata.namespace).update(ctx.d));
}
