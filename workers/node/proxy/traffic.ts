/**
 * Simulated service traffic: a client on a node or in a pod opens a connection to `host:port`;
 * the name resolves as cluster DNS answers it, and the first packet walks the nodes' iptables
 * rules (or ipvs tables) as the kernel would, until it reaches a pod, is refused, or is lost.
 */
import type { Clock, Rng } from '../../sim/types';
import { resolveHost, type DnsSource, type Resolution } from './dns';
import type { EndpointWithChain } from './endpoints-map';
import { isLocalAddress, walkChain, type Packet, type PathStep, type WalkEnv } from './iptables-walk';
import type { KubeProxy } from './kube-proxy';

/** Who sends: a node's host network, or a pod (with its IP and node). */
export type RequestSource = { node: string } | { pod: { namespace: string; name: string; ip: string; nodeName: string } };

/** How a simulated connection attempt ended. */
export interface RequestResult {
  outcome: 'connected' | 'refused' | 'timeout' | 'unresolved';
  /** curl-like summary. */
  message: string;
  target: string;
  resolution?: Resolution;
  /** The endpoint that accepted the connection. */
  endpoint?: { ip: string; port: number; nodeName: string; pod?: { namespace: string; name: string } };
  /** The source address the backend saw (the node's, when masqueraded). */
  sourceSeen?: string;
  /** Every rule or virtual server the packet matched, in order, node by node. */
  path: PathStep[];
}

type Hop = { kind: 'delivered'; endpoint: EndpointWithChain | undefined } | { kind: 'refused' | 'timeout' | 'local' } | { kind: 'forward' };

const MAX_HOPS = 4;

/** Sends requests across a set of nodes' proxies and counts where they land. */
export class TrafficSimulator {
  private readonly proxies = new Map<string, KubeProxy>();
  /** Connections accepted per pod (`ns/name`), or per `ip:port` when no pod is known. */
  readonly counts = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly clock: Clock,
    private readonly dns?: DnsSource,
  ) {}

  /** Adds a node's proxy. */
  addProxy(proxy: KubeProxy): void {
    this.proxies.set(proxy.opts.nodeName, proxy);
  }

  /** Opens one connection to `host:port` from `from`. */
  request(from: RequestSource, target: string): RequestResult {
    const m = /^(.+):(\d{1,5})$/.exec(target);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`target must be host:port, got ${JSON.stringify(target)}`);
    const [host, port] = [m[1], Number(m[2])];
    const nodeName = 'pod' in from ? from.pod.nodeName : from.node;
    const proxy = this.proxies.get(nodeName);
    if (!proxy) throw new Error(`no kube-proxy for node ${nodeName}`);
    const resolution = resolveHost(host, 'pod' in from ? { namespace: from.pod.namespace } : 'host', this.dns ?? proxy.dnsSource());
    if (!resolution.ok) return { outcome: 'unresolved', message: resolution.message, target, resolution, path: [] };
    const dst = resolution.addresses[0];
    const pkt: Packet = { src: 'pod' in from ? from.pod.ip : proxy.nodeIPs[0], dst, proto: 'tcp', dport: port, mark: 0, dnat: false };
    const path: PathStep[] = [];
    const hop = this.route(proxy, pkt, 'pod' in from ? 'PREROUTING' : 'OUTPUT', path);
    const base = { target, resolution, path };
    const fail = `Failed to connect to ${host} port ${port}`;
    if (hop.kind === 'refused' || hop.kind === 'local') return { ...base, outcome: 'refused', message: `${fail}: Connection refused` };
    if (hop.kind !== 'delivered') return { ...base, outcome: 'timeout', message: `${fail}: Connection timed out` };
    const ep = hop.endpoint;
    const endpoint = { ip: pkt.dst, port: pkt.dport, nodeName: ep?.nodeName ?? '', ...(ep?.pod ? { pod: ep.pod } : {}) };
    const key = ep?.pod ? `${ep.pod.namespace}/${ep.pod.name}` : `${pkt.dst}:${pkt.dport}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const who = ep?.pod ? `${key} (${pkt.dst}:${pkt.dport})` : `${pkt.dst}:${pkt.dport}`;
    return { ...base, outcome: 'connected', message: `Connected to ${host} (${dst}) port ${port}: answered by ${who}`, endpoint, sourceSeen: pkt.src };
  }

  /** Follows the packet from node to node until something answers or it is lost. */
  private route(first: KubeProxy, pkt: Packet, firstHook: 'PREROUTING' | 'OUTPUT', path: PathStep[]): Hop {
    let proxy = first;
    let hook = firstHook;
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      const hop = proxy.mode === 'ipvs' ? this.throughIpvs(proxy, pkt, path) : this.throughIptables(proxy, pkt, hook, path);
      if (hop.kind !== 'forward') return hop;
      const ep = this.findEndpoint(`${pkt.dst}:${pkt.dport}`);
      if (pkt.dnat || ep) return { kind: 'delivered', endpoint: ep };
      const next = [...this.proxies.values()].find((p) => p !== proxy && p.nodeIPs.includes(pkt.dst));
      // Nothing owns the address (a ClusterIP without rules, an unknown IP): the packet is lost.
      if (!next) return { kind: 'timeout' };
      proxy = next;
      hook = 'PREROUTING';
    }
    return { kind: 'timeout' };
  }

  private findEndpoint(ipPort: string): EndpointWithChain | undefined {
    for (const p of this.proxies.values()) {
      const e = p.endpoint(ipPort);
      if (e) return e;
    }
    return undefined;
  }

  private throughIptables(proxy: KubeProxy, pkt: Packet, hook: 'PREROUTING' | 'OUTPUT', path: PathStep[]): Hop {
    const rules = proxy.rules;
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

  private throughIpvs(proxy: KubeProxy, pkt: Packet, path: PathStep[]): Hop {
    const vs = proxy.virtualServers.find((v) => v.ip === pkt.dst && v.port === pkt.dport && v.protocol.toLowerCase() === pkt.proto);
    if (!vs) return isLocalAddress(this.env(proxy, path), pkt.dst) ? { kind: 'local' } : { kind: 'forward' };
    const rs = proxy.ipvs.pick(vs, pkt.src, this.clock.now());
    const chain = `${vs.protocol}  ${vs.ip}:${vs.port} ${vs.scheduler}${vs.persistentSeconds !== undefined ? ` persistent ${vs.persistentSeconds}` : ''}`;
    path.push({ node: proxy.opts.nodeName, table: 'ipvs', chain, rule: rs ? `-> ${rs.ip}:${rs.port}` : '(no real servers)' });
    // A virtual server without destinations answers with ICMP port unreachable.
    if (!rs) return { kind: 'refused' };
    pkt.dst = rs.ip;
    pkt.dport = rs.port;
    pkt.dnat = true;
    return { kind: 'forward' };
  }

  private env(proxy: KubeProxy, path: PathStep[]): WalkEnv {
    return { node: proxy.opts.nodeName, localAddresses: proxy.nodeIPs, rng: this.rng, nowMs: this.clock.now(), recent: proxy.recent, path };
  }
}
