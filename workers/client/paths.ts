/** REST paths as the real Kubernetes API lays them out (`/api/v1/...`, `/apis/<group>/<version>/...`). */

/** A resource's group, version and plural name (`{group: 'apps', version: 'v1', resource: 'deployments'}`). */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPrefix(gvr: Pick<GroupVersionResource, 'group' | 'version'>): string {
  return gvr.group === '' ? `/api/${gvr.version}` : `/apis/${gvr.group}/${gvr.version}`;
}

/**
 * The path of a collection, an object or an object's subresource:
 * `/api/v1/namespaces/default/pods/x/binding`, `/apis/apps/v1/deployments` (all namespaces), `/api/v1/nodes/n1`.
 */
export function resourcePath(gvr: GroupVersionResource, namespace?: string, name?: string, subresource?: string): string {
  let p = groupVersionPrefix(gvr);
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${gvr.resource}`;
  if (name !== undefined) {
    if (name === '') throw new Error(`resource name may not be empty`);
    p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
  } else if (subresource) {
    throw new Error(`subresource ${subresource} needs an object name`);
  }
  return p;
}

/** The informer/workqueue key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function metaNamespaceKey(meta: { namespace?: string; name?: string }): string {
  return meta.namespace ? `${meta.namespace}/${meta.name ?? ''}` : (meta.name ?? '');
}

/** Splits a `namespace/name` key (cluster-scoped keys have no slash). */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  if (i < 0) return { namespace: '', name: key };
  if (key.indexOf('/', i + 1) >= 0) throw new Error(`unexpected key format: "${key}"`);
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
