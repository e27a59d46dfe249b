/** REST paths for a resource, as client-go builds them. */
import type { ResourceInfo } from '../api/registry';

/** `/api/v1/namespaces/default/pods/x`, `/apis/apps/v1/namespaces/default/deployments`, `/api/v1/nodes/n`. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let p = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${info.resource}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (name && subresource) p += `/${subresource}`;
  return p;
}
