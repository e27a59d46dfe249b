/**
 * The Recreate strategy (upstream's recreate.go): scale every old ReplicaSet to zero, wait until no
 * old pod is left running, then create or scale up the new ReplicaSet to the full size.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { getAllReplicaSetsAndSyncRevision } from './new-replicaset';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, scaleAndRecord } from './scale';
import type { DeploymentSyncContext } from './sync-context';
import { actualReplicaCount, deploymentComplete, filterActive, replicasOf, type ReplicaSetObject } from './util';

/** Pods by the UID of the ReplicaSet controlling them. */
export type PodMap = Map<string, Pod[]>;

function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    // A Failed or Succeeded pod holds nothing; anything else (Unknown included) may still run.
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

/** Takes one Recreate step and writes the rollout status. */
export async function rolloutRecreate(ctx: DeploymentSyncContext, rsList: ReplicaSetObject[], podMap: PodMap): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  let all = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if ((await scaleAndRecord(ctx, rs, 0)).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(ctx, all, newRS);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, all, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, rsList, true));
    all = [...oldRSs, newRS];
  }
  if (newRS && replicasOf(newRS) !== replicasOf(ctx.d)) await scaleAndRecord(ctx, newRS, replicasOf(ctx.d));
  if (deploymentComplete(ctx.d, ctx.d.status)) await cleanupDeployment(ctx, oldRSs);
  return syncRolloutStatus(ctx, all, newRS);
}
