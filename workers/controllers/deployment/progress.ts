/**
 * Deployment status and progress (upstream's sync.go calculateStatus / syncDeploymentStatus and
 * progress.go syncRolloutStatus): counts from the ReplicaSets, the Available condition, and the
 * Progressing condition that moves through ReplicaSetUpdated to NewReplicaSetAvailable, or to
 * ProgressDeadlineExceeded when nothing moved for progressDeadlineSeconds.
 */
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1';
import { canonicalJson } from '../shared/template-hash';
import { timeMs } from '../shared/pod-utils';
import { getCondition, hasProgressDeadline, newCondition, REASONS, removeCondition, setCondition } from './conditions';
import { updateDeploymentStatus, type DeploymentSyncContext } from './sync-context';
import {
  actualReplicaCount,
  availableReplicaCount,
  deploymentComplete,
  maxUnavailable,
  readyReplicaCount,
  replicasOf,
  specReplicaCount,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util';

const COUNT_FIELDS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;

/** The status the ReplicaSets imply (counts, collisionCount, the Available condition). */
export function calculateStatus(all: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, d: DeploymentObject, nowMs: number): DeploymentStatus {
  const available = availableReplicaCount(all);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaCount(all),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaCount(all) - available),
  };
  // Zero counts are omitted on the wire (omitempty); keep the same shape so comparisons hold.
  for (const f of COUNT_FIELDS) if (status[f] === 0) delete status[f];
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASONS.minimumReplicasAvailable, 'Deployment has minimum availability.', nowMs));
  } else {
    setCondition(status, newCondition('Available', 'False', REASONS.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

/** True when two statuses are the same (zero counts equal absent ones). */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  const norm = (s: DeploymentStatus | undefined) => {
    const c: Record<string, unknown> = { ...s };
    for (const f of COUNT_FIELDS) if (c[f] === 0) delete c[f];
    if (Array.isArray(c.conditions) && c.conditions.length === 0) delete c.conditions;
    return canonicalJson(c);
  };
  return norm(a) === norm(b);
}

/** Writes the calculated status when it differs (upstream's syncDeploymentStatus). */
export async function syncDeploymentStatus(ctx: DeploymentSyncContext, all: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined): Promise<void> {
  const status = calculateStatus(all, newRS, ctx.d, ctx.clock.now());
  if (sameStatus(ctx.d.status, status)) return;
  ctx.d.status = status;
  await updateDeploymentStatus(ctx);
}

/** Some replicas moved forward since the last status (upstream's DeploymentProgressing). */
function progressing(d: DeploymentObject, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** Nothing progressed for progressDeadlineSeconds since the Progressing condition last changed. */
function timedOut(d: DeploymentObject, next: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(next, 'Progressing');
  if (!c || c.reason === REASONS.newReplicaSetAvailable) return false;
  if (c.reason === REASONS.progressDeadlineExceeded) return true;
  const from = timeMs(c.lastUpdateTime) ?? 0;
  return from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}

/** The first ReplicaFailure of the new ReplicaSet, then of the others, as a Deployment condition. */
function replicaFailure(all: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...all.filter((rs) => rs && rs.metadata.uid !== newRS.metadata.uid)] : all;
  for (const rs of ordered) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
    if (c) return { type: 'ReplicaFailure', status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  }
  return undefined;
}

function setProgressing(ctx: DeploymentSyncContext, status: DeploymentStatus, newRS: ReplicaSetObject | undefined): void {
  const d = ctx.d;
  const now = ctx.clock.now();
  const who = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deploymentComplete(d, status)) {
    setCondition(status, newCondition('Progressing', 'True', REASONS.newReplicaSetAvailable, `${who} has successfully progressed.`, now));
  } else if (progressing(d, status)) {
    // Progress refreshes lastUpdateTime even with the same reason, so the deadline restarts.
    const cond = newCondition('Progressing', 'True', REASONS.replicaSetUpdated, `${who} is progressing.`, now);
    const current = getCondition(d.status, 'Progressing');
    if (current) {
      if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
    }
    setCondition(status, cond);
  } else if (timedOut(d, status, now)) {
    setCondition(status, newCondition('Progressing', 'False', REASONS.progressDeadlineExceeded, `${who} has timed out progressing.`, now));
  }
}

/** Status plus the Progressing and ReplicaFailure conditions; requeues a stuck rollout for its deadline. */
export async function syncRolloutStatus(ctx: DeploymentSyncContext, all: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined): Promise<void> {
  const d = ctx.d;
  const status = calculateStatus(all, newRS, d, ctx.clock.now());
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === REASONS.newReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) setProgressing(ctx, status, newRS);
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  if (sameStatus(d.status, status)) {
    requeueStuckDeployment(ctx, status);
    return;
  }
  d.status = status;
  await updateDeploymentStatus(ctx);
}

/** A rollout still under way is looked at again when its deadline would pass. */
function requeueStuckDeployment(ctx: DeploymentSyncContext, status: DeploymentStatus): void {
  const d = ctx.d;
  const current = getCondition(d.status, 'Progressing');
  if (!current || !hasProgressDeadline(d) || deploymentComplete(d, status) || current.reason === REASONS.progressDeadlineExceeded) return;
  const deadline = (timeMs(current.lastUpdateTime) ?? 0) + (d.spec?.progressDeadlineSeconds ?? 0) * 1000;
  const afterMs = deadline - ctx.clock.now();
  ctx.enqueueAfter(afterMs < 1000 ? 1000 : afterMs + 1000);
}
