/**
 * The proxy's view of Services (upstream pkg/proxy servicechangetracker + serviceport): one
 * ServicePortInfo per port of every proxied Service, kept up to date incrementally per Service.
 */
import type { Service } from 'kubernetes-types/core/v1';
import {
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
} from './chain-names';

/** Upstream's default stickiness window (ClientIP affinity without a timeout). */
export const DEFAULT_STICKY_MAX_AGE_SECONDS = 10800;

/** Everything the proxier needs to know about one service port. */
export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** The port's name ('' for a single unnamed port). */
  portName: string;
  /** `ns/name:port`, or `ns/name` for an unnamed port: what comments and hashes use. */
  nameString: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  healthCheckNodePort: number;
  sessionAffinityClientIP: boolean;
  stickyMaxAgeSeconds: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  clusterPolicyChainName: string;
  localPolicyChainName: string;
  externalChainName: string;
  firewallChainName: string;
}

/** `ns/name:port` as ServicePortName.String() prints it. */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

/** True when the port can be reached from outside the cluster (NodePort, external IP or LB VIP). */
export function externallyAccessible(s: ServicePortInfo): boolean {
  return s.nodePort !== 0 || s.externalIPs.length > 0 || s.loadBalancerVIPs.length > 0;
}

/** Whether any traffic to the port uses endpoints on every node. */
export function usesClusterEndpoints(s: ServicePortInfo): boolean {
  return !s.internalPolicyLocal || (externallyAccessible(s) && !s.externalPolicyLocal);
}

/** Whether any traffic to the port uses only this node's endpoints. */
export function usesLocalEndpoints(s: ServicePortInfo): boolean {
  return s.internalPolicyLocal || s.externalPolicyLocal;
}

/** The service ports kube-proxy programs for a Service: none for headless and ExternalName services. */
export function servicePortsOf(svc: Service): ServicePortInfo[] {
  const spec = svc.spec ?? {};
  const clusterIP = spec.clusterIP ?? '';
  if (spec.type === 'ExternalName' || clusterIP === '' || clusterIP === 'None') return [];
  const namespace = svc.metadata?.namespace ?? '';
  const name = svc.metadata?.name ?? '';
  const lbVIPs = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
  const hasExternal = (nodePort: number) => nodePort !== 0 || (spec.externalIPs ?? []).length > 0 || lbVIPs.length > 0;
  return (spec.ports ?? []).map((p) => {
    const portName = p.name ?? '';
    const nameString = servicePortNameString(namespace, name, portName);
    const protocol = (p.protocol ?? 'TCP') as ServicePortInfo['protocol'];
    const lower = protocol.toLowerCase();
    const nodePort = p.nodePort ?? 0;
    return {
      namespace,
      name,
      portName,
      nameString,
      protocol,
      clusterIP,
      port: p.port,
      nodePort,
      externalIPs: [...(spec.externalIPs ?? [])],
      loadBalancerVIPs: lbVIPs,
      // Upstream trims whitespace around each range for backward compatibility.
      loadBalancerSourceRanges: (spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()),
      // Only LoadBalancer services with Local policy need a health check (upstream NeedsHealthCheck).
      healthCheckNodePort: spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' ? (spec.healthCheckNodePort ?? 0) : 0,
      sessionAffinityClientIP: spec.sessionAffinity === 'ClientIP',
      stickyMaxAgeSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_STICKY_MAX_AGE_SECONDS,
      externalPolicyLocal: spec.externalTrafficPolicy === 'Local' && hasExternal(nodePort),
      internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
      clusterPolicyChainName: servicePortPolicyClusterChain(nameString, lower),
      localPolicyChainName: servicePortPolicyLocalChainName(nameString, lower),
      externalChainName: serviceExternalChainName(nameString, lower),
      firewallChainName: serviceFirewallChainName(nameString, lower),
    };
  });
}

/** The service map: service port key (`nameString/protocol`) to its info, updated per Service. */
export class ServiceMap {
  private readonly byService = new Map<string, ServicePortInfo[]>();
  /** The last snapshot, reused until the next change. */
  private frozen: ServiceMap | undefined;
  private listed: ServicePortInfo[] | undefined;

  /** Replaces what one Service contributes; returns true when anything changed. */
  update(svc: Service): boolean {
    const key = `${svc.metadata?.namespace}/${svc.metadata?.name}`;
    const next = servicePortsOf(svc);
    const prev = this.byService.get(key) ?? [];
    if (JSON.stringify(prev) === JSON.stringify(next)) return false;
    if (next.length === 0) this.byService.delete(key);
    else this.byService.set(key, next);
    this.frozen = this.listed = undefined;
    return true;
  }

  /** Forgets a deleted Service; returns true when it had ports. */
  delete(namespace: string, name: string): boolean {
    if (!this.byService.delete(`${namespace}/${name}`)) return false;
    this.frozen = this.listed = undefined;
    return true;
  }

  /** Every service port, sorted by name and protocol so rule output is stable. */
  list(): ServicePortInfo[] {
    if (this.listed) return this.listed;
    const all = [...this.byService.values()].flat();
    return (this.listed = all.sort((a, b) => cmp(a.nameString, b.nameString) || cmp(a.protocol, b.protocol)));
  }

  get size(): number {
    return this.byService.size;
  }

  /** A frozen view of the map as it is now (the same object until the next change). */
  snapshot(): ServiceMap {
    if (this.frozen) return this.frozen;
    const copy = new ServiceMap();
    for (const [k, v] of this.byService) copy.byService.set(k, v);
    return (this.frozen = copy.frozen = copy);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
