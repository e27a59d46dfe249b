/** Pod state as controllers read it (upstream's api/v1/pod util and controller_utils helpers). */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';

// Cache objects are frozen and shared until their next revision, and a ReplicaSet's sync reads
// every one of its pods' readiness (at a 1,000-pod ReplicaSet, 10% of the CPU): remember it per
// frozen conditions array. A mutable array is never remembered.
const readyConditions = new WeakMap<readonly PodCondition[], PodCondition | null>();

/** The Ready condition, when the pod has one. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  const conditions = pod.status?.conditions;
  if (!conditions) return undefined;
  const known = readyConditions.get(conditions);
  if (known !== undefined) return known ?? undefined;
  const found = conditions.find((c) => c.type === 'Ready');
  if (Object.isFrozen(conditions)) readyConditions.set(conditions, found ?? null);
  return found;
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** Milliseconds of a metav1.Time string; undefined when absent or unparsable. */
export function timeMs(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * True when the pod has been ready for at least `minReadySeconds` at `nowMs`; with 0 any ready pod is
 * available, as upstream (which also counts a ready pod with no transition time as available).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const since = timeMs(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/** A pod that still counts: not Succeeded, not Failed, not being deleted (upstream's IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** The pods `isPodActive` keeps, in their order (upstream's FilterActivePods). */
export function filterActivePods(pods: readonly Pod[]): Pod[] {
  return pods.filter(isPodActive);
}

/** The most restarts of any regular container, and of any restartable init (sidecar) container. */
export function maxContainerRestarts(pod: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  let sidecar = 0;
  for (const s of pod.status?.containerStatuses ?? []) regular = Math.max(regular, s.restartCount ?? 0);
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const s of pod.status?.initContainerStatuses ?? []) if (sidecars.has(s.name)) sidecar = Math.max(sidecar, s.restartCount ?? 0);
  return { regular, sidecar };
}
