/**
 * How big the new ReplicaSet may grow in one step (upstream's NewRSNewReplicas).
 *
 * Worked example: 10 replicas, maxSurge 3, maxUnavailable 2. At most 10 + 3 = 13 pods may exist
 * (counting spec.replicas of every ReplicaSet), and at least 10 - 2 = 8 must stay available.
 * Sync 1: old at 10, new at 0, so the new one may grow by 13 - 10 = 3, to 3; the sync ends there.
 * Sync 2: 13 pods exist, so it cannot grow; the old one may shrink by 13 - 8 - 3 = 2 (total, minus
 * the minimum available, minus the new pods not yet available), to 8.
 * Sync 3, once the 3 new pods are available: 11 exist, the new one grows by 2, to 5; and so on.
 */
import { replicasOf, specReplicaCount, isRollingUpdate, resolveFenceposts, type DeploymentObject, type ReplicaSetObject } from './util';

/** The spec.replicas the new ReplicaSet should have now. */
export function newReplicaSetReplicas(d: DeploymentObject, all: readonly ReplicaSetObject[], newRS: ReplicaSetObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const { surge } = resolveFenceposts(d, replicas);
  const current = specReplicaCount(all);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}
