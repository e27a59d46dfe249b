/**
 * Simulated service traffic: a client on a node or in a pod opens a connection to `host:port`;
 * the name resolves as cluster DNS answers it, and the first packet walks the nodes' iptables
 * rules (or ipvs tables) as the kernel would, until it reaches a pod, is refused, or is lost.
 */
import type { Clock } from '../../sim/types';
import { nginxAccessLogLine, type HttpRequestSeen } from './access-log';
import { resolveHost, type DnsSource, type Resolution } from './dns';
import { isIPv4 } from './ip';
import type { PodRef } from './endpoints-map';
import { isLocalAddress, walkChain, type Packet, type PathStep, type WalkEnv } from './iptables-walk';
import type { KubeProxy } from './kube-proxy';

/**
 * Who sends: a node's host network, a pod (with its IP and node), or a client outside the cluster
 * (its packets reach the node that owns the address, or `viaNode`: where a load balancer or
 * external-IP route sends them; it cannot resolve cluster names).
 */
export type RequestSource =
  | { node: string }
  | { pod: { namespace: string; name: string; ip: string; nodeName: string } }
  | { external: { ip: string; viaNode?: string } };

/** Where a client's first packet enters the simulated nodes. */
interface Entry {
  proxy: KubeProxy;
  src: string;
  hook: 'PREROUTING' | 'OUTPUT';
}

/** The HTTP request a simulated client sends once connected (curl's defaults unless told). */
export interface HttpRequestOptions {
  method?: string;
  path?: string;
  userAgent?: string;
}

/** How a simulated connection attempt ended. */
export interface RequestResult {
  outcome: 'connected' | 'refused' | 'timeout' | 'unresolved';
  /** curl-like summary. */
  message: string;
  target: string;
  resolution?: Resolution;
  /** The endpoint that accepted the connection. */
  endpoint?: { ip: string; port: number; nodeName: string; pod?: PodRef };
  /** The source address the backend saw (the node's, when masqueraded). */
  sourceSeen?: string;
  /** Every rule or virtual server the packet matched, in order, node by node. */
  path: PathStep[];
  /** The path of the DNS query to the cluster DNS service (when the simulator sends one). */
  dnsPath?: PathStep[];
}

/** A request that reached a pod: what the integrator hands to the pod's container (its log). */
export interface ServedRequest {
  pod: PodRef;
  nodeName: string;
  /** The pod port the connection reached, after DNAT. */
  port: number;
  request: HttpRequestSeen;
  timeMs: number;
  /** nginx's access-log line for it (programs with another format render `request` themselves). */
  accessLogLine: string;
}

/**
 * Called for every connection a pod accepted. Return false when nothing in the pod listens on the
 * port: the client then sees the pod's RST ("Connection refused") and nothing is counted.
 */
export type RequestServedHook = (served: ServedRequest) => boolean | void;

/** What the simulator needs besides the proxies. */
export interface TrafficSimulatorOptions {
  clock: Clock;
  /** The cluster DNS (a ClusterDns); without one, names resolve from the client node's proxy caches. */
  dns?: DnsSource;
  onRequestServed?: RequestServedHook;
  /**
   * The kube-dns Service IP (kubeadm: 10.96.0.10). When set, a pod's name lookup first sends its
   * UDP query there through the node's rules; if it reaches no DNS pod the name does not resolve.
   */
  dnsServiceIP?: string;
  /**
   * Finds the pod behind an address that no proxied service lists (headless services, direct pod
   * IPs), e.g. `(ip) => clusterDns.podAt(ip)`; without it such packets are lost.
   */
  podByIP?: (ip: string) => PodAddressOwner | undefined;
}

/** Who owns a pod address. */
export interface PodAddressOwner {
  nodeName: string;
  pod?: PodRef;
}

type Hop = { kind: 'delivered'; endpoint: PodAddressOwner | undefined } | { kind: 'refused' | 'timeout' | 'local' } | { kind: 'forward' };

