/**
 * The DaemonSet RollingUpdate step (upstream's rollingUpdate in update.go), over the daemon pods by
 * node after manage has run. The manage loop keeps at most one pod per node (two while surging) and
 * creates missing pods; this step only picks old pods to delete, or nodes to surge onto.
 *
 * Without surge, example: 5 nodes, maxUnavailable 2, every pod old and available. Two old pods are
 * deleted now; manage recreates them at the new revision; while those are unavailable they use up the
 * budget, and the next two old pods go once they are available. An old pod that is not available is
 * replaced at once: losing it costs nothing.
 *
 * With maxSurge 1 (maxUnavailable 0): a new pod is created next to one available old pod; once the new
 * one is available the old one is deleted and the next node is surged onto.
 */
import type { Pod as TypedPod } from 'kubernetes-types/core/v1';
import { isPodAvailable } from '../shared/pod-utils';
import { isPodUpdated, nodeShouldRunDaemonPod, templateGeneration, type DaemonSet, type Node, type Pod } from './daemon-pods';
import { surgeCount, unavailableCount } from './daemonset-plan';

/** What one rolling update step does. */
export interface RollingStep {
  podsToDelete: Pod[];
  nodesNeedingPods: string[];
}

/** The non-deleted new and old pod of a node; `ok` false when there are several of either (upstream's findUpdatedPodsOnNode). */
function findUpdatedPodsOnNode(ds: DaemonSet, pods: Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  const generation = templateGeneration(ds);
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

/**
 * maxSurge, maxUnavailable and the desired count (upstream's updatedDesiredNodeCounts); every node
 * that should run a pod gets an entry, empty when it has none, so it counts as unavailable.
 */
export function desiredNodeCounts(ds: DaemonSet, nodes: readonly Node[], podsByNode: Map<string, Pod[]>): { maxSurge: number; maxUnavailable: number; desired: number } {
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!podsByNode.has(node.metadata.name!)) podsByNode.set(node.metadata.name!, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  // Both zero cannot make progress: accept one unavailable pod.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desired };
}

/** One rolling update step; see the file comment. `podsByNode` gains empty entries for pod-less nodes. */
export function planRollingUpdate(ds: DaemonSet, nodes: readonly Node[], podsByNode: Map<string, Pod[]>, hash: string, nowMs: number): RollingStep {
  const { maxSurge, maxUnavailable, desired } = desiredNodeCounts(ds, nodes, podsByNode);
  const available = (p: Pod) => isPodAvailable(p as TypedPod, ds.spec.minReadySeconds ?? 0, nowMs);
  const names = [...podsByNode.keys()].sort();
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replacements: Pod[] = [];
    const candidates: Pod[] = [];
    for (const name of names) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, podsByNode.get(name)!, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) replacements.push(oldPod!);
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod!);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replacements, ...candidates.slice(0, remaining)], nodesNeedingPods: [] };
  }
  return surgeStep(ds, nodes, podsByNode, names, hash, maxSurge, desired, available);
}

function surgeStep(
  ds: DaemonSet,
  nodes: readonly Node[],
  podsByNode: Map<string, Pod[]>,
  names: string[],
  hash: string,
  maxSurge: number,
  desired: number,
  available: (p: Pod) => boolean,
): RollingStep {
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name!, n]));
  const shouldRun = (name: string) => {
    const node = nodeByName.get(name);
    return !!node && nodeShouldRunDaemonPod(node, ds).shouldRun;
  };
  const podsToDelete: Pod[] = [];
  const shouldNotRun: Pod[] = [];
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const name of names) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, podsByNode.get(name)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    const counted = oldPod ?? newPod;
    if (counted && available(counted)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(name)) podsToDelete.push(oldPod);
        else allowedNew.push(name);
      } else if (!shouldRun(name)) shouldNotRun.push(oldPod);
      else if (numSurge < maxSurge) candidateNew.push(name);
      continue;
    }
    if (!available(newPod)) numSurge++;
    else podsToDelete.push(oldPod);
  }
  // An available pod on a node it no longer belongs on goes only once enough others are available.
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
  podsToDelete.push(...shouldNotRun.slice(0, deletable));
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
  return { podsToDelete, nodesNeedingPods: [...allowedNew, ...candidateNew.slice(0, remaining)] };
}
