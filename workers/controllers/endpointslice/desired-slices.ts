/**
 * The EndpointSlices a Service should have (upstream pkg/controller/endpointslice reconciler): its
 * selected pods as endpoints grouped by how the service ports resolve on each pod, at most 100 per
 * slice, and a placeholder slice with no endpoints when nothing is selected.
 */
import type { KubeObject } from '../../api/types';
import {
  HEADLESS_LABEL, isHeadless, isPodReady, podRef, resolveTargetPort, shouldPodBeInEndpoints, shouldSetHostname, type Pod, type Service,
} from './endpoint-pods';

/** Label naming a slice's Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Label naming the controller that manages a slice. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** This controller's managed-by value. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** Upstream's default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** Node label the endpoint's zone comes from. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** discovery.k8s.io/v1 EndpointPort. */
export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** discovery.k8s.io/v1 Endpoint. */
export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: ReturnType<typeof podRef>;
  nodeName?: string;
  zone?: string;
}

/** discovery.k8s.io/v1 EndpointSlice. */
export type EndpointSlice = KubeObject & { addressType: string; endpoints?: SliceEndpoint[] | null; ports?: SlicePort[] | null };

/** Endpoints sharing one port mapping. */
export interface EndpointGroup {
  portKey: string;
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

/** A stable key for a port list (upstream hashes the same fields). */
export function portKeyOf(ports: SlicePort[] | null | undefined): string {
  return JSON.stringify((ports ?? []).map((p) => [p.name, p.port, p.protocol, p.appProtocol ?? '']));
}

function portsFor(svc: Service, pod: Pod): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = resolveTargetPort(sp, pod);
    // A named targetPort the pod lacks leaves that port out for this pod, as upstream does.
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

function endpointFor(svc: Service, pod: Pod, zoneOf: (node: string) => string | undefined): SliceEndpoint {
  const publish = !!svc.spec?.publishNotReadyAddresses;
  const serving = publish || isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ep: SliceEndpoint = {
    addresses: [pod.status!.podIP!],
    // A terminating pod is never ready, unless the service publishes not-ready addresses anyway.
    conditions: { ready: publish || (serving && !terminating), serving, terminating },
    targetRef: podRef(pod),
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
  const nodeName = pod.spec?.nodeName;
  if (nodeName) {
    ep.nodeName = nodeName;
    const zone = zoneOf(nodeName);
    if (zone) ep.zone = zone;
  }
  return ep;
}

/** The service's endpoints grouped by port mapping, groups in key order. */
export function desiredGroups(svc: Service, pods: Pod[], zoneOf: (node: string) => string | undefined): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = portsFor(svc, pod);
    const portKey = portKeyOf(ports);
    let g = groups.get(portKey);
    if (!g) groups.set(portKey, (g = { portKey, ports, endpoints: [] }));
    g.endpoints.push(endpointFor(svc, pod, zoneOf));
  }
  return [...groups.values()].sort((a, b) => (a.portKey < b.portKey ? -1 : a.portKey > b.portKey ? 1 : 0));
}

/** The labels a managed slice carries: the service's own, plus service name, manager, headless. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
  }
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  return labels;
}

/** A new slice for the service; generateName makes `<svc>-<suffix>`. */
export function newSlice(svc: Service, ports: SlicePort[] | null, endpoints: SliceEndpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType: addressTypeOf(svc),
    endpoints,
    // A placeholder has no ports at all (null), unlike a headless service's empty port list.
    ...(ports ? { ports } : {}),
  };
}

function addressTypeOf(svc: Service): string {
  return svc.spec?.ipFamilies?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';
}
