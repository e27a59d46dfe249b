/**
 * The legacy core/v1 Endpoints of a Service (upstream pkg/controller/endpoint and
 * pkg/api/v1/endpoints RepackSubsets): one address per selected pod in the service's first IP
 * family, ready pods (all of them with publishNotReadyAddresses) under `addresses`, the others under
 * `notReadyAddresses`, and subsets packed so that ports offered by the same set of addresses share one.
 */
import type { KubeObject } from '../../api/types';
import {
  isClusterIPNone, isPodReady, podAddresses, podRef, resolveTargetPort, shouldPodBeInEndpoints, shouldSetHostname, type Pod, type Service,
} from '../endpointslice/endpoint-pods';

/** core/v1 EndpointAddress. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ReturnType<typeof podRef>;
}

/** core/v1 EndpointPort. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** core/v1 EndpointSubset. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** core/v1 Endpoints. */
export type Endpoints = KubeObject & { subsets?: EndpointSubset[] };

/** Upstream's cap on addresses in one Endpoints object. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
/** Annotation set when the addresses were cut to the cap. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

/** The family the Endpoints use: the service's first IP family (upstream podToEndpointAddressForService). */
function familyOf(svc: Service, pod: Pod): string {
  if (svc.spec?.ipFamilies?.length) return svc.spec.ipFamilies[0];
  const ip = svc.spec?.clusterIP ?? '';
  if (ip && ip !== 'None') return ip.includes(':') ? 'IPv6' : 'IPv4';
  return (pod.status?.podIP ?? '').includes(':') ? 'IPv6' : 'IPv4';
}

function addressOf(svc: Service, pod: Pod): EndpointAddress | undefined {
  const ip = podAddresses(pod, familyOf(svc, pod))[0];
  if (!ip) return undefined;
  const a: EndpointAddress = { ip, targetRef: podRef(pod) };
  if (shouldSetHostname(pod, svc)) a.hostname = pod.spec!.hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  return a;
}

/** The no-port sentinel a headless service without ports uses while packing. */
const NO_PORT = '';

function portId(p: EndpointPort | undefined): string {
  return p ? JSON.stringify([p.name ?? '', p.port, p.protocol, p.appProtocol ?? '']) : NO_PORT;
}

function addrId(a: EndpointAddress): string {
  return `${a.ip}|${a.targetRef?.uid ?? ''}`;
}

const compareStr = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byIpAndUid = (a: EndpointAddress, b: EndpointAddress) => compareStr(a.ip, b.ip) || compareStr(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');

interface Packing {
  ports: Map<string, EndpointPort | undefined>;
  /** port id -> address id -> ready (ready wins when an address shows up both ways). */
  byPort: Map<string, Map<string, boolean>>;
  addrs: Map<string, EndpointAddress>;
}

function record(p: Packing, port: EndpointPort | undefined, addr: EndpointAddress, ready: boolean): void {
  const pid = portId(port);
  p.ports.set(pid, port);
  const aid = addrId(addr);
  if (!p.addrs.has(aid)) p.addrs.set(aid, addr);
  let set = p.byPort.get(pid);
  if (!set) p.byPort.set(pid, (set = new Map()));
  if (!set.get(aid)) set.set(aid, ready);
}

/** Ports offered by the same addresses (with the same readiness) become one subset. */
function repack(p: Packing): EndpointSubset[] {
  const groups = new Map<string, { set: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const [pid, set] of p.byPort) {
    const sig = [...set].map(([a, r]) => `${a}=${r}`).sort().join(',');
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { set, ports: [] }));
    const port = p.ports.get(pid);
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [aid, r] of g.set) (r ? ready : notReady).push(p.addrs.get(aid)!);
    const subset: EndpointSubset = {};
    if (ready.length) subset.addresses = ready.sort(byIpAndUid);
    if (notReady.length) subset.notReadyAddresses = notReady.sort(byIpAndUid);
    if (g.ports.length) subset.ports = g.ports.sort((a, b) => compareStr(portId(a), portId(b)));
    out.push(subset);
  }
  // Upstream orders subsets by a hash; any fixed order does, and this one is readable.
  return out.sort((a, b) => compareStr(JSON.stringify(a), JSON.stringify(b)));
}

/** The subsets for a service and its selected pods. */
export function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publish = !!svc.spec?.publishNotReadyAddresses;
  const servicePorts = svc.spec?.ports ?? [];
  const p: Packing = { ports: new Map(), byPort: new Map(), addrs: new Map() };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publish)) continue;
    const addr = addressOf(svc, pod);
    if (!addr) continue;
    const ready = publish || isPodReady(pod);
    if (servicePorts.length === 0) {
      // Only a headless service may go without ports.
      if (isClusterIPNone(svc)) record(p, undefined, addr, ready);
      continue;
    }
    for (const sp of servicePorts) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      record(p, ep, addr, ready);
    }
  }
  return repack(p);
}

/** Total addresses, ready and not. */
export function countAddresses(subsets: EndpointSubset[] | undefined): number {
  return (subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
}

/**
 * Cuts the subsets to 1000 addresses (upstream truncateEndpoints): ready addresses keep priority;
 * each subset keeps its proportional share, rounded up. Returns undefined when nothing is cut.
 */
export function truncateSubsets(subsets: EndpointSubset[]): EndpointSubset[] | undefined {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return undefined;
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((s) => {
    const inSubset = (truncateReady ? s.addresses : s.notReadyAddresses)?.length ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    const next: EndpointSubset = { ...s };
    if (truncateReady) {
      next.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete next.notReadyAddresses;
      canBeAdded -= next.addresses.length;
    } else {
      next.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= next.notReadyAddresses.length;
    }
    return next;
  });
}
