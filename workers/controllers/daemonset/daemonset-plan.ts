/**
 * The decisions of the DaemonSet controller over a snapshot (nodes, and the daemon pods by the node
 * they are for): which nodes need a pod and which pods must go (upstream's manage and
 * podsShouldBeOnNode), and the status counts. The rolling update step is in rolling-update.ts. The
 * controller turns the plans into API calls.
 */
import type { Pod as TypedPod } from 'kubernetes-types/core/v1';
import { isPodAvailable, isPodReady } from '../shared/pod-utils';
import { byScheduledThenAge, CONTROLLER_REVISION_HASH_LABEL, isPodUpdated, nodeShouldRunDaemonPod, templateGeneration, type DaemonSet, type Node, type Pod } from './daemon-pods';
import { failedPodsBackoffKey, type FailedPodsBackoff } from './failed-pods-backoff';

/** What one manage pass should do. */
export interface DaemonPlan {
  nodesNeedingPods: string[];
  podsToDelete: Pod[];
  /** Failed pods being deleted now (each gets a FailedDaemonPod event). */
  failedPods: { pod: Pod; node: string }[];
  /** A failed pod held back by its back-off: look again after this long. */
  requeueAfterMs?: number;
}

/** Both cases of a pod the manage loop replaces: Failed (with back-off) and Succeeded. */
const isTerminal = (p: Pod) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
const available = (p: Pod, ds: DaemonSet, nowMs: number) => isPodAvailable(p as TypedPod, ds.spec.minReadySeconds ?? 0, nowMs);

/** A RollingUpdate whose maxSurge resolves above zero for one pod (upstream's AllowsSurge). */
export function allowsSurge(ds: DaemonSet): boolean {
  return surgeCount(ds, 1) !== 0;
}

function scaledUp(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** maxSurge of `numberToSchedule` pods, rounded up; 0 unless RollingUpdate with one set (upstream's SurgeCount). */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || s?.rollingUpdate?.maxSurge === undefined) return 0;
  return scaledUp(s.rollingUpdate.maxSurge, numberToSchedule);
}

/** maxUnavailable of `numberToSchedule` pods, rounded up (upstream's UnavailableCount). */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !s?.rollingUpdate) return 0;
  return scaledUp(s.rollingUpdate.maxUnavailable ?? 1, numberToSchedule);
}

/** What one node needs (upstream's podsShouldBeOnNode); mutates `plan`. */
function podsShouldBeOnNode(plan: DaemonPlan, ds: DaemonSet, node: Node, pods: Pod[] | undefined, hash: string, backoff: FailedPodsBackoff, nowMs: number): void {
  const name = node.metadata.name!;
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  if (shouldRun && !pods) {
    plan.nodesNeedingPods.push(name);
    return;
  }
  if (!shouldContinueRunning) {
    if (pods) plan.podsToDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    return;
  }
  const running: Pod[] = [];
  for (const p of pods ?? []) {
    if (p.metadata.deletionTimestamp) continue;
    if (p.status?.phase === 'Failed') {
      const key = failedPodsBackoffKey(ds.metadata.uid ?? '', Number(ds.status?.observedGeneration ?? 0), name);
      if (backoff.isInBackOffSinceUpdate(key, nowMs)) {
        plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, backoff.get(key));
        continue;
      }
      backoff.next(key, nowMs);
      plan.failedPods.push({ pod: p, node: name });
      plan.podsToDelete.push(p);
    } else if (isTerminal(p)) {
      plan.podsToDelete.push(p);
    } else running.push(p);
  }
  running.sort(byScheduledThenAge);
  if (!allowsSurge(ds)) {
    // One pod per node: all but the oldest go.
    plan.podsToDelete.push(...running.slice(1));
    return;
  }
  if (running.length <= 1) {
    if (running.length === 0 && shouldRun) plan.nodesNeedingPods.push(name);
    return;
  }
  // Surging: the oldest new and the oldest old pod may share the node; any other goes. The old one
  // goes too once it is not ready, or once the new one is available.
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const p of running) {
    const isNew = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash;
    if (isNew && !oldestNew) oldestNew = p;
    else if (!isNew && !oldestOld) oldestOld = p;
    else plan.podsToDelete.push(p);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld as TypedPod) || available(oldestNew, ds, nowMs))) plan.podsToDelete.push(oldestOld);
}

/** Node names in a stable order (upstream iterates the lister's order; ours must be deterministic). */
export function sortedNodes(nodes: readonly Node[]): Node[] {
  return [...nodes].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
}

/**
 * Upstream's manage over every node, plus the unscheduled pods pinned to nodes that no longer exist
 * (the scheduler will never place them and the pod GC never sees them).
 */
export function planManage(ds: DaemonSet, nodes: readonly Node[], podsByNode: Map<string, Pod[]>, hash: string, backoff: FailedPodsBackoff, nowMs: number): DaemonPlan {
  const plan: DaemonPlan = { nodesNeedingPods: [], podsToDelete: [], failedPods: [] };
  for (const node of sortedNodes(nodes)) podsShouldBeOnNode(plan, ds, node, podsByNode.get(node.metadata.name!), hash, backoff, nowMs);
  const known = new Set(nodes.map((n) => n.metadata.name!));
  for (const name of [...podsByNode.keys()].sort()) {
    if (known.has(name)) continue;
    plan.podsToDelete.push(...podsByNode.get(name)!.filter((p) => !p.spec?.nodeName));
  }
  return plan;
}

/** DaemonSetStatus counts: the first four are always written, the others omitted at zero (omitempty). */
export interface DaemonCounts {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/** The status counts (upstream's updateDaemonSetStatus): per node, its oldest scheduled daemon pod counts. */
export function computeStatus(ds: DaemonSet, nodes: readonly Node[], podsByNode: Map<string, Pod[]>, hash: string, nowMs: number): DaemonCounts {
  const c: DaemonCounts = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const pods = podsByNode.get(node.metadata.name!) ?? [];
    const scheduled = pods.length > 0;
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (scheduled) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!scheduled) continue;
    c.currentNumberScheduled++;
    const pod = [...pods].sort(byScheduledThenAge)[0];
    if (isPodReady(pod as TypedPod)) {
      c.numberReady++;
      if (available(pod, ds, nowMs)) c.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}
