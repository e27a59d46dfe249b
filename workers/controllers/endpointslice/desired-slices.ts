/**
 * What a Service's EndpointSlices should hold (upstream k8s.io/endpointslice utils and reconciler):
 * the selected pods as endpoints, grouped by how the service ports resolve on each pod (the port
 * map), one set per address type, and the labels, owner and name prefix of a managed slice.
 */
import type { KubeObject } from '../../api/types';
import {
  HEADLESS_LABEL, isClusterIPNone, isPodReady, isServiceIPSet, podAddresses, podRef, resolveTargetPort, shouldPodBeInEndpoints, shouldSetHostname,
  type Pod, type Service,
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

/** The endpoints one port map wants, keyed by endpoint identity, in pod-name order. */
export interface DesiredGroup {
  portKey: string;
  ports: SlicePort[];
  endpoints: Map<string, SliceEndpoint>;
}

/** A stable key for a port list (upstream hashes the same fields). Empty and absent are the same. */
export function portKeyOf(ports: SlicePort[] | null | undefined): string {
  return JSON.stringify((ports ?? []).map((p) => [p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? '']));
}

/** An endpoint's identity (upstream hashes addresses, hostname and the pod's namespace/name). */
export function endpointKey(ep: SliceEndpoint): string {
  return `${ep.targetRef?.namespace ?? ''}/${ep.targetRef?.name ?? ''}|${ep.addresses.join(',')}|${ep.hostname ?? ''}`;
}

/** Same endpoint in every field the controller sets (upstream EndpointsEqualBeyondHash). */
export function sameEndpoint(a: SliceEndpoint, b: SliceEndpoint): boolean {
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  const ra = a.targetRef ?? {};
  const rb = b.targetRef ?? {};
  return (
    (a.nodeName ?? '') === (b.nodeName ?? '') && (a.zone ?? '') === (b.zone ?? '') &&
    !!ca.ready === !!cb.ready && !!ca.serving === !!cb.serving && !!ca.terminating === !!cb.terminating &&
    ra.kind === rb.kind && ra.namespace === rb.namespace && ra.name === rb.name && ra.uid === rb.uid
  );
}

/** The service ports as they resolve on one pod; a headless service may have none. */
export function portsFor(svc: Service, pod: Pod): SlicePort[] {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0 && isClusterIPNone(svc)) return [];
  const out: SlicePort[] = [];
  for (const sp of ports) {
    const port = resolveTargetPort(sp, pod);
    // A named targetPort the pod lacks leaves that port out for this pod, as upstream does.
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** One pod as an endpoint of one address type (upstream podToEndpoint). */
export function endpointFor(svc: Service, pod: Pod, zone: string | undefined, addressType: string): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ep: SliceEndpoint = {
    addresses: podAddresses(pod, addressType),
    // For compatibility a terminating pod is never ready, unless the service publishes not-ready addresses.
    conditions: { ready: !!svc.spec?.publishNotReadyAddresses || (serving && !terminating), serving, terminating },
    targetRef: podRef(pod),
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  if (zone) ep.zone = zone;
  return ep;
}

/** How the desired groups are read from the caches. */
export interface NodeLookup {
  /** undefined when the node is not in the cache. */
  zoneOf(node: string): { zone?: string } | undefined;
}

/**
 * The desired endpoints of one address type by port map. A pod whose node is not in the cache is
 * left out (and reported, so the service is retried) unless the service publishes not-ready
 * addresses, as upstream.
 */
export function desiredGroups(svc: Service, pods: Pod[], addressType: string, nodes: NodeLookup): { groups: Map<string, DesiredGroup>; errors: string[] } {
  const groups = new Map<string, DesiredGroup>();
  const errors: string[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = portsFor(svc, pod);
    const portKey = portKeyOf(ports);
    let g = groups.get(portKey);
    if (!g) groups.set(portKey, (g = { portKey, ports, endpoints: new Map() }));
    const nodeName = pod.spec?.nodeName ?? '';
    const node = nodes.zoneOf(nodeName);
    if (!node && !svc.spec?.publishNotReadyAddresses) {
      errors.push(`skipping Pod ${pod.metadata.name} for Service ${svc.metadata.namespace}/${svc.metadata.name}: Node ${nodeName} Not Found`);
      continue;
    }
    const ep = endpointFor(svc, pod, node?.zone, addressType);
    if (ep.addresses.length > 0) g.endpoints.set(endpointKey(ep), ep);
  }
  return { groups, errors };
}

/** The address types a service's slices carry, from its IP families (upstream getAddressTypesForService). */
export function addressTypesFor(svc: Service): string[] {
  const fams = (svc.spec?.ipFamilies ?? []).filter((f) => f === 'IPv4' || f === 'IPv6');
  if (fams.length) return [...new Set(fams)];
  const ip = svc.spec?.clusterIP ?? '';
  if (isServiceIPSet(svc)) return [ip.includes(':') ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

const RESERVED_LABELS = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL]);

/**
 * A slice's labels for its service (upstream setEndpointSliceLabels): the service's own except the
 * reserved ones, the headless marker when there is no cluster IP, service name and manager. `changed`
 * says whether the non-reserved labels differ from what the slice has.
 */
export function sliceLabels(slice: KubeObject | undefined, svc: Service): { labels: Record<string, string>; changed: boolean } {
  const have: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice?.metadata.labels ?? {})) if (!RESERVED_LABELS.has(k)) have[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!RESERVED_LABELS.has(k)) labels[k] = v;
  const keys = Object.keys(labels);
  const changed = keys.length !== Object.keys(have).length || keys.some((k) => have[k] !== labels[k]);
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return { labels, changed };
}

/** `<service>-` unless that is no valid name prefix (too long), then the service name itself. */
function namePrefix(service: string): string {
  return service.length + 1 > 253 ? service : `${service}-`;
}

/** A new, empty slice for the service and port map; generateName gives `<svc>-<suffix>`. */
export function newSlice(svc: Service, ports: SlicePort[], addressType: string): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: namePrefix(svc.metadata.name!),
      namespace: svc.metadata.namespace,
      labels: sliceLabels(undefined, svc).labels,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports: [...ports],
  };
}

/** The slice names a controller reference to this service (upstream ownedBy). */
export function ownedBy(slice: KubeObject, svc: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some((o) => o.uid === svc.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}
