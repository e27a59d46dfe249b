/**
 * The proxy's view of EndpointSlices (upstream pkg/proxy endpointslicecache + topology): slices are
 * merged per Service, endpoints keyed by service port, and split into the endpoints Cluster and
 * Local traffic policy may use.
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { servicePortEndpointChainName } from './chain-names';
import { usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from './service-ports';

/** The label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** One endpoint of one service port. */
export interface EndpointInfo {
  ip: string;
  port: number;
  /** `ip:port`. */
  endpoint: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName: string;
  isLocal: boolean;
  /** The pod behind the endpoint, from targetRef. */
  pod?: PodRef;
}

/** The pod behind an endpoint (the slice's targetRef). */
export interface PodRef {
  namespace: string;
  name: string;
  uid?: string;
}

/** Endpoints of one service port with the chain each gets. */
export interface EndpointWithChain extends EndpointInfo {
  chainName: string;
}

/** The EndpointSlices of every Service, merged into endpoints per service port. */
export class EndpointsMap {
  /** `ns/service` -> slice name -> slice. */
  private readonly slices = new Map<string, Map<string, EndpointSlice>>();
  /** The last snapshot, reused until the next change (proxies syncing together share it). */
  private frozen: EndpointsMap | undefined;

  /** `nodeName` decides which endpoints are local unless endpointsFor is told another node. */
  constructor(private readonly nodeName: string) {}

  /** Adds or replaces a slice; slices without the service-name label are not the proxy's concern. */
  update(slice: EndpointSlice): boolean {
    const svc = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svc || slice.addressType === 'FQDN') return false;
    const key = `${slice.metadata?.namespace}/${svc}`;
    // Copy on write: snapshots share the per-Service maps.
    const m = new Map(this.slices.get(key));
    m.set(slice.metadata?.name ?? '', slice);
    this.slices.set(key, m);
    this.frozen = undefined;
    return true;
  }

  /** Forgets a deleted slice. */
  delete(slice: EndpointSlice): boolean {
    const svc = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svc) return false;
    const key = `${slice.metadata?.namespace}/${svc}`;
    const name = slice.metadata?.name ?? '';
    if (!this.slices.get(key)?.has(name)) return false;
    const m = new Map(this.slices.get(key));
    m.delete(name);
    if (m.size === 0) this.slices.delete(key);
    else this.slices.set(key, m);
    this.frozen = undefined;
    return true;
  }

  /** A frozen view of the map as it is now (the same object until the next change). */
  snapshot(): EndpointsMap {
    if (this.frozen) return this.frozen;
    const copy = new EndpointsMap(this.nodeName);
    for (const [k, v] of this.slices) copy.slices.set(k, v);
    return (this.frozen = copy.frozen = copy);
  }

  /** The endpoints of one service port, deduplicated by `ip:port` and sorted by it as upstream does. */
  endpointsFor(svc: ServicePortInfo, nodeName = this.nodeName): EndpointWithChain[] {
    const m = this.slices.get(`${svc.namespace}/${svc.name}`);
    if (!m) return [];
    const seen = new Map<string, EndpointWithChain>();
    const lower = svc.protocol.toLowerCase();
    for (const name of [...m.keys()].sort()) {
      const slice = m.get(name)!;
      for (const p of slice.ports ?? []) {
        if ((p.name ?? '') !== svc.portName || (p.protocol ?? 'TCP') !== svc.protocol || p.port == null) continue;
        for (const ep of slice.endpoints ?? []) {
          const info = endpointInfo(ep, p.port, nodeName);
          if (!info || seen.has(info.endpoint)) continue;
          seen.set(info.endpoint, { ...info, chainName: servicePortEndpointChainName(svc.nameString, lower, info.endpoint) });
        }
      }
    }
    return [...seen.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
  }
}

function endpointInfo(ep: EndpointSlice['endpoints'][number], port: number, nodeName: string): EndpointInfo | undefined {
  const ip = ep.addresses?.[0];
  if (!ip) return undefined;
  const c = ep.conditions ?? {};
  // Unset conditions mean "ready" and "serving as ready", as the API documents.
  const ready = c.ready ?? true;
  const info: EndpointInfo = {
    ip,
    port,
    endpoint: `${ip}:${port}`,
    ready,
    serving: c.serving ?? ready,
    terminating: c.terminating ?? false,
    nodeName: ep.nodeName ?? '',
    isLocal: !!ep.nodeName && ep.nodeName === nodeName,
  };
  const ref = ep.targetRef;
  if (ref?.kind === 'Pod' && ref.name) info.pod = { namespace: ref.namespace ?? '', name: ref.name, ...(ref.uid ? { uid: ref.uid } : {}) };
  return info;
}

/** Endpoints sorted into what each traffic policy can use (upstream CategorizeEndpoints). */
export interface CategorizedEndpoints {
  clusterEndpoints: EndpointWithChain[];
  localEndpoints: EndpointWithChain[];
  allReachableEndpoints: EndpointWithChain[];
  /** True when the service has usable endpoints anywhere in the cluster. */
  hasAnyEndpoints: boolean;
}

/** Ready endpoints, else serving-and-terminating ones, for each policy the service port uses. */
export function categorizeEndpoints(endpoints: EndpointWithChain[], svc: ServicePortInfo): CategorizedEndpoints {
  let clusterEndpoints: EndpointWithChain[] = [];
  let localEndpoints: EndpointWithChain[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(svc)) {
    clusterEndpoints = endpoints.filter((e) => e.ready);
    // Terminating-but-serving endpoints keep a service alive while it rolls (KEP-1669).
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((e) => e.serving && e.terminating);
    hasAnyEndpoints = clusterEndpoints.length > 0;
  }
  if (!usesLocalEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAnyEndpoints = true;
      if (e.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = endpoints.filter((e) => e.isLocal && e.ready);
  else if (localServingTerminating) localEndpoints = endpoints.filter((e) => e.isLocal && e.serving && e.terminating);
  if (!usesClusterEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints };
  const union = new Map<string, EndpointWithChain>();
  for (const e of [...clusterEndpoints, ...localEndpoints]) union.set(e.endpoint, e);
  return { clusterEndpoints, localEndpoints, allReachableEndpoints: [...union.values()], hasAnyEndpoints };
}
