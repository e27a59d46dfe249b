/**
 * What both endpoint controllers ask of pods and services (upstream pkg/controller/util/endpoint and
 * k8s.io/endpointslice utils): which pods a Service selects, whether a pod belongs in its endpoints,
 * readiness, hostnames, pod addresses per family, and resolving a service port's targetPort against
 * a pod's container ports (sidecar init containers included).
 */
import { matchesLabels, selectorFromSet } from '../../api/selectors';
import type { KubeObject } from '../../api/types';

/** The fields of a Service port the endpoint controllers read. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

/** A Service as the endpoint controllers see it. */
export type Service = KubeObject & {
  spec?: {
    type?: string;
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    publishNotReadyAddresses?: boolean;
    ipFamilies?: string[];
  };
};

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

interface Container {
  name?: string;
  ports?: ContainerPort[];
  restartPolicy?: string;
}

/** A Pod as the endpoint controllers see it. */
export type Pod = KubeObject & {
  spec?: { nodeName?: string; hostname?: string; subdomain?: string; containers?: Container[]; initContainers?: Container[] };
  status?: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
};

/** Label every managed slice (and the Endpoints) of a Service without a cluster IP carries. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** True for a Service with a selector (only those get controller-managed endpoints). */
export function hasSelector(svc: Service): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** ExternalName services get no endpoints from the controllers (upstream issue 105986). */
export function isExternalName(svc: Service): boolean {
  return svc.spec?.type === 'ExternalName';
}

/** A cluster IP is set: neither None nor empty (upstream helper.IsServiceIPSet). */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP ?? '';
  return ip !== 'None' && ip !== '';
}

/** clusterIP None exactly: the only kind of service allowed to go without ports. */
export function isClusterIPNone(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** The pods of the namespace the service's selector matches, sorted by name for a stable order. */
export function selectedPods(svc: Service, list: (selector: ReturnType<typeof selectorFromSet>) => Pod[]): Pod[] {
  return list(selectorFromSet(svc.spec?.selector)).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
}

/** True when the service selects a pod with these labels. */
export function selects(svc: Service, labels: Record<string, string> | undefined): boolean {
  return hasSelector(svc) && matchesLabels(selectorFromSet(svc.spec?.selector), labels);
}

/** Ready condition True (upstream podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The Ready condition's last transition, the pod's endpoint trigger time. */
export function podReadyTransitionTime(pod: Pod): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
}

function hasIP(pod: Pod): boolean {
  return !!pod.status?.podIP || (pod.status?.podIPs?.length ?? 0) > 0;
}

/** Upstream ShouldPodBeInEndpoints: not terminal, has an IP, and terminating only when asked for. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!hasIP(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** A pod publishes a DNS hostname under the service named as its subdomain. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/** The pod's IPs of one family (`IPv4` or `IPv6`), podIPs first, podIP when podIPs is absent. */
export function podAddresses(pod: Pod, addressType: string): string[] {
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : pod.status?.podIP ? [pod.status.podIP] : [];
  return ips.filter((ip) => ip.includes(':') === (addressType === 'IPv6'));
}

function namedPort(containers: Container[] | undefined, name: string, protocol: string, sidecarsOnly: boolean): number | undefined {
  for (const c of containers ?? []) {
    if (sidecarsOnly && c.restartPolicy !== 'Always') continue;
    for (const cp of c.ports ?? []) if (cp.name === name && (cp.protocol ?? 'TCP') === protocol) return cp.containerPort;
  }
  return undefined;
}

/**
 * The pod port a service port maps to (upstream FindPort): a number as is, a name looked up in the
 * containers and then the sidecar init containers with the same protocol; undefined when not found.
 */
export function resolveTargetPort(port: ServicePort, pod: Pod): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  return namedPort(pod.spec?.containers, target, protocol, false) ?? namedPort(pod.spec?.initContainers, target, protocol, true);
}

/** A target reference to a pod. */
export function podRef(pod: Pod): { kind: 'Pod'; namespace: string; name: string; uid: string } {
  return { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! };
}

function ipsKey(pod: Pod): string {
  return `${pod.status?.podIP ?? ''}|${(pod.status?.podIPs ?? []).map((p) => p.ip).join(',')}`;
}

function portsKey(pod: Pod): string {
  return JSON.stringify([pod.spec?.containers?.map((c) => c.ports), pod.spec?.initContainers?.map((c) => [c.restartPolicy, c.ports])]);
}

/**
 * Whether a pod update can change any endpoint (upstream podEndpointsChanged): deletion, readiness,
 * addresses, phase, hostname, subdomain, node, container ports. Labels are compared by the caller.
 */
export function podEndpointsChanged(old: Pod, cur: Pod): boolean {
  if (!!old.metadata.deletionTimestamp !== !!cur.metadata.deletionTimestamp) return true;
  if (isPodReady(old) !== isPodReady(cur)) return true;
  if (podReadyTransitionTime(old) !== podReadyTransitionTime(cur)) return true;
  if (old.status?.phase !== cur.status?.phase) return true;
  if (ipsKey(old) !== ipsKey(cur)) return true;
  if (old.spec?.hostname !== cur.spec?.hostname || old.spec?.subdomain !== cur.spec?.subdomain) return true;
  if (old.spec?.nodeName !== cur.spec?.nodeName) return true;
  // A status write keeps the very same spec (the store shares it): no ports to compare.
  return old.spec !== cur.spec && portsKey(old) !== portsKey(cur);
}

/** Same label set. */
export function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => (b ?? {})[k] === (a ?? {})[k]);
}
