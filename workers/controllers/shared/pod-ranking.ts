/**
 * Which pods a controller deletes first when it scales down (upstream's ActivePodsWithRanks with
 * LogarithmicScaleDown): the ones that cost least to lose come first.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { isPodActive, isPodReady, maxContainerRestarts, podReadyCondition, timeMs } from './pod-utils';

/** The annotation that lets users order deletions (lower goes first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOrdinal(pod: Pod): number {
  return PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;
}

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

/** floor(log2(age in ns)), the bucket two timestamps are compared in; -1 for no age (upstream's logarithmicRankDiff). */
function logRank(tMs: number, nowMs: number): number {
  const ageNs = (nowMs - tMs) * 1e6;
  return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
}

/**
 * Newer first: negative when `a` sorts before `b`. Times in the same power-of-two age bucket tie,
 * broken by UID, so a scale-down does not always pick the very newest pod.
 */
function compareTimes(a: number | undefined, b: number | undefined, pa: Pod, pb: Pod, nowMs: number): number {
  if (a === b) return 0;
  // A zero time sorts first; otherwise the later time first (upstream's afterOrZero).
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const diff = logRank(a, nowMs) - logRank(b, nowMs);
  if (diff !== 0) return diff;
  const ua = pa.metadata?.uid ?? '';
  const ub = pb.metadata?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** A pod and its rank: how many related active pods share its node (more goes first). */
export interface RankedPod {
  pod: Pod;
  rank: number;
}

/** Upstream's ActivePodsWithRanks.Less as a comparator. */
export function compareForDeletion(x: RankedPod, y: RankedPod, nowMs: number): number {
  const a = x.pod;
  const b = y.pod;
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  if (phaseOrdinal(a) !== phaseOrdinal(b)) return phaseOrdinal(a) - phaseOrdinal(b);
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
  if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) - deletionCost(b);
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (isPodReady(a) && isPodReady(b)) {
    const readyA = timeMs(podReadyCondition(a)?.lastTransitionTime);
    const readyB = timeMs(podReadyCondition(b)?.lastTransitionTime);
    const c = compareTimes(readyA, readyB, a, b, nowMs);
    if (c !== 0) return c;
  }
  // More restarts first: regular containers, then sidecars.
  const ra = maxContainerRestarts(a);
  const rb = maxContainerRestarts(b);
  if (ra.regular !== rb.regular) return rb.regular - ra.regular;
  if (ra.sidecar !== rb.sidecar) return rb.sidecar - ra.sidecar;
  return compareTimes(timeMs(a.metadata?.creationTimestamp), timeMs(b.metadata?.creationTimestamp), a, b, nowMs);
}

/**
 * The `count` pods to delete out of `pods`, ranking each by the active `related` pods (those of the
 * same controller, or of sibling ReplicaSets) on its node, as upstream's getPodsToDelete.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], count: number, nowMs: number): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  const onNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (node && isPodActive(p)) onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked: RankedPod[] = pods.map((pod) => ({ pod, rank: pod.spec?.nodeName ? (onNode.get(pod.spec.nodeName) ?? 0) : 0 }));
  // Array.prototype.sort is stable, so equal pods keep their cache order.
  ranked.sort((x, y) => compareForDeletion(x, y, nowMs));
  return ranked.slice(0, count).map((r) => r.pod);
}
