/**
 * A ReplicaSet's status from the pods it controls (upstream's calculateStatus and
 * updateReplicaSetStatus): counts, the ReplicaFailure condition, observedGeneration.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { compiledSetSelector, matchesLabelsCached } from '../../api/selector-memo';
import type { ResourceClient } from '../../client/client';
import { rfc3339Seconds } from '../../client/event-recorder';
import { isPodAvailable, isPodReady } from '../shared/pod-utils';
import { desiredReplicas, type ReplicaCondition, type ReplicaOwner, type ReplicaOwnerStatus } from './replica-kind';
import { cloneJson } from '../../api/patch/json-values';

/** The condition a failed create or delete sets. */
export const REPLICA_FAILURE = 'ReplicaFailure';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The status `owner` should have, given its active pods and the error of this sync's create/delete. */
export function calculateStatus(owner: ReplicaOwner, pods: readonly Pod[], manageError: unknown, nowMs: number): ReplicaOwnerStatus {
  const status: ReplicaOwnerStatus = cloneJson(owner.status ?? {});
  const templateSelector = compiledSetSelector(owner.spec?.template?.metadata?.labels);
  const minReady = owner.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (matchesLabelsCached(templateSelector, pod.metadata?.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  const failure = status.conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && !failure) {
    const diff = pods.length - desiredReplicas(owner);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaCondition = { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: rfc3339Seconds(nowMs), reason, message: messageOf(manageError) };
    status.conditions = [...(status.conditions ?? []), cond];
  } else if (manageError === undefined && failure) {
    status.conditions = status.conditions!.filter((c) => c.type !== REPLICA_FAILURE);
    if (status.conditions.length === 0) delete status.conditions;
  }
  status.replicas = pods.length;
  setCount(status, 'fullyLabeledReplicas', fullyLabeled);
  setCount(status, 'readyReplicas', ready);
  setCount(status, 'availableReplicas', available);
  return status;
}

/** Zero counts are omitted, as the Go types' omitempty leaves them. */
function setCount(s: ReplicaOwnerStatus, field: 'fullyLabeledReplicas' | 'readyReplicas' | 'availableReplicas', n: number): void {
  if (n === 0) delete s[field];
  else s[field] = n;
}

function sameStatus(a: ReplicaOwnerStatus, b: ReplicaOwnerStatus): boolean {
  return (
    (a.replicas ?? 0) === (b.replicas ?? 0) &&
    (a.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0) &&
    (a.readyReplicas ?? 0) === (b.readyReplicas ?? 0) &&
    (a.availableReplicas ?? 0) === (b.availableReplicas ?? 0) &&
    JSON.stringify(a.conditions ?? []) === JSON.stringify(b.conditions ?? [])
  );
}

/**
 * Writes the status through `/status` unless nothing changed and the generation was observed; one
 * retry against a fresh read after a failure, as upstream's statusUpdateRetries.
 */
export async function updateOwnerStatus<T extends ReplicaOwner>(client: ResourceClient<T>, owner: T, status: ReplicaOwnerStatus): Promise<T> {
  const generation = owner.metadata.generation ?? 0;
  if (sameStatus(owner.status ?? {}, status) && (owner.status?.observedGeneration ?? 0) === generation) return owner;
  let current = owner;
  for (let attempt = 0; ; attempt++) {
    // The generation acted on, even when retrying against a fresher copy (as upstream).
    const body = { ...cloneJson(current), status: { ...status, observedGeneration: generation } } as T;
    try {
      return await client.updateStatus(body);
    } catch (err) {
      if (attempt >= 1) throw err;
      current = await client.get(owner.metadata.name ?? '');
    }
  }
}
