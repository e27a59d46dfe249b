/**
 * The ControllerRevisions a DaemonSet keeps (upstream constructHistory/cleanupHistory): one per
 * distinct template, named `<ds>-<hash>`, the current one carrying the highest revision number, and
 * old ones beyond revisionHistoryLimit deleted once no pod runs them.
 */
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import { isAlreadyExists, isNotFound } from '../api-errors';
import { newControllerRef } from '../shared/controller-ref';
import { CONTROLLER_REVISION_HASH_LABEL, type DaemonSet } from './daemon-pods';

const REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };

/** apps/v1 ControllerRevision. */
export type ControllerRevision = KubeObject & { data?: unknown; revision: number };

/** The revision a DaemonSet's current template is stored as. */
export function newRevision(ds: DaemonSet, hash: string, revision: number): ControllerRevision {
  const labels = { ...ds.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash };
  const metadata: KubeObject['metadata'] = { name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace, labels, ownerReferences: [newControllerRef(ds)] };
  if (ds.metadata.annotations) metadata.annotations = { ...ds.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, data: { spec: { template: { ...ds.spec.template, $patch: 'replace' } } }, revision };
}

/** Makes sure the current template's revision exists and is the newest. */
export async function ensureRevision(client: Client, ds: DaemonSet, hash: string, owned: ControllerRevision[]): Promise<void> {
  const res = client.resource<ControllerRevision>(REVISIONS, ds.metadata.namespace);
  const max = owned.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  const current = owned.find((r) => r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash);
  if (current) {
    // A rollback to an older template makes its revision the newest again.
    if (current.revision < max) await res.update({ ...structuredClone(current), revision: max + 1 });
    return;
  }
  try {
    await res.create(newRevision(ds, hash, max + 1));
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/** Deletes the oldest revisions beyond the history limit that no live pod uses. */
export async function cleanupHistory(client: Client, ds: DaemonSet, hash: string, owned: ControllerRevision[], liveHashes: Set<string>): Promise<void> {
  const limit = ds.spec.revisionHistoryLimit ?? 10;
  const old = owned
    .filter((r) => { const h = r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]; return h !== hash && !liveHashes.has(h ?? ''); })
    .sort((a, b) => a.revision - b.revision);
  const res = client.resource(REVISIONS, ds.metadata.namespace);
  for (const r of old.slice(0, Math.max(0, old.length - limit))) {
    try {
      await res.delete(r.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
