/**
 * Which changes can make an unschedulable pod schedulable, so the scheduler does not requeue every
 * pending pod on each node heartbeat or pod status update (upstream's nodeSchedulingPropertiesChange
 * and the queueing hints of NodeResourcesFit, InterPodAffinity and PodTopologySpread, coarsened).
 */
import type { Node, Pod } from './framework/types';

// Unchanged parts of a stored object are often the very same objects; compare by value only when not.
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** True when spec.unschedulable, allocatable, labels, taints or conditions changed. */
export function nodeSchedulingPropertiesChanged(oldNode: Node, node: Node): boolean {
  if (oldNode === node) return false;
  if ((oldNode.spec?.unschedulable ?? false) !== (node.spec?.unschedulable ?? false)) return true;
  if (!same(oldNode.status?.allocatable, node.status?.allocatable)) return true;
  if (!same(oldNode.metadata.labels, node.metadata.labels)) return true;
  if (!same(oldNode.spec?.taints, node.spec?.taints)) return true;
  return conditionsText(oldNode) !== conditionsText(node);
}

function conditionsText(n: Node): string {
  return (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
}

/** True when an assigned pod's labels or resource requests changed, or it started terminating. */
export function assignedPodUpdateMatters(oldPod: Pod, pod: Pod): boolean {
  if (oldPod === pod) return false;
  if (!same(oldPod.metadata.labels, pod.metadata.labels)) return true;
  if (!oldPod.metadata.deletionTimestamp !== !pod.metadata.deletionTimestamp) return true;
  return !same(containerRequests(oldPod), containerRequests(pod));
}

// Module-level helpers, not closures per call: a named closure costs a defineProperty per call under keepNames (tsx).
function containerRequests(p: Pod): unknown[] {
  return (p.spec.containers ?? []).map((c) => c.resources?.requests ?? null);
}
