/**
 * One DaemonSet sync (upstream's syncDaemonSet, updateDaemonSet, syncNodes and
 * updateDaemonSetStatus): history first, then, once earlier creations and deletions were observed,
 * manage, the rolling update step and history clean-up; the status every time.
 */
import type { Client } from '../../client/client';
import type { EventRecorder } from '../../client/component';
import type { ControllerExpectations } from '../../client/expectations';
import type { Clock } from '../../sim/types';
import { isNamespaceTerminating, isNotFound } from '../api-errors';
import { SLOW_START_INITIAL_BATCH_SIZE } from '../shared/slow-start';
import { cleanupHistory, constructHistory, type ControllerRevision } from './controller-revisions';
import { CONTROLLER_REVISION_HASH_LABEL, newDaemonPod, type DaemonSet, type Node, type Pod } from './daemon-pods';
import { computeStatus, planManage, sortedNodes, type DaemonCounts } from './daemonset-plan';
import type { FailedPodsBackoff } from './failed-pods-backoff';
import { planRollingUpdate } from './rolling-update';
import { cloneJson } from '../../api/patch/json-values';

const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

/** Upstream's BurstReplicas for DaemonSets: at most this many creations, and deletions, per pass. */
export const DAEMONSET_BURST_REPLICAS = 250;

/** What a sync needs from its controller. */
export interface DaemonSyncDeps {
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
  expectations: ControllerExpectations;
  backoff: FailedPodsBackoff;
  burstReplicas: number;
  nodes(): Node[];
  /** The DaemonSet's ControllerRevisions after adoption and release. */
  claimRevisions(ds: DaemonSet): Promise<ControllerRevision[]>;
  /** Adopts its matching orphan pods and releases its non-matching ones. */
  claimPods(ds: DaemonSet): Promise<void>;
  /** Its pods by target node, read from the cache now; deleted terminal pods only when asked. */
  podsByNode(ds: DaemonSet, includeDeletedTerminal: boolean): Map<string, Pod[]>;
  enqueueAfter(ms: number): void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Converges one DaemonSet that exists in the cache. */
export async function syncDaemonSet(deps: DaemonSyncDeps, ds: DaemonSet, key: string): Promise<void> {
  const sel = ds.spec.selector;
  if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    deps.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
    return;
  }
  // Its history may be half gone while it is deleted: no status can be trusted then.
  if (ds.metadata.deletionTimestamp) return;
  const nodes = sortedNodes(deps.nodes());
  const { cur, old } = await constructHistory(deps.client, ds, await deps.claimRevisions(ds));
  const hash = cur.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
  await deps.claimPods(ds);
  if (!deps.expectations.satisfiedExpectations(key)) {
    // Status only, without raising observedGeneration: this generation was not acted on.
    return updateDaemonSetStatus(deps, ds, nodes, hash, false);
  }
  let err: unknown;
  try {
    await updateDaemonSet(deps, ds, nodes, hash, key, old);
  } catch (e) {
    err = e;
  }
  try {
    await updateDaemonSetStatus(deps, ds, nodes, hash, true);
  } catch (statusErr) {
    err ??= statusErr;
  }
  if (err !== undefined) throw err;
}