const MAX_HOPS = 4;

/** Sends requests across a set of nodes' proxies and counts where they land. */
export class TrafficSimulator {
  private readonly proxies = new Map<string, KubeProxy>();
  /** Connections accepted per pod (`ns/name`), or per `ip:port` when no pod is known. */
  readonly counts = new Map<string, number>();
  private readonly clock: Clock;
  private readonly dns?: DnsSource;
  private readonly dnsServiceIP?: string;
  private readonly podByIP?: (ip: string) => PodAddressOwner | undefined;
  /** Where served requests go (the integrator points it at the kubelet's log). */
  onRequestServed?: RequestServedHook;

  constructor(opts: TrafficSimulatorOptions) {
    this.clock = opts.clock;
    this.dns = opts.dns;
    this.dnsServiceIP = opts.dnsServiceIP;
    this.podByIP = opts.podByIP;
    this.onRequestServed = opts.onRequestServed;
  }

  /** Adds a node's proxy. */
  addProxy(proxy: KubeProxy): void {
    this.proxies.set(proxy.opts.nodeName, proxy);
  }

  /** Forgets a node's proxy (node deleted). */
  removeProxy(nodeName: string): void {
    this.proxies.delete(nodeName);
  }

  /** For the UI: accepted connections per pod (`ns/name`), sorted by key. */
  trafficCounts(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Zeroes the counters. */
  resetCounts(): void {
    this.counts.clear();
  }

  /** Opens one connection to `host:port` from `from` and, once connected, sends one HTTP request. */
  request(from: RequestSource, target: string, http: HttpRequestOptions = {}): RequestResult {
    const m = /^(.+):(\d{1,5})$/.exec(target);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`target must be host:port, got ${JSON.stringify(target)}`);
    const [host, port] = [m[1], Number(m[2])];
    const resolved = this.resolve(from, host, target);
    if ('outcome' in resolved) return resolved;
    const { resolution, dnsPath } = resolved;
    const dst = resolution.addresses[0];
    const entry = this.entry(from, dst);
    if (!entry) return { outcome: 'timeout', message: `Failed to connect to ${host} port ${port}: Connection timed out`, target, resolution, path: [] };
    const pkt: Packet = { src: entry.src, dst, proto: 'tcp', dport: port, mark: 0, dnat: false };
    const path: PathStep[] = [];
    const hop = this.route(entry.proxy, pkt, entry.hook, path);
    const base = { target, resolution, path, ...(dnsPath ? { dnsPath } : {}) };
    const fail = `Failed to connect to ${host} port ${port}`;
    const refused = { ...base, outcome: 'refused' as const, message: `${fail}: Connection refused` };
    if (hop.kind === 'refused' || hop.kind === 'local') return refused;
    if (hop.kind !== 'delivered') return { ...base, outcome: 'timeout', message: `${fail}: Connection timed out` };
    const ep = hop.endpoint;
    if (ep?.pod && this.serve(ep, pkt, http) === false) return refused;
    const endpoint = { ip: pkt.dst, port: pkt.dport, nodeName: ep?.nodeName ?? '', ...(ep?.pod ? { pod: ep.pod } : {}) };
    const key = ep?.pod ? `${ep.pod.namespace}/${ep.pod.name}` : `${pkt.dst}:${pkt.dport}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const who = ep?.pod ? `${key} (${pkt.dst}:${pkt.dport})` : `${pkt.dst}:${pkt.dport}`;
    return { ...base, outcome: 'connected', message: `Connected to ${host} (${dst}) port ${port}: answered by ${who}`, endpoint, sourceSeen: pkt.src };
  }

  /** The client's lookup: a pod asks cluster DNS (through kube-dns when configured), others cannot. */
  private resolve(from: RequestSource, host: string, target: string): RequestResult | { resolution: Resolution & { ok: true }; dnsPath?: PathStep[] } {
    let dnsPath: PathStep[] | undefined;
    const proxy = 'pod' in from ? this.proxyOf(from.pod.nodeName) : 'node' in from ? this.proxyOf(from.node) : undefined;
    if ('pod' in from && proxy && this.dnsServiceIP && !isIPv4(host)) {
      dnsPath = [];
      const query: Packet = { src: from.pod.ip, dst: this.dnsServiceIP, proto: 'udp', dport: 53, mark: 0, dnat: false };
      if (this.route(proxy, query, 'PREROUTING', dnsPath).kind !== 'delivered') {
        return { outcome: 'unresolved', message: `Could not resolve host: ${host}`, target, path: [], dnsPath };
      }
    }
    const source = this.dns ?? proxy?.dnsSource() ?? { service: () => undefined, endpointAddresses: () => [] };
    const resolution = resolveHost(host, 'pod' in from ? { namespace: from.pod.namespace } : 'host', source);
    if (!resolution.ok) return { outcome: 'unresolved', message: resolution.message, target, resolution, path: [], ...(dnsPath ? { dnsPath } : {}) };
    return { resolution, ...(dnsPath ? { dnsPath } : {}) };
  }

  /** The node the first packet enters, its source address and netfilter hook. */
  private entry(from: RequestSource, dst: string): Entry | undefined {
    if ('pod' in from) return { proxy: this.proxyOf(from.pod.nodeName), src: from.pod.ip, hook: 'PREROUTING' };
    if ('node' in from) {
      const proxy = this.proxyOf(from.node);
      return { proxy, src: proxy.nodeIPs[0], hook: 'OUTPUT' };
    }
    const { ip, viaNode } = from.external;
    const owner = [...this.proxies.values()].find((p) => p.nodeIPs.includes(dst));
    const proxy = viaNode ? this.proxyOf(viaNode) : owner;
    return proxy ? { proxy, src: ip, hook: 'PREROUTING' } : undefined;
  }

  private proxyOf(nodeName: string): KubeProxy {
    const proxy = this.proxies.get(nodeName);
    if (!proxy) throw new Error(`no kube-proxy for node ${nodeName}`);
    return proxy;
  }

  /** Hands the request to the pod (through the hook); false when nothing there listens. */
  private serve(ep: PodAddressOwner, pkt: Packet, http: HttpRequestOptions): boolean | void {
    if (!this.onRequestServed || !ep.pod) return undefined;
    const timeMs = this.clock.now();
    const request: HttpRequestSeen = { clientIP: pkt.src, method: http.method ?? 'GET', path: http.path ?? '/', userAgent: http.userAgent ?? 'curl/8.5.0' };
    return this.onRequestServed({ pod: ep.pod, nodeName: ep.nodeName, port: pkt.dport, request, timeMs, accessLogLine: nginxAccessLogLine(request, timeMs) });
  }

  /** Follows the packet from node to node until something answers or it is lost. */
  private route(first: KubeProxy, pkt: Packet, firstHook: 'PREROUTING' | 'OUTPUT', path: PathStep[]): Hop {
    let proxy = first;
    let hook = firstHook;
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      const hop = proxy.mode === 'ipvs' ? this.throughIpvs(proxy, pkt, hook, path) : this.throughIptables(proxy, pkt, hook, path);
      if (hop.kind !== 'forward') return hop;
      const ep = this.findEndpoint(pkt.dst, pkt.dport);
      if (pkt.dnat || ep) return { kind: 'delivered', endpoint: ep };
      const next = [...this.proxies.values()].find((p) => p !== proxy && p.nodeIPs.includes(pkt.dst));
      // Nothing owns the address (a ClusterIP without rules, an unknown IP): the packet is lost.
      if (!next) return { kind: 'timeout' };
      proxy = next;
      hook = 'PREROUTING';
    }
    return { kind: 'timeout' };
  }

  private findEndpoint(ip: string, port: number): PodAddressOwner | undefined {
    for (const p of this.proxies.values()) {
      const e = p.endpoint(`${ip}:${port}`);
      if (e) return e;
    }
    return this.podByIP?.(ip);
  }

  private throughIptables(proxy: KubeProxy, pkt: Packet, hook: 'PREROUTING' | 'OUTPUT', path: PathStep[]): Hop {
    const rules = proxy.parsedRules;
    if (!rules) return isLocalAddress(this.env(proxy, path), pkt.dst) ? { kind: 'local' } : { kind: 'forward' };
    const env = this.env(proxy, path);
    walkChain(rules, 'nat', hook, pkt, env);
    const local = isLocalAddress(env, pkt.dst);
    const filterChain = local ? 'INPUT' : hook === 'OUTPUT' ? 'OUTPUT' : 'FORWARD';
    const v = walkChain(rules, 'filter', filterChain, pkt, env);
    if (v.kind === 'REJECT') return { kind: 'refused' };
    if (v.kind === 'DROP') return { kind: 'timeout' };
    // Delivered to the host itself: no simulated process listens there.
    if (local) return { kind: 'local' };
    if (walkChain(rules, 'nat', 'POSTROUTING', pkt, env).kind === 'MASQUERADE') pkt.src = proxy.nodeIPs[0];
    return { kind: 'forward' };
  }

  /**
   * ipvs mode: the nat hook marks what needs masquerading (ipset rules), ipvs picks a real server
   * for a virtual server, POSTROUTING masquerades. Service addresses sit on kube-ipvs0, so a port
   * no virtual server has is refused by KUBE-IPVS-FILTER.
   */
  private throughIpvs(proxy: KubeProxy, pkt: Packet, hook: 'PREROUTING' | 'OUTPUT', path: PathStep[]): Hop {
    const env = this.env(proxy, path);
    const rules = proxy.parsedRules;
    if (rules) walkChain(rules, 'nat', hook, pkt, env);
    const vs = proxy.virtualServers().find((v) => v.ip === pkt.dst && v.port === pkt.dport && v.protocol.toLowerCase() === pkt.proto);
    if (!vs) {
      if (env.ipsets?.get('KUBE-IPVS-IPS')?.entries.includes(pkt.dst)) return { kind: 'refused' };
      return isLocalAddress(env, pkt.dst) ? { kind: 'local' } : { kind: 'forward' };
    }
    const rs = proxy.ipvs.pick(vs, pkt.src, this.clock.now());
    const chain = `${vs.protocol}  ${vs.ip}:${vs.port} ${vs.scheduler}${vs.persistentSeconds !== undefined ? ` persistent ${vs.persistentSeconds}` : ''}`;
    path.push({ node: proxy.opts.nodeName, table: 'ipvs', chain, rule: rs ? `-> ${rs.ip}:${rs.port}` : '(no real servers)' });
    // A virtual server without destinations answers with ICMP port unreachable.
    if (!rs) return { kind: 'refused' };
    pkt.dst = rs.ip;
    pkt.dport = rs.port;
    pkt.dnat = true;
    if (rules && walkChain(rules, 'nat', 'POSTROUTING', pkt, env).kind === 'MASQUERADE') pkt.src = proxy.nodeIPs[0];
    return { kind: 'forward' };
  }

  private env(proxy: KubeProxy, path: PathStep[]): WalkEnv {
    const ipsets = proxy.ipsetsByName();
    // In ipvs mode the service addresses are bound on kube-ipvs0: local as far as addrtype goes.
    const local = ipsets ? [...proxy.nodeIPs, ...(ipsets.get('KUBE-IPVS-IPS')?.entries ?? [])] : proxy.nodeIPs;
    return { node: proxy.opts.nodeName, localAddresses: local, rng: proxy.rng, nowMs: this.clock.now(), recent: proxy.recent, ...(ipsets ? { ipsets } : {}), path };
  }
}
