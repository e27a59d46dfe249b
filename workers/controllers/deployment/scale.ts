/**
 * Scaling ReplicaSets for a Deployment (upstream's sync.go): one ReplicaSet at a time with its
 * ScalingReplicaSet event, proportional scaling of every active ReplicaSet when the Deployment is
 * resized mid-rollout, and the revisionHistoryLimit cleanup of old ReplicaSets.
 */
import { isApiError } from '../../api/errors';
import { DESIRED_REPLICAS_ANNOTATION, intAnnotation, MAX_REPLICAS_ANNOTATION, replicasAnnotationsNeedUpdate, revisionOf, setReplicasAnnotations } from './annotations';
import { eventf, REPLICASETS, type DeploymentSyncContext } from './sync-context';
import { byCreation, bySize, filterActive, isRollingUpdate, maxSurge, replicasOf, specReplicaCount, type ReplicaSetObject } from './util';
import { cloneJson } from '../../api/patch/json-values';

/**
 * Sets a ReplicaSet's size (and replica annotations) with an update; records the event when the size
 * changed. Returns whether it scaled and the ReplicaSet as written.
 */
export async function scaleReplicaSet(ctx: DeploymentSyncContext, rs: ReplicaSetObject, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
  const d = ctx.d;
  const sizeChanged = replicasOf(rs) !== newScale;
  if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, d)) return { scaled: false, rs };
  const oldScale = replicasOf(rs);
  const copy = cloneJson(rs);
  copy.spec = { ...copy.spec!, replicas: newScale };
  setReplicasAnnotations(copy, replicasOf(d), replicasOf(d) + maxSurge(d));
  const written = await ctx.client.resource<ReplicaSetObject>(REPLICASETS, rs.metadata.namespace).update(copy);
  if (sizeChanged) eventf(ctx, 'Normal', 'ScalingReplicaSet', 'Scaled %s replica set %s from %d to %d', oldScale < newScale ? 'up' : 'down', written.metadata.name, oldScale, newScale);
  return { scaled: sizeChanged, rs: written };
}

/** scaleReplicaSet, only when the size differs. */
export async function scaleAndRecord(ctx: DeploymentSyncContext, rs: ReplicaSetObject, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale);
}

/** The one active ReplicaSet, or the newest when none is active; undefined when several are. */
function activeOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort(byCreation).reverse();
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** The new ReplicaSet holds all replicas, all available, at the Deployment's current size. */
function isSaturated(ctx: DeploymentSyncContext, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const replicas = replicasOf(ctx.d);
  return replicasOf(rs) === replicas && intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION) === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** The change of `rs`'s size that keeps its share of the Deployment after a resize (upstream's getReplicaSetFraction). */
function fraction(ctx: DeploymentSyncContext, rs: ReplicaSetObject): number {
  const d = ctx.d;
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const maxNow = replicasOf(d) + maxSurge(d);
  let maxBefore = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  // Without the annotation (someone scaled by hand) fall back to the Deployment's current size.
  if (!maxBefore) maxBefore = d.status?.replicas ?? 0;
  if (!maxBefore) return 0;
  const size = (replicasOf(rs) * maxNow) / maxBefore;
  // Go's math.Round: halves away from zero.
  return Math.sign(size) * Math.round(Math.abs(size)) - replicasOf(rs);
}

function proportion(ctx: DeploymentSyncContext, rs: ReplicaSetObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const f = fraction(ctx, rs);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

/**
 * Brings the ReplicaSets to the Deployment's size (upstream's scale): a lone active ReplicaSet takes
 * it all; a saturated new one sends the old ones to zero; otherwise, during a rolling update, the
 * difference is spread in proportion to each ReplicaSet's size, leftovers to the largest.
 */
export async function scaleDeployment(ctx: DeploymentSyncContext, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): Promise<void> {
  const d = ctx.d;
  const lone = activeOrLatest(newRS, oldRSs);
  if (lone) {
    if (replicasOf(lone) !== replicasOf(d)) await scaleAndRecord(ctx, lone, replicasOf(d));
    return;
  }
  if (isSaturated(ctx, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleAndRecord(ctx, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(all);
  // Same-sized ReplicaSets: scaling up favours the newer, scaling down the older.
  if (toAdd !== 0) all.sort(bySize(toAdd > 0));
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const p = proportion(ctx, rs, toAdd, added);
    added += p;
    return replicasOf(rs) + p;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  for (let i = 0; i < all.length; i++) await scaleReplicaSet(ctx, all[i], sizes[i]);
}

/** True when an active ReplicaSet was last sized for a different Deployment size (upstream's isScalingEvent). */
export function isScalingEvent(ctx: DeploymentSyncContext, all: (ReplicaSetObject | undefined)[]): boolean {
  return filterActive(all).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return desired !== undefined && desired !== replicasOf(ctx.d);
  });
}

/** Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit (upstream's cleanupDeployment). */
export async function cleanupDeployment(ctx: DeploymentSyncContext, oldRSs: ReplicaSetObject[]): Promise<void> {
  const limit = ctx.d.spec?.revisionHistoryLimit;
  // MaxInt32 means "keep everything", as no limit does.
  if (limit === undefined || limit === 2147483647) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  const client = ctx.client.resource<ReplicaSetObject>(REPLICASETS, ctx.d.metadata.namespace);
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      await client.delete(rs.metadata.name!);
    } catch (err) {
      if (!isApiError(err) || err.status.code !== 404) throw err;
    }
  }
}
