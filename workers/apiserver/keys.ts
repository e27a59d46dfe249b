/** Storage keys, as kube-apiserver lays them out in etcd: `/registry/<resource>/<ns>/<name>`. */
import type { ResourceInfo } from '../api/registry';

/**
 * The storage resource of a served resource. Versions of one group share their storage, and so do the
 * groups that serve one kind (core and events.k8s.io Events), as upstream's etcd layout.
 */
export function storageResource(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return info.resource;
}

/** The key prefix every object of a resource (optionally in one namespace) lives under, with a trailing `/`. */
export function keyPrefix(info: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace?: string): string {
  const base = `/registry/${storageResource(info)}/`;
  return info.namespaced && namespace ? `${base}${namespace}/` : base;
}

/** The key of one object. */
export function objectKey(info: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace: string, name: string): string {
  return info.namespaced ? `/registry/${storageResource(info)}/${namespace}/${name}` : `/registry/${storageResource(info)}/${name}`;
}

/** Keys for kinds the apiserver itself reads (RBAC, admission), independent of the registry. */
export const coreKeys = {
  namespace: (name: string) => `/registry/namespaces/${name}`,
  clusterRoles: '/registry/clusterroles/',
  clusterRole: (name: string) => `/registry/clusterroles/${name}`,
  clusterRoleBindings: '/registry/clusterrolebindings/',
  role: (ns: string, name: string) => `/registry/roles/${ns}/${name}`,
  roleBindings: (ns: string) => `/registry/rolebindings/${ns}/`,
  allRoleBindings: '/registry/rolebindings/',
  serviceAccount: (ns: string, name: string) => `/registry/serviceaccounts/${ns}/${name}`,
  limitRanges: (ns: string) => `/registry/limitranges/${ns}/`,
  resourceQuotas: (ns: string) => `/registry/resourcequotas/${ns}/`,
  priorityClasses: '/registry/priorityclasses/',
  priorityClass: (name: string) => `/registry/priorityclasses/${name}`,
  pods: (ns: string) => `/registry/pods/${ns}/`,
  pdbs: (ns: string) => `/registry/poddisruptionbudgets/${ns}/`,
};
