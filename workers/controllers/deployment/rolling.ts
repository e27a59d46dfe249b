/**
 * The RollingUpdate strategy (upstream's rolling.go): one step per sync. Scale the new ReplicaSet up
 * if the surge allows and return; else scale old ReplicaSets down if availability allows and return;
 * else, once complete, clean up old revisions. See rolling-math.ts for a worked example.
 */
import { maxUnavailable, replicasOf, specReplicaCount, availableReplicaCount, byCreation, deploymentComplete, filterActive, type ReplicaSetObject } from './util';
import { getAllReplicaSetsAndSyncRevision } from './new-replicaset';
import { syncRolloutStatus } from './progress';
import { newReplicaSetReplicas } from './rolling-math';
import { cleanupDeployment, scaleAndRecord } from './scale';
import type { DeploymentSyncContext } from './sync-context';

/** Takes one rolling-update step and writes the rollout status. */
export async function rolloutRolling(ctx: DeploymentSyncContext, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, true);
  const all = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(ctx, all, newRS!)) return syncRolloutStatus(ctx, all, newRS);
  if (await reconcileOldReplicaSets(ctx, all, filterActive(oldRSs), newRS!)) return syncRolloutStatus(ctx, all, newRS);
  if (deploymentComplete(ctx.d, ctx.d.status)) await cleanupDeployment(ctx, oldRSs);
  return syncRolloutStatus(ctx, all, newRS);
}

/** Grows the new ReplicaSet within maxSurge (or shrinks it to spec.replicas); true when it scaled. */
async function reconcileNewReplicaSet(ctx: DeploymentSyncContext, all: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  const replicas = replicasOf(ctx.d);
  if (replicasOf(newRS) === replicas) return false;
  if (replicasOf(newRS) > replicas) return (await scaleAndRecord(ctx, newRS, replicas)).scaled;
  return (await scaleAndRecord(ctx, newRS, newReplicaSetReplicas(ctx.d, all, newRS))).scaled;
}

/**
 * Shrinks old ReplicaSets while at least spec.replicas - maxUnavailable pods stay available,
 * counting the new ReplicaSet's unavailable pods against the budget; unhealthy old pods go first.
 */
async function reconcileOldReplicaSets(ctx: DeploymentSyncContext, all: ReplicaSetObject[], oldRSs: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  if (specReplicaCount(oldRSs) === 0) return false;
  const minAvailable = replicasOf(ctx.d) - maxUnavailable(ctx.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicaCount(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // A failed scale-down is not this sync's error (upstream logs it and carries on to the status).
  try {
    const cleaned = await cleanupUnhealthyReplicas(ctx, oldRSs, maxScaledDown);
    const scaledDown = await scaleDownOldForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs);
    return cleaned.count + scaledDown > 0;
  } catch {
    return false;
  }
}

/** Scales old ReplicaSets down by their unavailable pods first: losing those costs no availability. */
async function cleanupUnhealthyReplicas(ctx: DeploymentSyncContext, oldRSs: ReplicaSetObject[], maxCleanup: number): Promise<{ oldRSs: ReplicaSetObject[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length && total < maxCleanup; i++) {
    const rs = sorted[i];
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
    const down = Math.min(maxCleanup - total, unhealthy);
    sorted[i] = (await scaleAndRecord(ctx, rs, replicasOf(rs) - down)).rs;
    total += down;
  }
  return { oldRSs: sorted, count: total };
}

/** Scales old ReplicaSets down, oldest first, by the available pods above the minimum. */
async function scaleDownOldForRollingUpdate(ctx: DeploymentSyncContext, all: ReplicaSetObject[], oldRSs: ReplicaSetObject[]): Promise<number> {
  const minAvailable = replicasOf(ctx.d) - maxUnavailable(ctx.d);
  const available = availableReplicaCount(all);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), budget - total);
    await scaleAndRecord(ctx, rs, replicasOf(rs) - down);
    total += down;
  }
  return total;
}
