/**
 * Services in the graph (a toggle): each Service's card and its edges to the pods its selector
 * picks, as the EndpointSlice controller would (same namespace, every selector label matches).
 */
import type { KubeObject } from '../../workers/api/types';
import type { Tone } from './graph-views';

export interface ServiceView {
  uid: string;
  name: string;
  namespace: string;
  /** ClusterIP, NodePort, LoadBalancer, ExternalName. */
  type: string;
  clusterIP: string;
  /** `80/TCP, 443:30443/TCP` as kubectl get svc prints PORT(S). */
  ports: string;
  /** Selected pods that are Ready (endpoints that would receive traffic), and all selected pods. */
  readyBackends: number;
  backends: number;
  /** False for a Service without selector (its endpoints are managed by hand). */
  hasSelector: boolean;
  tone: Tone;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  selector?: Record<string, string>;
  ports?: { port: number; nodePort?: number; protocol?: string }[];
}

/** Whether a Service's selector picks a pod (a Service without selector picks none). */
export function selects(service: KubeObject, pod: KubeObject): boolean {
  const selector = (service.spec as ServiceSpec | undefined)?.selector;
  if (!selector || Object.keys(selector).length === 0) return false;
  if (service.metadata.namespace !== pod.metadata.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

function podReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A Service's card, given the pods its selector picks. */
export function serviceView(service: KubeObject, selected: readonly KubeObject[]): ServiceView {
  const spec = (service.spec ?? {}) as ServiceSpec;
  const readyBackends = selected.filter(podReady).length;
  const hasSelector = !!spec.selector && Object.keys(spec.selector).length > 0;
  return {
    uid: service.metadata.uid ?? '',
    name: service.metadata.name ?? '',
    namespace: service.metadata.namespace ?? '',
    type: spec.type ?? 'ClusterIP',
    clusterIP: spec.clusterIP ?? '',
    ports: (spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(', '),
    readyBackends,
    backends: selected.length,
    hasSelector,
    tone: !hasSelector ? 'muted' : readyBackends > 0 ? 'ok' : selected.length > 0 ? 'progress' : 'warn',
  };
}