async function updateDaemonSet(deps: DaemonSyncDeps, ds: DaemonSet, nodes: Node[], hash: string, key: string, old: ControllerRevision[]): Promise<void> {
  const now = deps.clock.now();
  const plan = planManage(ds, nodes, deps.podsByNode(ds, false), hash, deps.backoff, now);
  for (const f of plan.failedPods) {
    deps.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${f.pod.metadata.namespace}/${f.pod.metadata.name} on node ${f.node}, will try to kill it`);
  }
  if (plan.requeueAfterMs !== undefined) deps.enqueueAfter(plan.requeueAfterMs);
  await syncNodes(deps, ds, key, plan.podsToDelete, plan.nodesNeedingPods, hash);
  if (deps.expectations.satisfiedExpectations(key) && (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    // Read the cache afresh: manage may have just acted and its writes may already be observed.
    const step = planRollingUpdate(ds, nodes, deps.podsByNode(ds, false), hash, deps.clock.now());
    await syncNodes(deps, ds, key, step.podsToDelete, step.nodesNeedingPods, hash);
  }
  const all = [...deps.podsByNode(ds, true).values()].flat();
  await cleanupHistory(deps.client, ds, old, all);
}

/** Creates pods for nodes in slow-start batches and deletes pods, under expectations, with upstream's events. */
export async function syncNodes(deps: DaemonSyncDeps, ds: DaemonSet, key: string, podsToDelete: Pod[], nodesNeedingPods: string[], hash: string): Promise<void> {
  const createDiff = Math.min(nodesNeedingPods.length, deps.burstReplicas);
  const deleteDiff = Math.min(podsToDelete.length, deps.burstReplicas);
  deps.expectations.setExpectations(key, createDiff, deleteDiff);
  const res = deps.client.resource<Pod>(PODS, ds.metadata.namespace);
  const errors: unknown[] = [];
  const create = async (node: string) => {
    try {
      const made = await res.create(newDaemonPod(ds, node, hash));
      deps.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
    } catch (err) {
      // Every later create fails the same way in a terminating namespace: not an error.
      if (isNamespaceTerminating(err)) return;
      deps.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      deps.expectations.creationObserved(key);
      errors.push(err);
    }
  };
  let pos = 0;
  for (let batch = Math.min(createDiff, SLOW_START_INITIAL_BATCH_SIZE); pos < createDiff; batch = Math.min(2 * batch, createDiff - pos)) {
    const before = errors.length;
    await Promise.all(nodesNeedingPods.slice(pos, pos + batch).map(create));
    pos += batch;
    const skipped = createDiff - pos;
    if (errors.length > before && skipped > 0) {
      // Never attempted, so never observed; the next sync tries again.
      deps.expectations.lowerExpectations(key, skipped, 0);
      break;
    }
  }
  await Promise.all(
    podsToDelete.slice(0, deleteDiff).map(async (p) => {
      try {
        await res.delete(p.metadata.name!);
        deps.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (err) {
        deps.expectations.deletionObserved(key);
        if (isNotFound(err)) return;
        deps.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
        errors.push(new Error(`unable to delete pods: ${messageOf(err)}`, { cause: err }));
      }
    }),
  );
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new Error(`[${errors.map(messageOf).join(', ')}]`, { cause: errors[0] });
}

const REQUIRED = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'] as const;
const OPTIONAL = ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const;

/** The status to write: the counts in, zero optional counts out, observedGeneration raised when asked. */
function nextStatus(status: Record<string, unknown> | undefined, counts: DaemonCounts, generation: number | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...status };
  for (const f of REQUIRED) out[f] = counts[f];
  for (const f of OPTIONAL) {
    if (counts[f] === 0) delete out[f];
    else out[f] = counts[f];
  }
  if (generation !== undefined) out.observedGeneration = generation;
  return out;
}

/** Writes the counts when they changed or the generation is unobserved; one retry on a fresh read (upstream's storeDaemonSetStatus). */
export async function updateDaemonSetStatus(deps: DaemonSyncDeps, ds: DaemonSet, nodes: Node[], hash: string, updateObservedGen: boolean): Promise<void> {
  const counts = computeStatus(ds, nodes, deps.podsByNode(ds, false), hash, deps.clock.now());
  const status = (ds.status ?? {}) as Record<string, unknown>;
  const generation = ds.metadata.generation ?? 0;
  const same = [...REQUIRED, ...OPTIONAL].every((f) => Number(status[f] ?? 0) === counts[f]);
  if (!(same && Number(status.observedGeneration ?? 0) >= generation)) {
    const client = deps.client.resource<DaemonSet>(DAEMONSETS, ds.metadata.namespace);
    let current = ds;
    for (let attempt = 0; ; attempt++) {
      const next = { ...cloneJson(current), status: nextStatus(current.status, counts, updateObservedGen ? generation : undefined) };
      try {
        await client.updateStatus(next);
        break;
      } catch (err) {
        if (attempt >= 1) throw err;
        current = await client.get(ds.metadata.name!);
      }
    }
  }
  // A last look once pods ready now have been so for minReadySeconds.
  const minReady = ds.spec.minReadySeconds ?? 0;
  if (minReady > 0 && counts.numberReady !== counts.numberAvailable) deps.enqueueAfter(minReady * 1000);
}
