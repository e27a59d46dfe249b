/** REST paths for a resource, as client-go builds them. */
import { resourceForKind, type ResourceInfo } from '../api/registry';

/** `/api/v1/namespaces/default/pods/x`, `/apis/apps/v1/namespaces/default/deployments`, `/api/v1/nodes/n`. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let p = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${info.resource}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (name && subresource) p += `/${subresource}`;
  return p;
}

/**
 * The path of one object named as kubectl names it (apiVersion, kind, namespace, name), or of its
 * collection without a name; namespaced kinds default to `default`. Undefined for a kind the
 * registry does not serve.
 */
export function objectPath(ref: { apiVersion: string; kind: string; namespace?: string; name?: string }): { info: ResourceInfo; path: string } | undefined {
  const info = resourceForKind(ref.apiVersion, ref.kind);
  if (!info) return undefined;
  return { info, path: resourcePath(info, info.namespaced ? (ref.namespace ?? 'default') : undefined, ref.name) };
}
