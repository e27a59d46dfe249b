/**
 * Finding or creating the new ReplicaSet (upstream's getAllReplicaSetsAndSyncRevision and
 * getNewReplicaSet). A ReplicaSet whose template matches the Deployment's is the new one, even an
 * old one: that is how a rollback reuses its ReplicaSet, which then takes the next revision.
 */
import { isApiError } from '../../api/errors';
import { isNamespaceTerminating } from '../api-errors';
import { newControllerRef, controllerOf } from '../shared/controller-ref';
import { computeHash, POD_TEMPLATE_HASH_LABEL } from '../shared/template-hash';
import { maxRevision, setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations';
import { getCondition, hasProgressDeadline, newCondition, REASONS, setCondition } from './conditions';
import { newReplicaSetReplicas } from './rolling-math';
import { eventf, REPLICASETS, updateDeploymentStatus, type DeploymentSyncContext } from './sync-context';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, type ReplicaSetObject } from './util';
import { cloneJson } from '../../api/patch/json-values';

/** The new ReplicaSet (created when asked and missing) and all the old ones. */
export async function getAllReplicaSetsAndSyncRevision(
  ctx: DeploymentSyncContext,
  rsList: ReplicaSetObject[],
  createIfMissing: boolean,
): Promise<{ newRS: ReplicaSetObject | undefined; oldRSs: ReplicaSetObject[] }> {
  const oldRSs = findOldReplicaSets(ctx.d, rsList);
  const newRS = await getNewReplicaSet(ctx, rsList, oldRSs, createIfMissing);
  // Later steps of this sync see what was just written, not the stale cache copy (upstream would
  // send a second, conflicting update).
  const i = newRS ? rsList.findIndex((rs) => rs.metadata.uid === newRS.metadata.uid) : -1;
  if (i >= 0) rsList[i] = newRS!;
  return { newRS, oldRSs };
}

async function syncExistingNewReplicaSet(ctx: DeploymentSyncContext, existing: ReplicaSetObject, newRevision: number): Promise<ReplicaSetObject> {
  const d = ctx.d;
  const copy = cloneJson(existing);
  const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
  const minReady = d.spec?.minReadySeconds ?? 0;
  if (annotationsChanged || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
    copy.spec = { ...copy.spec!, minReadySeconds: minReady };
    if (minReady === 0) delete copy.spec.minReadySeconds;
    return ctx.client.resource<ReplicaSetObject>(REPLICASETS, d.metadata.namespace).update(copy);
  }
  let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '');
  if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', REASONS.foundNewReplicaSet, `Found new replica set "${copy.metadata.name}"`, ctx.clock.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx);
  return copy;
}

/** The ReplicaSet a Deployment's current template calls for, named `<deployment>-<hash>`. */
export function buildNewReplicaSet(ctx: DeploymentSyncContext): ReplicaSetObject {
  const d = ctx.d;
  const template = cloneJson(d.spec!.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector = cloneJson(d.spec!.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const spec: NonNullable<ReplicaSetObject['spec']> = { replicas: 0, selector, template };
  if (d.spec?.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [newControllerRef(d)] },
    spec,
  };
}

async function getNewReplicaSet(ctx: DeploymentSyncContext, rsList: ReplicaSetObject[], oldRSs: ReplicaSetObject[], createIfMissing: boolean): Promise<ReplicaSetObject | undefined> {
  const d = ctx.d;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) return syncExistingNewReplicaSet(ctx, existing, newRevision);
  if (!createIfMissing) return undefined;
  const rs = buildNewReplicaSet(ctx);
  rs.spec!.replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: ReplicaSetObject;
  let alreadyExisted = false;
  try {
    created = await ctx.client.resource<ReplicaSetObject>(REPLICASETS, d.metadata.namespace).create(rs);
  } catch (err) {
    if (!isApiError(err)) throw err;
    if (err.status.code === 409 && err.status.reason === 'AlreadyExists') {
      const found = ctx.getReplicaSet(d.metadata.namespace ?? '', rs.metadata.name!);
      if (!found || controllerOf(found)?.uid !== d.metadata.uid || !equalIgnoreHash(d.spec?.template, found.spec?.template)) {
        // A hash collision: the next sync hashes with a higher collisionCount.
        d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
        await updateDeploymentStatus(ctx).catch(() => undefined);
        throw err;
      }
      created = found;
      alreadyExisted = true;
    } else if (isNamespaceTerminating(err)) {
      // Every later create fails the same way: nothing to report.
      throw err;
    } else {
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${err.message}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setCondition(d.status, newCondition('Progressing', 'False', REASONS.failedReplicaSetCreate, msg, ctx.clock.now()));
        await updateDeploymentStatus(ctx).catch(() => undefined);
      }
      eventf(ctx, 'Warning', REASONS.failedReplicaSetCreate, '%s', msg);
      throw err;
    }
  }
  const replicas = rs.spec!.replicas ?? 0;
  if (!alreadyExisted && replicas > 0) eventf(ctx, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set %s from 0 to %d', created.metadata.name, replicas);
  let needsUpdate = setDeploymentRevision(ctx.d, String(newRevision));
  if (!alreadyExisted && hasProgressDeadline(ctx.d)) {
    ctx.d.status ??= {};
    setCondition(ctx.d.status, newCondition('Progressing', 'True', REASONS.newReplicaSetCreated, `Created new replica set "${created.metadata.name}"`, ctx.clock.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx);
  return created;
}
