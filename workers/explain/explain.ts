/**
 * One-line explanations of trace records for people ("kube-scheduler binds pod web-x to worker-1"):
 * who sent a request (the component behind a user name), what it did, and how it ended; and which
 * component a watch event told of what. The words live in ./i18n (English and Simplified Chinese);
 * this module only picks a message id and its parameters.
 */
import type { TraceRecord, WatchTraceRecord } from '../apiserver/trace';

/** A translatable line: `id` names a template in ./i18n, `params` fill its `{placeholders}`. */
export interface Explanation {
  id: string;
  params: Record<string, string>;
}

/** The component behind a user name, as the architecture view labels its boxes. */
export interface ComponentRef {
  /** `kube-scheduler`, `kube-controller-manager`, `kubelet`, `kube-proxy`, `kubectl`, `user`... */
  component: string;
  /** The controller (`replicaset-controller`), node (`worker-1`) or user name, when there is one. */
  detail?: string;
}

const SA = 'system:serviceaccount:';
const KUBE_SYSTEM_ADDONS: ReadonlySet<string> = new Set(['coredns', 'default', 'kube-proxy']);

/** Maps a request's user to the component that made it. */
export function componentOf(user: string): ComponentRef {
  if (user === 'system:kube-scheduler') return { component: 'kube-scheduler' };
  if (user === 'system:kube-controller-manager') return { component: 'kube-controller-manager' };
  if (user.startsWith('system:node:')) return { component: 'kubelet', detail: user.slice('system:node:'.length) };
  if (user === `${SA}kube-system:kube-proxy`) return { component: 'kube-proxy' };
  // kube-controller-manager runs each controller as its own ServiceAccount in kube-system
  // (--use-service-account-credentials); the add-ons there (coredns) are clients of their own.
  if (user.startsWith(`${SA}kube-system:`) && !KUBE_SYSTEM_ADDONS.has(user.slice(`${SA}kube-system:`.length))) {
    return { component: 'kube-controller-manager', detail: user.slice(`${SA}kube-system:`.length) };
  }
  if (user === 'kubernetes-admin' || user === 'kubernetes-super-admin') return { component: 'kubectl', detail: user };
  if (user.startsWith('system:apiserver') || user === 'system:kube-apiserver') return { component: 'kube-apiserver' };
  return { component: 'user', detail: user };
}

/** "kube-controller-manager (replicaset-controller)", "kubelet on worker-1": the parameters a template uses. */
function whoParams(user: string): Record<string, string> {
  const c = componentOf(user);
  return { component: c.component, detail: c.detail ?? '', user };
}

function singular(resource: string): string {
  if (resource.endsWith('ies')) return `${resource.slice(0, -3)}y`;
  if (resource.endsWith('sses') || resource.endsWith('ches')) return resource.slice(0, -2);
  return resource.endsWith('s') ? resource.slice(0, -1) : resource;
}

/** A created object's name (generateName), from the storage stage: `created /registry/pods/ns/name`. */
function createdName(r: TraceRecord): string {
  const detail = r.stages.find((s) => s.stage === 'storage' && s.outcome === 'ok')?.detail ?? '';
  return detail.startsWith('created ') ? detail.slice(detail.lastIndexOf('/') + 1) : '';
}

function outcomeId(code: number): string | undefined {
  if (code === 403) return 'request.forbidden';
  if (code === 422) return 'request.invalid';
  if (code === 409) return 'request.conflict';
  if (code === 404) return 'request.notFound';
  if (code >= 400) return 'request.failed';
  return undefined;
}

/** Explains one API request from its trace record. */
export function explainRequest(r: TraceRecord): Explanation {
  // What the apiserver's RequestInfo found in the path (nothing for discovery and other non-resource paths).
  const p = { resource: r.resource ?? '', subresource: r.subresource ?? '', namespace: r.namespace ?? '', name: r.name ?? '' };
  const who = whoParams(r.impersonatedUser ?? r.user);
  const params: Record<string, string> = {
    ...who,
    verb: r.verb,
    kind: singular(p.resource),
    name: p.name || createdName(r),
    namespace: p.namespace,
    method: r.verb === 'watch' ? 'GET' : methodOf(r.verb),
    path: r.path,
    code: String(r.code),
    rv: r.resourceVersion ?? '',
  };
  const failed = outcomeId(r.code);
  if (failed) {
    const denied = r.stages.find((s) => s.outcome === 'denied' || s.outcome === 'error');
    return { id: failed, params: { ...params, stage: denied?.stage ?? '', reason: denied?.detail ?? '' } };
  }
  if (!p.resource) return { id: 'request.path', params };
  if (p.resource === 'pods' && p.subresource === 'binding') return { id: 'request.bind', params: { ...params, node: r.boundTo ?? '' } };
  if (p.resource === 'leases' && p.namespace === 'kube-node-lease') return { id: 'request.nodeHeartbeat', params };
  if (p.resource === 'leases') return { id: 'request.leaderElection', params };
  if (p.resource === 'events') return { id: 'request.event', params };
  if (p.subresource === 'status') return { id: 'request.status', params };
  return { id: `request.${r.verb}`, params };
}

function methodOf(verb: string): string {
  switch (verb) {
    case 'create':
      return 'POST';
    case 'update':
      return 'PUT';
    case 'patch':
      return 'PATCH';
    case 'delete':
    case 'deletecollection':
      return 'DELETE';
    default:
      return 'GET';
  }
}

/** Explains one watch event sent to one watcher. */
export function explainWatch(r: WatchTraceRecord): Explanation {
  const kind = singular(r.resource.split('.')[0]);
  return { id: `watch.${r.type.toLowerCase()}`, params: { ...whoParams(r.user), kind, name: r.name, namespace: r.namespace ?? '', rv: r.resourceVersion } };
}
