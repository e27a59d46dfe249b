/**
 * The annotations a Deployment keeps on its ReplicaSets: revision and revision-history (which
 * template came when, and what a rollback returned to), desired-replicas and max-replicas (the
 * size the Deployment had when it last scaled each one, for proportional scaling).
 */
import { maxSurge, replicasOf, type DeploymentObject, type ReplicaSetObject } from './util';

/** The revision of a Deployment and of each of its ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions a rolled-back-to ReplicaSet had. */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** spec.replicas of the Deployment when it last sized the ReplicaSet. */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** spec.replicas + maxSurge of the Deployment when it last sized the ReplicaSet. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations that are not copied to ReplicaSets (upstream's annotationsToSkip). */
export const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);
/** Upstream's default --deployment-controller max revision history length in characters. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** The revision number of a ReplicaSet, 0 when absent or unparsable. */
export function revisionOf(o: { metadata: { annotations?: Record<string, string> } } | undefined): number {
  const v = o?.metadata.annotations?.[REVISION_ANNOTATION];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) ? n : 0;
}

/** The highest revision among ReplicaSets. */
export function maxRevision(rss: readonly ReplicaSetObject[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/** Integer value of an annotation, when it parses. */
export function intAnnotation(rs: ReplicaSetObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** Sets desired-replicas and max-replicas on a (cloned) ReplicaSet; true when that changed them. */
export function setReplicasAnnotations(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    a[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/** True when the replica annotations disagree with the Deployment's current size. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSetObject, d: DeploymentObject): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(replicasOf(d)) || a[MAX_REPLICAS_ANNOTATION] !== String(replicasOf(d) + maxSurge(d));
}

/**
 * Brings a (cloned) new ReplicaSet's annotations in line: the Deployment's own annotations, the new
 * revision (keeping the one it replaces in revision-history: that ReplicaSet is being rolled back
 * to), and for a ReplicaSet about to be created the replica annotations. True when changed.
 */
export function setNewReplicaSetAnnotations(d: DeploymentObject, rs: ReplicaSetObject, newRevision: number, exists: boolean): boolean {
  let changed = false;
  const a = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const had = a[REVISION_ANNOTATION];
  const old = had === undefined ? 0 : Number(had);
  if (had !== undefined && !Number.isInteger(old)) return false;
  if (old < newRevision) {
    a[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (had !== undefined) {
      const history = a[REVISION_HISTORY_ANNOTATION];
      const next = history ? `${history},${had}` : had;
      const parts = next.split(',');
      while (parts.length > 1 && parts.join(',').length > MAX_REVISION_HISTORY_CHARS) parts.shift();
      a[REVISION_HISTORY_ANNOTATION] = parts.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** Sets the Deployment's revision annotation; true when it changed. */
export function setDeploymentRevision(d: DeploymentObject, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION_ANNOTATION] === revision) return false;
  a[REVISION_ANNOTATION] = revision;
  return true;
}
