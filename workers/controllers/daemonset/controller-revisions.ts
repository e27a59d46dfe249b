/**
 * The ControllerRevisions a DaemonSet keeps (upstream's constructHistory, snapshot and
 * cleanupHistory): one per distinct template, named `<ds>-<hash>`, holding the strategic merge patch
 * that restores the template (what `kubectl rollout undo daemonset` applies). The revision matching
 * the current template carries the highest number; old ones beyond revisionHistoryLimit go once no
 * pod runs them.
 */
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import { isAlreadyExists } from '../api-errors';
import { newControllerRef } from '../shared/controller-ref';
import { canonicalJson, computeHash } from '../shared/template-hash';
import { CONTROLLER_REVISION_HASH_LABEL, type DaemonSet, type Pod } from './daemon-pods';
import { cloneJson } from '../../api/patch/json-values';

const REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };
const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets' };

/** apps/v1 ControllerRevision. */
export type ControllerRevision = KubeObject & { data?: unknown; revision: number };

/** The patch a revision stores: the whole template, replacing (upstream's getPatch). */
export function revisionData(ds: DaemonSet): unknown {
  return { spec: { template: { ...cloneJson(ds.spec.template), $patch: 'replace' } } };
}

/** The revision holds the DaemonSet's current template (upstream's Match). */
export function matchesRevision(ds: DaemonSet, r: ControllerRevision): boolean {
  return canonicalJson(r.data) === canonicalJson(revisionData(ds));
}

/** The revision a DaemonSet's current template is stored as. */
export function newRevision(ds: DaemonSet, hash: string, revision: number): ControllerRevision {
  const labels = { ...ds.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash };
  const metadata: KubeObject['metadata'] = { name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace, labels, ownerReferences: [newControllerRef(ds)] };
  if (ds.metadata.annotations) metadata.annotations = { ...ds.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, data: revisionData(ds), revision };
}

/** The current revision (its hash label is the pods' hash) and the old ones. */
export interface History {
  cur: ControllerRevision;
  old: ControllerRevision[];
}

const maxRevision = (rs: readonly ControllerRevision[]) => rs.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);

/**
 * Splits the DaemonSet's revisions into current and old, labelling legacy ones with their hash, and
 * creates the current one (or renumbers it after the newest, as a rollback needs) when missing.
 */
export async function constructHistory(client: Client, ds: DaemonSet, owned: readonly ControllerRevision[]): Promise<History> {
  const res = client.resource<ControllerRevision>(REVISIONS, ds.metadata.namespace);
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let r of owned) {
    if (r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === undefined) {
      // The name stands in for a hash, so no collision can arise.
      const copy = cloneJson(r);
      copy.metadata.labels = { ...copy.metadata.labels, [CONTROLLER_REVISION_HASH_LABEL]: copy.metadata.name! };
      r = await res.update(copy);
    }
    (matchesRevision(ds, r) ? current : old).push(r);
  }
  const next = maxRevision(old) + 1;
  if (current.length === 0) return { cur: await snapshot(client, ds, next), old };
  // Duplicates (upstream's dedupCurHistories) are left to the history clean-up: keep the newest.
  const cur = current.reduce((a, b) => (b.revision > a.revision ? b : a));
  old.push(...current.filter((r) => r !== cur));
  if (cur.revision >= next) return { cur, old };
  return { cur: await res.update({ ...cloneJson(cur), revision: next }), old };
}

/** Creates the revision of the current template; on a name clash with a different template bumps collisionCount. */
async function snapshot(client: Client, ds: DaemonSet, revision: number): Promise<ControllerRevision> {
  const collisionCount = ds.status?.collisionCount as number | undefined;
  const hash = computeHash(ds.spec.template, collisionCount);
  const res = client.resource<ControllerRevision>(REVISIONS, ds.metadata.namespace);
  try {
    return await res.create(newRevision(ds, hash, revision));
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await res.get(`${ds.metadata.name}-${hash}`);
    if (matchesRevision(ds, existing)) return existing;
    const dsClient = client.resource<DaemonSet>(DAEMONSETS, ds.metadata.namespace);
    const fresh = await dsClient.get(ds.metadata.name!);
    const freshCount = fresh.status?.collisionCount as number | undefined;
    if (freshCount !== collisionCount) {
      throw new Error(`found a stale collision count (${collisionCount ?? 0}, expected ${freshCount ?? 0}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`);
    }
    await dsClient.updateStatus({ ...fresh, status: { ...fresh.status, collisionCount: (freshCount ?? 0) + 1 } });
    throw err;
  }
}

/**
 * Deletes old revisions, lowest number first, until at most revisionHistoryLimit old ones are left,
 * skipping those a live pod (terminal ones included) still runs.
 */
export async function cleanupHistory(client: Client, ds: DaemonSet, old: readonly ControllerRevision[], pods: readonly Pod[]): Promise<void> {
  let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set<string>();
  for (const p of pods) {
    const h = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    if (h) live.add(h);
  }
  const res = client.resource(REVISIONS, ds.metadata.namespace);
  for (const r of [...old].sort((a, b) => a.revision - b.revision)) {
    if (toKill <= 0) break;
    if (live.has(r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '')) continue;
    await res.delete(r.metadata.name!);
    toKill--;
  }
}
