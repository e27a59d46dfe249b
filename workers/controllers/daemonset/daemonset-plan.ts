/**
 * The pure decisions of the DaemonSet controller over a snapshot (nodes and the daemon pods by
 * node): which nodes need a pod and which pods must go (manage), the rolling update step, and the
 * status counts. The controller turns the plans into API calls.
 */
import { isPodAvailable, isPodReady } from '../shared/pod-utils';
import type { Pod as TypedPod } from 'kubernetes-types/core/v1';
import { CONTROLLER_REVISION_HASH_LABEL, nodeShouldRunDaemonPod, type DaemonSet, type Node, type Pod } from './daemon-pods';

/** What one sync should do. */
export interface DaemonPlan {
  nodesNeedingPods: string[];
  podsToDelete: Pod[];
  /** Failed pods being replaced (for the FailedDaemonPod events). */
  failedPods: { pod: Pod; node: string }[];
}

const byAge = (a: Pod, b: Pod) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name!.localeCompare(b.metadata.name!);

const hashOf = (p: Pod) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];

/** Surge is in play for a RollingUpdate with maxSurge above zero. */
function surging(ds: DaemonSet, desired: number): boolean {
  return ds.spec.updateStrategy?.type !== 'OnDelete' && rollingLimits(ds, desired).maxSurge > 0;
}

/** Upstream manage/podsShouldBeOnNode over every node, plus unscheduled pods pinned to missing nodes. */
export function planManage(ds: DaemonSet, nodes: Node[], podsByNode: Map<string, Pod[]>, hash: string): DaemonPlan {
  const plan: DaemonPlan = { nodesNeedingPods: [], podsToDelete: [], failedPods: [] };
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
  for (const node of [...nodes].sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))) {
    const name = node.metadata.name!;
    const pods = podsByNode.get(name) ?? [];
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    if (shouldRun && pods.length === 0) {
      plan.nodesNeedingPods.push(name);
      continue;
    }
    if (!shouldContinueRunning) {
      plan.podsToDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
      continue;
    }
    const running: Pod[] = [];
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      if (p.status?.phase === 'Failed') {
        // Replaced on a later sync, once the failed pod is gone.
        plan.podsToDelete.push(p);
        plan.failedPods.push({ pod: p, node: name });
        continue;
      }
      running.push(p);
    }
    running.sort(byAge);
    if (surging(ds, desired)) {
      // While surging a node may hold the oldest old pod and the oldest new one; nothing more.
      const newest = running.filter((p) => hashOf(p) === hash);
      const old = running.filter((p) => hashOf(p) !== hash);
      plan.podsToDelete.push(...newest.slice(1), ...old.slice(1));
    } else {
      plan.podsToDelete.push(...running.slice(1));
    }
  }
  const known = new Set(nodes.map((n) => n.metadata.name!));
  for (const [node, pods] of podsByNode) {
    if (known.has(node)) continue;
    plan.podsToDelete.push(...pods.filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp));
  }
  return plan;
}

function scaled(v: number | string | undefined, total: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

/** maxUnavailable and maxSurge against the desired pod count (both rounded up; never both zero). */
export function rollingLimits(ds: DaemonSet, desired: number): { maxUnavailable: number; maxSurge: number } {
  const ru = ds.spec.updateStrategy?.rollingUpdate;
  const maxSurge = scaled(ru?.maxSurge, desired, 0);
  let maxUnavailable = scaled(ru?.maxUnavailable, desired, 1);
  if (maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxUnavailable, maxSurge };
}

function splitPods(pods: Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (hashOf(p) === hash) {
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
 * One rolling update step (upstream rollingUpdate). Without surge: old pods that are unavailable go
 * first, then available ones while fewer than maxUnavailable nodes lack an available pod. Example:
 * 5 nodes, maxUnavailable 2, all old and available: two old pods are deleted now, the next two once
 * their replacements are available. With surge: a new pod is added next to an old one (up to
 * maxSurge at once) and the old one goes when the new one is available.
 */
export function planRollingUpdate(ds: DaemonSet, nodes: Node[], podsByNode: Map<string, Pod[]>, hash: string, nowMs: number): { podsToDelete: Pod[]; nodesNeedingPods: string[] } {
  const minReady = ds.spec.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p as TypedPod, minReady, nowMs);
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
  const { maxUnavailable, maxSurge } = rollingLimits(ds, desired);
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name!, n]));
  const names = [...podsByNode.keys()].sort();
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replace: Pod[] = [];
    const candidates: Pod[] = [];
    for (const name of names) {
      const { newPod, oldPod, ok } = splitPods(podsByNode.get(name)!, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) replace.push(oldPod!);
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod!);
    }
    const budget = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replace, ...candidates.slice(0, budget)], nodesNeedingPods: [] };
  }
  let numSurge = 0;
  const podsToDelete: Pod[] = [];
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  for (const name of names) {
    const { newPod, oldPod, ok } = splitPods(podsByNode.get(name)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    const node = nodeByName.get(name);
    if (oldPod && (!node || !nodeShouldRunDaemonPod(node, ds).shouldRun)) {
      podsToDelete.push(oldPod);
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) allowedNew.push(name);
      else if (numSurge < maxSurge) candidateNew.push(name);
      continue;
    }
    if (!available(newPod)) numSurge++;
    else podsToDelete.push(oldPod);
  }
  const budget = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
  return { podsToDelete, nodesNeedingPods: [...allowedNew, ...candidateNew.slice(0, budget)] };
}

/** The DaemonSet status counts (upstream updateDaemonSetStatus). */
export function computeStatus(ds: DaemonSet, nodes: Node[], podsByNode: Map<string, Pod[]>, hash: string, nowMs: number): Record<string, number> {
  let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
  for (const node of nodes) {
    const pods = (podsByNode.get(node.metadata.name!) ?? []).filter((p) => !p.metadata.deletionTimestamp).sort(byAge);
    const scheduled = pods.length > 0;
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const pod = pods[0];
    if (isPodReady(pod as TypedPod)) {
      ready++;
      if (isPodAvailable(pod as TypedPod, ds.spec.minReadySeconds ?? 0, nowMs)) available++;
    }
    if (hashOf(pod) === hash) updated++;
  }
  return {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 0,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}
