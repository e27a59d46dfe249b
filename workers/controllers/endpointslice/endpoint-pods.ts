/**
 * What both endpoint controllers ask of pods and services (upstream pkg/controller/util/endpoint):
 * which pods a Service selects, whether a pod belongs in its endpoints, readiness, hostnames, and
 * resolving a service port's targetPort against a pod's container ports.
 */
import { matchesLabels, selectorFromSet } from '../../api/selectors';
import type { KubeObject } from '../../api/types';

/** The fields of a Service the endpoint controllers read. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

/** A Service as the endpoint controllers see it. */
export type Service = KubeObject & {
  spec?: { selector?: Record<string, string>; ports?: ServicePort[]; clusterIP?: string; publishNotReadyAddresses?: boolean; ipFamilies?: string[] };
};

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** A Pod as the endpoint controllers see it. */
export type Pod = KubeObject & {
  spec?: { nodeName?: string; hostname?: string; subdomain?: string; containers?: { ports?: ContainerPort[] }[] };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
};

/** Label every managed slice (and the headless Endpoints) carries to say its Service is headless. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** True for a Service with a selector (only those get controller-managed endpoints). */
export function hasSelector(svc: Service): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** clusterIP None. */
export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** The pods of the service's namespace its selector matches, sorted by name for stable output. */
export function selectedPods(svc: Service, podsInNamespace: Pod[]): Pod[] {
  const sel = selectorFromSet(svc.spec?.selector);
  return podsInNamespace.filter((p) => matchesLabels(sel, p.metadata.labels)).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

/** Ready condition True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Upstream ShouldPodBeInEndpoints: an IP, not terminal, and terminating only when asked for. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** A pod publishes a DNS hostname under a headless-style service named as its subdomain. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/** The pod port a service port maps to, or undefined when a named targetPort is not found. */
export function resolveTargetPort(port: ServicePort, pod: Pod): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === target && (cp.protocol ?? 'TCP') === protocol) return cp.containerPort;
  }
  return undefined;
}

/** A target reference to a pod. */
export function podRef(pod: Pod): { kind: 'Pod'; namespace: string; name: string; uid: string } {
  return { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! };
}
