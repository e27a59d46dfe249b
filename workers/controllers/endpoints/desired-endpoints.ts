/**
 * The legacy core/v1 Endpoints of a Service (upstream pkg/controller/endpoint): ready pods under
 * `addresses`, the others under `notReadyAddresses` (all under `addresses` with
 * publishNotReadyAddresses), one subset per distinct set of resolved ports.
 */
import type { KubeObject } from '../../api/types';
import {
  HEADLESS_LABEL, isHeadless, isPodReady, podRef, resolveTargetPort, shouldPodBeInEndpoints, shouldSetHostname, type Pod, type Service,
} from '../endpointslice/endpoint-pods';

/** core/v1 EndpointAddress. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: ReturnType<typeof podRef>;
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

function addressOf(svc: Service, pod: Pod): EndpointAddress {
  const a: EndpointAddress = { ip: pod.status!.podIP!, targetRef: podRef(pod) };
  if (shouldSetHostname(pod, svc)) a.hostname = pod.spec!.hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  return a;
}

function portsOf(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = resolveTargetPort(sp, pod);
    if (port === undefined) continue;
    const p: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) p.name = sp.name;
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
}

/** The subsets for a service and its selected pods, packed by identical port sets (RepackSubsets). */
export function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publish = !!svc.spec?.publishNotReadyAddresses;
  const noPorts = (svc.spec?.ports ?? []).length === 0;
  const packed = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publish)) continue;
    // Only a headless service may go without ports.
    if (noPorts && !isHeadless(svc)) continue;
    const ports = portsOf(svc, pod);
    if (!noPorts && ports.length === 0) continue;
    const key = JSON.stringify(ports);
    let entry = packed.get(key);
    if (!entry) packed.set(key, (entry = { ports, ready: [], notReady: [] }));
    (publish || isPodReady(pod) ? entry.ready : entry.notReady).push(addressOf(svc, pod));
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip);
  return [...packed.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => {
      const subset: EndpointSubset = {};
      if (e.ready.length) subset.addresses = e.ready.sort(byIp);
      if (e.notReady.length) subset.notReadyAddresses = e.notReady.sort(byIp);
      if (e.ports.length) subset.ports = e.ports;
      return subset;
    });
}

/** The Endpoints labels: the service's, plus the headless marker for a headless service. */
export function endpointsLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}
