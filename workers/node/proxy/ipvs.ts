/**
 * ipvs mode (upstream pkg/proxy/ipvs): one virtual server per service address and port (ClusterIP,
 * NodePort on every node address, external IPs, load-balancer IPs) with the usable endpoints as
 * real servers, round robin by default; rendered as `ipvsadm -Ln` prints it.
 */
import { categorizeEndpoints, type EndpointWithChain } from './endpoints-map';
import { ipv4ToNumber } from './ip';
import type { ServicePortInfo } from './service-ports';

/** One real server behind a virtual server. */
export interface RealServer {
  ip: string;
  port: number;
  weight: number;
  endpoint: EndpointWithChain;
}

/** One IPVS virtual server. */
export interface VirtualServer {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  ip: string;
  port: number;
  scheduler: string;
  /** ClientIP affinity: the persistence timeout in seconds. */
  persistentSeconds?: number;
  realServers: RealServer[];
  /** `ns/name:port` and which address of the service this is. */
  service: string;
  role: 'cluster IP' | 'node port' | 'external IP' | 'loadbalancer IP';
}

const toReal = (eps: EndpointWithChain[]): RealServer[] => eps.map((e) => ({ ip: e.ip, port: e.port, weight: 1, endpoint: e }));

/** The virtual servers of every service port on a node with the given addresses. */
export function buildVirtualServers(
  services: ServicePortInfo[],
  endpointsFor: (svc: ServicePortInfo) => EndpointWithChain[],
  nodeIPs: string[],
  scheduler = 'rr',
): VirtualServer[] {
  const out: VirtualServer[] = [];
  for (const svc of services) {
    const cat = categorizeEndpoints(endpointsFor(svc), svc);
    // Local policy without local endpoints falls back to the cluster ones (upstream #97081), so
    // pods on the node still reach the service.
    const pick = (onlyLocal: boolean) => toReal(onlyLocal && cat.localEndpoints.length > 0 ? cat.localEndpoints : cat.clusterEndpoints);
    const internal = pick(svc.internalPolicyLocal);
    const external = pick(svc.externalPolicyLocal);
    const base = { protocol: svc.protocol, scheduler, service: svc.nameString };
    const persist = svc.sessionAffinityClientIP ? { persistentSeconds: svc.stickyMaxAgeSeconds } : {};
    out.push({ ...base, ...persist, ip: svc.clusterIP, port: svc.port, realServers: internal, role: 'cluster IP' });
    for (const ip of svc.externalIPs) out.push({ ...base, ...persist, ip, port: svc.port, realServers: external, role: 'external IP' });
    for (const ip of svc.loadBalancerVIPs) out.push({ ...base, ...persist, ip, port: svc.port, realServers: external, role: 'loadbalancer IP' });
    if (svc.nodePort !== 0) {
      for (const ip of nodeIPs) out.push({ ...base, ...persist, ip, port: svc.nodePort, realServers: external, role: 'node port' });
    }
  }
  return out.sort(compareVirtualServers);
}

function compareVirtualServers(a: VirtualServer, b: VirtualServer): number {
  if (a.protocol !== b.protocol) return a.protocol < b.protocol ? -1 : 1;
  const d = (ipv4ToNumber(a.ip) ?? 0) - (ipv4ToNumber(b.ip) ?? 0);
  return d !== 0 ? d : a.port - b.port;
}

/** The `ipvsadm -Ln` listing of the virtual servers. */
export function renderIpvsadm(servers: readonly VirtualServer[]): string {
  const lines = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  for (const vs of servers) {
    let head = `${vs.protocol.padEnd(4)} ${vs.ip}:${vs.port} ${vs.scheduler}`;
    if (vs.persistentSeconds !== undefined) head += ` persistent ${vs.persistentSeconds}`;
    lines.push(head);
    for (const rs of vs.realServers) {
      lines.push(`  -> ${`${rs.ip}:${rs.port}`.padEnd(28)} ${'Masq'.padEnd(7)} ${String(rs.weight).padEnd(6)} ${'0'.padEnd(10)} ${'0'.padEnd(10)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The scheduler's state on one node: round-robin positions and persistence templates. */
export class IpvsScheduler {
  private readonly position = new Map<string, number>();
  private readonly persistence = new Map<string, { endpoint: string; lastMs: number }>();

  /** Picks a real server for a new connection from `clientIP`, or undefined when there is none. */
  pick(vs: VirtualServer, clientIP: string, nowMs: number): RealServer | undefined {
    if (vs.realServers.length === 0) return undefined;
    const key = `${vs.protocol}/${vs.ip}:${vs.port}`;
    if (vs.persistentSeconds !== undefined) {
      const t = this.persistence.get(`${key}/${clientIP}`);
      const held = t && nowMs - t.lastMs <= vs.persistentSeconds * 1000 ? vs.realServers.find((r) => `${r.ip}:${r.port}` === t.endpoint) : undefined;
      if (held) {
        this.persistence.set(`${key}/${clientIP}`, { endpoint: t!.endpoint, lastMs: nowMs });
        return held;
      }
    }
    const i = (this.position.get(key) ?? 0) % vs.realServers.length;
    this.position.set(key, i + 1);
    const rs = vs.realServers[i];
    if (vs.persistentSeconds !== undefined) this.persistence.set(`${key}/${clientIP}`, { endpoint: `${rs.ip}:${rs.port}`, lastMs: nowMs });
    return rs;
  }
}
