/**
 * What the ipvs proxier (upstream pkg/proxy/ipvs) keeps in iptables and ipset next to its virtual
 * servers: a fixed handful of rules that match service addresses through ipsets (masquerade
 * off-cluster traffic to ClusterIPs, NodePorts, hairpin, load-balancer source ranges, the
 * KUBE-IPVS-FILTER guard), and the sets' members computed per service port.
 */
import { canonicalCIDR, cidrContains } from './ip';
import type { EndpointWithChain } from './endpoints-map';
import { MASQUERADE_MARK, type IptablesRule, type IptablesRuleSet } from './iptables-proxier';
import type { ServicePortInfo } from './service-ports';

/** One ipset as `ipset list` would show it (members sorted). */
export interface IpSet {
  name: string;
  type: 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port';
  comment: string;
  entries: string[];
}

const SETS: [string, IpSet['type'], string][] = [
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'],
  ['KUBE-CLUSTER-IP', 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port', 'Kubernetes service lb portal'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port', 'Kubernetes service load balancer ip + port for load balancer with sourceRange'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip', 'Kubernetes service load balancer ip + port + source IP for packet filter purpose'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net', 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port', 'Kubernetes health check node port'],
  ['KUBE-IPVS-IPS', 'hash:ip', 'Addresses on the ipvs interface'],
];

/** Sets whose non-empty state adds a jump (upstream ipsetWithIptablesChain), in upstream's order. */
const SET_JUMPS: [set: string, table: 'nat' | 'filter', from: string, to: string, match: string, proto: string][] = [
  ['KUBE-LOOP-BACK', 'nat', 'KUBE-POSTROUTING', 'MASQUERADE', 'dst,dst,src', ''],
  ['KUBE-LOAD-BALANCER', 'nat', 'KUBE-SERVICES', 'KUBE-LOAD-BALANCER', 'dst,dst', ''],
  ['KUBE-LOAD-BALANCER-LOCAL', 'nat', 'KUBE-LOAD-BALANCER', 'RETURN', 'dst,dst', ''],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'tcp'],
  ['KUBE-NODE-PORT-TCP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'tcp'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'udp'],
  ['KUBE-NODE-PORT-UDP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'udp'],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst,dst', 'sctp'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst,dst', 'sctp'],
  ['KUBE-LOAD-BALANCER-FW', 'filter', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'dst,dst', ''],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src', ''],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src', ''],
];

const comment = (c: string) => ['-m', 'comment', '--comment', c];

/** The ipvs proxier's jumps, prepended one by one, so each chain lists them in reverse. */
export const IPVS_BUILTIN_JUMPS: Record<'filter' | 'nat', IptablesRule[]> = {
  filter: [
    { chain: 'INPUT', args: [...comment('kubernetes ipvs access filter'), '-j', 'KUBE-IPVS-FILTER'] },
    { chain: 'INPUT', args: [...comment('kube-proxy firewall rules'), '-j', 'KUBE-PROXY-FIREWALL'] },
    { chain: 'INPUT', args: [...comment('kubernetes health check rules'), '-j', 'KUBE-NODE-PORT'] },
    { chain: 'FORWARD', args: [...comment('kube-proxy firewall rules'), '-j', 'KUBE-PROXY-FIREWALL'] },
    { chain: 'FORWARD', args: [...comment('kubernetes forwarding rules'), '-j', 'KUBE-FORWARD'] },
    { chain: 'OUTPUT', args: [...comment('kubernetes ipvs access filter'), '-j', 'KUBE-IPVS-OUT-FILTER'] },
  ],
  nat: [
    { chain: 'PREROUTING', args: [...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
    { chain: 'OUTPUT', args: [...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
    { chain: 'POSTROUTING', args: [...comment('kubernetes postrouting rules'), '-j', 'KUBE-POSTROUTING'] },
  ],
};

const NAT_CHAINS = ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'];
const FILTER_CHAINS = ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER'];

/** Node-level settings of the ipvs proxier's iptables part. */
export interface IpvsRulesConfig {
  clusterCIDR: string;
  masqueradeAll: boolean;
  nodeIP?: string;
}

/** The members of every set for the given service ports (upstream syncProxyRules' ipset entries). */
export function buildIpSets(services: ServicePortInfo[], endpointsFor: (svc: ServicePortInfo) => EndpointWithChain[], nodeIP?: string): Map<string, IpSet> {
  const sets = new Map(SETS.map(([name, type, c]) => [name, { name, type, comment: c, entries: [] as string[] }]));
  const add = (name: string, entry: string) => sets.get(name)!.entries.push(entry);
  for (const svc of services) {
    const proto = svc.protocol.toLowerCase();
    const ipPort = (ip: string) => `${ip},${proto}:${svc.port}`;
    for (const ep of endpointsFor(svc)) if (ep.isLocal) add('KUBE-LOOP-BACK', `${ep.ip},${proto}:${ep.port},${ep.ip}`);
    add('KUBE-CLUSTER-IP', ipPort(svc.clusterIP));
    add('KUBE-IPVS-IPS', svc.clusterIP);
    for (const ip of svc.externalIPs) {
      add(svc.externalPolicyLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', ipPort(ip));
      add('KUBE-IPVS-IPS', ip);
    }
    const ranges = svc.loadBalancerSourceRanges.map(canonicalCIDR).filter((c): c is string => c !== undefined);
    for (const ip of svc.loadBalancerVIPs) {
      add('KUBE-LOAD-BALANCER', ipPort(ip));
      add('KUBE-IPVS-IPS', ip);
      if (svc.externalPolicyLocal) add('KUBE-LOAD-BALANCER-LOCAL', ipPort(ip));
      if (ranges.length === 0) continue;
      add('KUBE-LOAD-BALANCER-FW', ipPort(ip));
      for (const cidr of ranges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${ipPort(ip)},${cidr}`);
      if (nodeIP && ranges.some((c) => cidrContains(c, nodeIP))) add('KUBE-LOAD-BALANCER-SOURCE-IP', `${ipPort(ip)},${ip}`);
    }
    if (svc.nodePort !== 0) {
      const suffix = proto === 'sctp' ? 'SCTP-HASH' : proto.toUpperCase();
      const entry = proto === 'sctp' ? `${nodeIP},sctp:${svc.nodePort}` : String(svc.nodePort);
      add(`KUBE-NODE-PORT-${suffix}`, entry);
      if (svc.externalPolicyLocal) add(`KUBE-NODE-PORT-LOCAL-${suffix}`, entry);
    }
    if (svc.healthCheckNodePort !== 0) add('KUBE-HEALTH-CHECK-NODE-PORT', String(svc.healthCheckNodePort));
  }
  for (const set of sets.values()) set.entries = [...new Set(set.entries)].sort();
  return sets;
}

/** The ipvs proxier's iptables rules (upstream writeIptablesRules) for the given sets. */
export function buildIpvsIptablesRules(sets: Map<string, IpSet>, cfg: IpvsRulesConfig): IptablesRuleSet {
  const nat: IptablesRule[] = [];
  const filter: IptablesRule[] = [];
  const empty = (name: string) => sets.get(name)!.entries.length === 0;
  const setComment = (name: string) => comment(sets.get(name)!.comment);
  nat.push({ chain: 'KUBE-SERVICES', args: ['-s', '127.0.0.0/8', '-j', 'RETURN'] });
  for (const [name, table, from, to, match, proto] of SET_JUMPS) {
    if (empty(name)) continue;
    const args = [...(proto ? ['-p', proto] : []), ...setComment(name), '-m', 'set', '--match-set', name, match, '-j', to];
    (table === 'nat' ? nat : filter).push({ chain: from, args });
  }
  if (!empty('KUBE-CLUSTER-IP')) {
    const head = [...setComment('KUBE-CLUSTER-IP'), '-m', 'set', '--match-set', 'KUBE-CLUSTER-IP', 'dst,dst'];
    const detector = cfg.masqueradeAll ? [] : ['!', '-s', cfg.clusterCIDR];
    nat.push({ chain: 'KUBE-SERVICES', args: [...head, ...detector, '-j', 'KUBE-MARK-MASQ'] });
  }
  for (const name of ['KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL']) {
    if (empty(name)) continue;
    const head = [...setComment(name), '-m', 'set', '--match-set', name, 'dst,dst'];
    if (name === 'KUBE-EXTERNAL-IP') nat.push({ chain: 'KUBE-SERVICES', args: [...head, '-j', 'KUBE-MARK-MASQ'] });
    // Off-machine traffic (not from a bridge, not local) and traffic to a local address stay with ipvs.
    nat.push({ chain: 'KUBE-SERVICES', args: [...head, '-m', 'physdev', '!', '--physdev-is-in', '-m', 'addrtype', '!', '--src-type', 'LOCAL', '-j', 'ACCEPT'] });
    nat.push({ chain: 'KUBE-SERVICES', args: [...head, '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'ACCEPT'] });
  }
  nat.push({ chain: 'KUBE-SERVICES', args: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODE-PORT'] });
  nat.push({ chain: 'KUBE-LOAD-BALANCER', args: ['-j', 'KUBE-MARK-MASQ'] });
  filter.push({ chain: 'KUBE-SOURCE-RANGES-FIREWALL', args: ['-j', 'DROP'] });
  // Accept what ipvs will take, so later rules in the table cannot break it.
  for (const name of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) {
    if (!empty(name)) nat.push({ chain: 'KUBE-SERVICES', args: ['-m', 'set', '--match-set', name, 'dst,dst', '-j', 'ACCEPT'] });
  }
  writeFilterTail(filter, setComment);
  nat.push({ chain: 'KUBE-POSTROUTING', args: ['-m', 'mark', '!', '--mark', `${MASQUERADE_MARK}/${MASQUERADE_MARK}`, '-j', 'RETURN'] });
  nat.push({ chain: 'KUBE-POSTROUTING', args: ['-j', 'MARK', '--xor-mark', MASQUERADE_MARK] });
  nat.push({ chain: 'KUBE-POSTROUTING', args: [...comment('kubernetes service traffic requiring SNAT'), '-j', 'MASQUERADE', '--random-fully'] });
  nat.push({ chain: 'KUBE-MARK-MASQ', args: ['-j', 'MARK', '--or-mark', MASQUERADE_MARK] });
  return {
    filter: { name: 'filter', chains: FILTER_CHAINS, rules: filter },
    nat: { name: 'nat', chains: NAT_CHAINS, rules: nat },
    builtinJumps: IPVS_BUILTIN_JUMPS,
  };
}

function writeFilterTail(filter: IptablesRule[], setComment: (name: string) => string[]): void {
  filter.push({ chain: 'KUBE-FORWARD', args: [...comment('kubernetes forwarding rules'), '-m', 'mark', '--mark', `${MASQUERADE_MARK}/${MASQUERADE_MARK}`, '-j', 'ACCEPT'] });
  filter.push({ chain: 'KUBE-FORWARD', args: [...comment('kubernetes forwarding conntrack rule'), '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'] });
  filter.push({ chain: 'KUBE-NODE-PORT', args: [...setComment('KUBE-HEALTH-CHECK-NODE-PORT'), '-m', 'set', '--match-set', 'KUBE-HEALTH-CHECK-NODE-PORT', 'dst', '-j', 'ACCEPT'] });
  // Service addresses sit on kube-ipvs0: refuse new connections to ports no service uses.
  for (const [name, match] of [['KUBE-LOAD-BALANCER', 'dst,dst'], ['KUBE-CLUSTER-IP', 'dst,dst'], ['KUBE-EXTERNAL-IP', 'dst,dst'], ['KUBE-EXTERNAL-IP-LOCAL', 'dst,dst'], ['KUBE-HEALTH-CHECK-NODE-PORT', 'dst']]) {
    filter.push({ chain: 'KUBE-IPVS-FILTER', args: ['-m', 'set', '--match-set', name, match, '-j', 'RETURN'] });
  }
  filter.push({ chain: 'KUBE-IPVS-FILTER', args: ['-m', 'conntrack', '--ctstate', 'NEW', '-m', 'set', '--match-set', 'KUBE-IPVS-IPS', 'dst', '-j', 'REJECT'] });
}

/** `ipset list` text for the sets (Members sorted; sizes left out). */
export function renderIpsetList(sets: Iterable<IpSet>): string {
  const blocks: string[] = [];
  for (const s of sets) {
    const header = s.type === 'bitmap:port' ? 'range 0-65535 comment' : 'family inet hashsize 1024 maxelem 65536 comment';
    blocks.push([`Name: ${s.name}`, `Type: ${s.type}`, `Header: ${header}`, 'Members:', ...s.entries].join('\n'));
  }
  return blocks.join('\n\n') + '\n';
}
