/**
 * Rollback. In apps/v1 a rollback is a template change back to an old revision (`kubectl rollout
 * undo` patches the template): findNewReplicaSet then picks the old ReplicaSet, which gets the next
 * revision and keeps its former one in revision-history (annotations.ts). This file handles the
 * older request form upstream still honours, the `deprecated.deployment.rollback.to` annotation.
 */
import { REVISION_ANNOTATION, revisionOf } from './annotations';
import { DEPLOYMENTS, eventf, type DeploymentSyncContext } from './sync-context';
import { equalIgnoreHash, type DeploymentObject, type ReplicaSetObject } from './util';
import { POD_TEMPLATE_HASH_LABEL } from '../shared/template-hash';

/** The annotation asking for a rollback to a revision (0: the previous one). */
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';

/** The requested revision, if a rollback was asked for. */
export function rollbackTo(d: DeploymentObject): number | undefined {
  const v = d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

/** The revision before the newest one (upstream's LastRevision). */
export function lastRevision(rss: readonly ReplicaSetObject[]): number {
  let max = 0;
  let second = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

/** Copies the target revision's template into the Deployment, or records why it cannot; then clears the request. */
export async function rollback(ctx: DeploymentSyncContext, rsList: ReplicaSetObject[]): Promise<void> {
  const d = ctx.d;
  let revision = rollbackTo(d) ?? 0;
  if (revision === 0) revision = lastRevision(rsList);
  if (revision === 0) {
    eventf(ctx, 'Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find last revision.');
    return clearRollbackTo(ctx);
  }
  const target = rsList.find((rs) => revisionOf(rs) === revision && rs.metadata.annotations?.[REVISION_ANNOTATION]);
  if (!target) {
    eventf(ctx, 'Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.');
    return clearRollbackTo(ctx);
  }
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    eventf(ctx, 'Warning', 'DeploymentRollbackTemplateUnchanged', 'The rollback revision contains the same template as current deployment "%s"', d.metadata.name);
    return clearRollbackTo(ctx);
  }
  const template = structuredClone(target.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  d.spec = { ...d.spec!, template };
  eventf(ctx, 'Normal', 'DeploymentRollback', 'Rolled back deployment "%s" to revision %d', d.metadata.name, revision);
  return clearRollbackTo(ctx);
}

async function clearRollbackTo(ctx: DeploymentSyncContext): Promise<void> {
  if (ctx.d.metadata.annotations) delete ctx.d.metadata.annotations[ROLLBACK_TO_ANNOTATION];
  ctx.d = structuredClone(await ctx.client.resource<DeploymentObject>(DEPLOYMENTS, ctx.d.metadata.namespace).update(ctx.d));
}
