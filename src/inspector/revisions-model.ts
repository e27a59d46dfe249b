/**
 * A Deployment's rollout history as `kubectl rollout history` lists it: one row per ReplicaSet it
 * controls that carries a revision annotation, newest first, with what a person compares (images).
 */
import type { KubeObject } from '../../workers/api/types';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

export interface RevisionRow {
  revision: number;
  uid: string;
  name: string;
  /** `container=image` for each container of the ReplicaSet's template. */
  images: string[];
  replicas: number;
  readyReplicas: number;
  /** The Deployment's current revision (its template). */
  current: boolean;
  changeCause?: string;
}

type ReplicaSetLike = KubeObject & {
  spec?: { replicas?: number; template?: { spec?: { containers?: { name: string; image?: string }[] } } };
  status?: { readyReplicas?: number };
};

function revisionOf(o: KubeObject): number | undefined {
  const v = o.metadata.annotations?.[REVISION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The revisions of `deployment` among `objects` (any kinds), newest first. */
export function deploymentRevisions(deployment: KubeObject, objects: Iterable<KubeObject>): RevisionRow[] {
  const uid = deployment.metadata.uid;
  const current = revisionOf(deployment);
  const rows: RevisionRow[] = [];
  for (const o of objects) {
    if (o.kind !== 'ReplicaSet' || o.metadata.namespace !== deployment.metadata.namespace) continue;
    if (!o.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid)) continue;
    const revision = revisionOf(o);
    if (revision === undefined) continue;
    const rs = o as ReplicaSetLike;
    rows.push({
      revision,
      uid: o.metadata.uid ?? '',
      name: o.metadata.name ?? '',
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ''}`),
      replicas: rs.spec?.replicas ?? 0,
      readyReplicas: rs.status?.readyReplicas ?? 0,
      current: revision === current,
      ...(o.metadata.annotations?.[CHANGE_CAUSE] && { changeCause: o.metadata.annotations[CHANGE_CAUSE] }),
    });
  }
  return rows.sort((a, b) => b.revision - a.revision);
}
