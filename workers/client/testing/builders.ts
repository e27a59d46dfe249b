/** Tiny object builders for the client tests. */
import type { KubeObject, OwnerReference } from '../../api/types';

/** A Pod with just enough fields for caches and indexes. */
export function makePod(
  name: string,
  opts: { namespace?: string; labels?: Record<string, string>; nodeName?: string; owners?: OwnerReference[] } = {},
): KubeObject {
  const metadata: KubeObject['metadata'] = { name, namespace: opts.namespace ?? 'default' };
  if (opts.labels) metadata.labels = opts.labels;
  if (opts.owners) metadata.ownerReferences = opts.owners;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: opts.nodeName ? { nodeName: opts.nodeName, containers: [] } : { containers: [] } };
}

/** The core pods resource. */
export const PODS = { group: '', version: 'v1', resource: 'pods' };
