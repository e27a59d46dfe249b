/**
 * One Deployment sync (upstream's syncDeployment and sync.go): pick the path — status only while
 * being deleted, scaling (paused, or resized), rollback, or a rollout step by strategy.
 */
import { getCondition, hasProgressDeadline, newCondition, REASONS, setCondition } from './conditions';
import { getAllReplicaSetsAndSyncRevision } from './new-replicaset';
import { syncDeploymentStatus } from './progress';
import { rolloutRecreate, type PodMap } from './recreate';
import { rollback, rollbackTo } from './rollback';
import { rolloutRolling } from './rolling';
import { cleanupDeployment, isScalingEvent, scaleDeployment } from './scale';
import { eventf, updateDeploymentStatus, type DeploymentSyncContext } from './sync-context';
import type { DeploymentObject, ReplicaSetObject } from './util';

/** Scales to the Deployment's size without rolling (paused or resized), then writes the status. */
export async function syncScale(ctx: DeploymentSyncContext, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  await scaleDeployment(ctx, newRS, oldRSs);
  if (ctx.d.spec?.paused && rollbackTo(ctx.d) === undefined) await cleanupDeployment(ctx, oldRSs);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
}

/** Sets Progressing to Unknown/DeploymentPaused on pause and DeploymentResumed on resume. */
async function checkPausedConditions(ctx: DeploymentSyncContext): Promise<void> {
  const d = ctx.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === REASONS.progressDeadlineExceeded) return;
  const pausedCondExists = cond?.reason === REASONS.paused;
  d.status ??= {};
  if (d.spec?.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused', ctx.clock.now()));
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed', ctx.clock.now()));
  } else return;
  await updateDeploymentStatus(ctx);
}

/** True for `selector: {}`, which would select every pod in the namespace (nothing is claimed then). */
export function selectsEverything(d: DeploymentObject): boolean {
  const s = d.spec?.selector;
  return !!s && Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

/**
 * Converges one Deployment whose ReplicaSets (claimed) are given. Its pods by ReplicaSet are read
 * only by the Recreate strategy (to wait for old pods to go): upstream lists them on every sync, a
 * cost of O(pods) per sync that nothing else needs, so they are read only when asked for.
 */
export async function syncDeployment(ctx: DeploymentSyncContext, rsList: ReplicaSetObject[], podMap: () => PodMap): Promise<void> {
  const d = ctx.d;
  if (selectsEverything(d)) {
    eventf(ctx, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...d.status, observedGeneration: d.metadata.generation };
      await updateDeploymentStatus(ctx);
    }
    return;
  }
  if (d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
    return syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
  }
  await checkPausedConditions(ctx);
  if (ctx.d.spec?.paused) return syncScale(ctx, rsList);
  if (rollbackTo(ctx.d) !== undefined) return rollback(ctx, rsList);
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  if (isScalingEvent(ctx, [...oldRSs, newRS])) return syncScale(ctx, rsList);
  if (ctx.d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(ctx, rsList, podMap());
  return rolloutRolling(ctx, rsList);
}
