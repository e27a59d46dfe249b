/**
 * The iptables proxier's rule set (upstream pkg/proxy/iptables syncProxyRules): what kube-proxy
 * hands to `iptables-restore` for the filter and nat tables, chain by chain. Rules are kept as the
 * argument lists the proxier writes; iptables-save.ts renders the kernel's view of them.
 */
import { computeProbability } from './chain-names';
import { canonicalCIDR, cidrContains } from './ip';
import { categorizeEndpoints, type EndpointWithChain } from './endpoints-map';
import { externallyAccessible, usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from './service-ports';

/** The mark that asks KUBE-POSTROUTING to masquerade a packet (upstream masqueradeBit 14). */
export const MASQUERADE_MARK = '0x4000';

/** One rule: `-A <chain> <args...>`. */
export interface IptablesRule {
  chain: string;
  args: string[];
}

/** One table: its kube-proxy chains (declared in order) and rules. */
export interface IptablesTable {
  name: 'filter' | 'nat';
  chains: string[];
  rules: IptablesRule[];
}

/** Both tables kube-proxy writes. */
export interface IptablesRuleSet {
  filter: IptablesTable;
  nat: IptablesTable;
  /** The jumps from the built-in chains (default: the iptables proxier's BUILTIN_JUMPS). */
  builtinJumps?: Record<'filter' | 'nat', IptablesRule[]>;
}

/** Node-level settings of the proxier. */
export interface ProxierConfig {
  /** The cluster's pod CIDR, for the local-traffic detector (`! -s <cidr> -j KUBE-MARK-MASQ`). */
  clusterCIDR: string;
  masqueradeAll: boolean;
  /** Whether NodePorts answer on 127.0.0.0/8 (upstream default for IPv4). */
  localhostNodePorts: boolean;
  /** The node's primary address: a source range containing it lets the node reach the LB VIP. */
  nodeIP?: string;
}

/** Where the proxier writes while it goes through the services. */
interface Writer {
  filter: Map<string, string[][]>;
  nat: Map<string, string[][]>;
  natChains: Set<string>;
  /** Upstream's largeClusterMode: per-endpoint rules lose their comments to keep restores small. */
  largeCluster: boolean;
}

/** Above this many endpoints in total the proxier drops per-endpoint comments (upstream threshold). */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

const FILTER_CHAINS = ['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-PROXY-FIREWALL'];
const NAT_LEADING_CHAINS = ['KUBE-NODEPORTS', 'KUBE-SERVICES'];

function add(table: Map<string, string[][]>, chain: string, ...args: string[]): void {
  let rules = table.get(chain);
  if (!rules) table.set(chain, (rules = []));
  rules.push(args);
}

/** Builds the full rule set for the given service ports and their endpoints. */
export function buildIptablesRules(
  services: ServicePortInfo[],
  endpointsFor: (svc: ServicePortInfo) => EndpointWithChain[],
  cfg: ProxierConfig,
): IptablesRuleSet {
  const perService = services.map((svc) => ({ svc, endpoints: endpointsFor(svc) }));
  const total = perService.reduce((n, x) => n + x.endpoints.length, 0);
  const w: Writer = { filter: new Map(), nat: new Map(), natChains: new Set(['KUBE-MARK-MASQ', 'KUBE-POSTROUTING']), largeCluster: total > LARGE_CLUSTER_ENDPOINTS_THRESHOLD };
  for (const { svc, endpoints } of perService) writeServicePort(w, svc, endpoints, cfg);
  add(w.nat, 'KUBE-SERVICES', '-m', 'comment', '--comment', 'kubernetes service nodeports; NOTE: this must be the last rule in this chain', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODEPORTS');
  writeStaticRules(w);
  return { filter: toTable('filter', FILTER_CHAINS, w.filter), nat: toTable('nat', natChainOrder(w.natChains), w.nat) };
}

function natChainOrder(perService: Set<string>): string[] {
  return [...NAT_LEADING_CHAINS, ...[...perService].sort()];
}

/** Rules grouped by chain in declaration order, as the proxier's buffers come out. */
function toTable(name: 'filter' | 'nat', chains: string[], rules: Map<string, string[][]>): IptablesTable {
  const out: IptablesRule[] = [];
  for (const chain of chains) for (const args of rules.get(chain) ?? []) out.push({ chain, args });
  return { name, chains, rules: out };
}

function writeStaticRules(w: Writer): void {
  add(w.filter, 'KUBE-FIREWALL', '-m', 'comment', '--comment', 'block incoming localnet connections', '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP');
  add(w.filter, 'KUBE-FORWARD', '-m', 'conntrack', '--ctstate', 'INVALID', '-m', 'nfacct', '--nfacct-name', 'ct_state_invalid_dropped_pkts', '-j', 'DROP');
  add(w.filter, 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${MASQUERADE_MARK}/${MASQUERADE_MARK}`, '-j', 'ACCEPT');
  add(w.filter, 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');
  add(w.nat, 'KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', MASQUERADE_MARK);
  add(w.nat, 'KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${MASQUERADE_MARK}/${MASQUERADE_MARK}`, '-j', 'RETURN');
  // Clear the mark so a packet re-traversing the stack is not masqueraded twice.
  add(w.nat, 'KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', MASQUERADE_MARK);
  // Modern iptables has --random-fully, which upstream always asks for when available.
  add(w.nat, 'KUBE-POSTROUTING', '-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE', '--random-fully');
}

/** What one service port's traffic policies resolve to on this node. */
interface PortPlan {
  svc: ServicePortInfo;
  proto: string;
  hasEndpoints: boolean;
  hasInternalEndpoints: boolean;
  hasExternalEndpoints: boolean;
  internalTrafficChain: string;
  externalPolicyChain: string;
  usesExternalTrafficChain: boolean;
  /** loadBalancerSourceRanges in canonical form; the KUBE-FW chain is used when there are some. */
  sourceRanges: string[];
  usesFWChain: boolean;
  internalFilter: { target: string; comment: string };
  externalFilter: { target: string; comment: string };
}

function planPort(svc: ServicePortInfo, cat: ReturnType<typeof categorizeEndpoints>): PortPlan {
  const hasEndpoints = cat.hasAnyEndpoints;
  let hasInternalEndpoints = hasEndpoints;
  let internalTrafficChain = svc.clusterPolicyChainName;
  if (svc.internalPolicyLocal) {
    internalTrafficChain = svc.localPolicyChainName;
    if (cat.localEndpoints.length === 0) hasInternalEndpoints = false;
  }
  let hasExternalEndpoints = hasEndpoints;
  let externalPolicyChain = svc.clusterPolicyChainName;
  if (svc.externalPolicyLocal) {
    externalPolicyChain = svc.localPolicyChainName;
    if (cat.localEndpoints.length === 0) hasExternalEndpoints = false;
  }
  // No endpoints at all: REJECT so clients fail fast; only no *local* ones: DROP, as upstream.
  const none = { target: 'REJECT', comment: `${svc.nameString} has no endpoints` };
  const noLocal = { target: 'DROP', comment: `${svc.nameString} has no local endpoints` };
  const sourceRanges = svc.loadBalancerSourceRanges.map(canonicalCIDR).filter((c): c is string => c !== undefined);
  return {
    svc,
    proto: svc.protocol.toLowerCase(),
    sourceRanges,
    usesFWChain: hasEndpoints && svc.loadBalancerVIPs.length > 0 && sourceRanges.length > 0,
    hasEndpoints,
    hasInternalEndpoints,
    hasExternalEndpoints,
    internalTrafficChain,
    externalPolicyChain,
    usesExternalTrafficChain: hasEndpoints && externallyAccessible(svc),
    internalFilter: hasEndpoints ? noLocal : none,
    externalFilter: hasEndpoints ? noLocal : none,
  };
}

function writeServicePort(w: Writer, svc: ServicePortInfo, endpoints: EndpointWithChain[], cfg: ProxierConfig): void {
  const cat = categorizeEndpoints(endpoints, svc);
  const plan = planPort(svc, cat);
  const usesClusterChain = cat.clusterEndpoints.length > 0 && usesClusterEndpoints(svc);
  const usesLocalChain = cat.localEndpoints.length > 0 && usesLocalEndpoints(svc);
  if (usesClusterChain) w.natChains.add(svc.clusterPolicyChainName);
  if (usesLocalChain) w.natChains.add(svc.localPolicyChainName);
  if (plan.usesExternalTrafficChain) w.natChains.add(svc.externalChainName);
  if (plan.usesFWChain) w.natChains.add(svc.firewallChainName);
  for (const ep of cat.allReachableEndpoints) w.natChains.add(ep.chainName);
  writeCaptureRules(w, plan, cfg);
  writeTrafficChains(w, plan, cfg);
  if (usesClusterChain) writeServiceToEndpointRules(w, svc, svc.clusterPolicyChainName, cat.clusterEndpoints);
  if (usesLocalChain) writeServiceToEndpointRules(w, svc, svc.localPolicyChainName, cat.localEndpoints);
  for (const ep of cat.allReachableEndpoints) writeEndpointChain(w, svc, plan.proto, ep);
}

/** KUBE-SERVICES / KUBE-NODEPORTS captures, or filter rules when there is nowhere to send traffic. */
function writeCaptureRules(w: Writer, p: PortPlan, cfg: ProxierConfig): void {
  const { svc, proto } = p;
  const port = String(svc.port);
  if (p.hasInternalEndpoints) {
    add(w.nat, 'KUBE-SERVICES', '-m', 'comment', '--comment', `${svc.nameString} cluster IP`, '-m', proto, '-p', proto, '-d', svc.clusterIP, '--dport', port, '-j', p.internalTrafficChain);
  } else {
    add(w.filter, 'KUBE-SERVICES', '-m', 'comment', '--comment', p.internalFilter.comment, '-m', proto, '-p', proto, '-d', svc.clusterIP, '--dport', port, '-j', p.internalFilter.target);
  }
  const externalTargets: [string, string][] = [
    ...svc.externalIPs.map((ip): [string, string] => [ip, 'external IP']),
    ...svc.loadBalancerVIPs.map((ip): [string, string] => [ip, 'loadbalancer IP']),
  ];
  for (const [ip, what] of externalTargets) {
    const lb = what === 'loadbalancer IP';
    if (p.hasEndpoints) {
      const to = lb && p.usesFWChain ? svc.firewallChainName : svc.externalChainName;
      add(w.nat, 'KUBE-SERVICES', '-m', 'comment', '--comment', `${svc.nameString} ${what}`, '-m', proto, '-p', proto, '-d', ip, '--dport', port, '-j', to);
    }
    if (lb && p.usesFWChain) {
      add(w.filter, 'KUBE-PROXY-FIREWALL', '-m', 'comment', '--comment', `${svc.nameString} traffic not accepted by ${svc.firewallChainName}`, '-m', proto, '-p', proto, '-d', ip, '--dport', port, '-j', 'DROP');
    }
    if (!p.hasExternalEndpoints) {
      add(w.filter, 'KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', p.externalFilter.comment, '-m', proto, '-p', proto, '-d', ip, '--dport', port, '-j', p.externalFilter.target);
    }
  }
  if (svc.nodePort !== 0) {
    const np = String(svc.nodePort);
    if (p.hasEndpoints) {
      if (cfg.localhostNodePorts) {
        add(w.nat, 'KUBE-NODEPORTS', '-m', 'comment', '--comment', svc.nameString, '-m', proto, '-p', proto, '-d', '127.0.0.0/8', '--dport', np, '-m', 'nfacct', '--nfacct-name', 'localhost_nps_accepted_pkts', '-j', svc.externalChainName);
      }
      add(w.nat, 'KUBE-NODEPORTS', '-m', 'comment', '--comment', svc.nameString, '-m', proto, '-p', proto, '--dport', np, '-j', svc.externalChainName);
    }
    if (!p.hasExternalEndpoints) {
      add(w.filter, 'KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', p.externalFilter.comment, '-m', 'addrtype', '--dst-type', 'LOCAL', '-m', proto, '-p', proto, '--dport', np, '-j', p.externalFilter.target);
    }
  }
  if (svc.healthCheckNodePort !== 0) {
    add(w.filter, 'KUBE-NODEPORTS', '-m', 'comment', '--comment', `${svc.nameString} health check node port`, '-m', 'tcp', '-p', 'tcp', '--dport', String(svc.healthCheckNodePort), '-j', 'ACCEPT');
  }
}

/** The masquerade rule of the internal chain and the EXT chain's routing. */
function writeTrafficChains(w: Writer, p: PortPlan, cfg: ProxierConfig): void {
  const { svc, proto } = p;
  if (p.hasInternalEndpoints) {
    const base = ['-m', 'comment', '--comment', `${svc.nameString} cluster IP`, '-m', proto, '-p', proto, '-d', svc.clusterIP, '--dport', String(svc.port)];
    // Off-cluster clients reaching a ClusterIP through a node must be masqueraded so replies return.
    if (cfg.masqueradeAll) add(w.nat, p.internalTrafficChain, ...base, '-j', 'KUBE-MARK-MASQ');
    else add(w.nat, p.internalTrafficChain, ...base, '!', '-s', cfg.clusterCIDR, '-j', 'KUBE-MARK-MASQ');
  }
  if (!p.usesExternalTrafficChain) return;
  const ext = svc.externalChainName;
  if (!svc.externalPolicyLocal) {
    add(w.nat, ext, '-m', 'comment', '--comment', `masquerade traffic for ${svc.nameString} external destinations`, '-j', 'KUBE-MARK-MASQ');
  } else {
    // Pods and the node itself reach the service as if from outside and back: no source to preserve.
    add(w.nat, ext, '-m', 'comment', '--comment', `pod traffic for ${svc.nameString} external destinations`, '-s', cfg.clusterCIDR, '-j', svc.clusterPolicyChainName);
    add(w.nat, ext, '-m', 'comment', '--comment', `masquerade LOCAL traffic for ${svc.nameString} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ');
    add(w.nat, ext, '-m', 'comment', '--comment', `route LOCAL traffic for ${svc.nameString} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', svc.clusterPolicyChainName);
  }
  if (p.hasExternalEndpoints) add(w.nat, ext, '-j', p.externalPolicyChain);
  if (p.usesFWChain) writeFirewallChain(w, p, cfg);
}

/** KUBE-FW: allowed source ranges go on to the EXT chain; the rest fall through to be dropped in filter. */
function writeFirewallChain(w: Writer, p: PortPlan, cfg: ProxierConfig): void {
  const { svc } = p;
  const head = ['-m', 'comment', '--comment', `${svc.nameString} loadbalancer IP`];
  for (const cidr of p.sourceRanges) add(w.nat, svc.firewallChainName, ...head, '-s', cidr, '-j', svc.externalChainName);
  // A VIP bound on the node loops the node's own requests back with the VIP as source.
  if (cfg.nodeIP && p.sourceRanges.some((c) => cidrContains(c, cfg.nodeIP!))) {
    for (const ip of svc.loadBalancerVIPs) add(w.nat, svc.firewallChainName, ...head, '-s', ip, '-j', svc.externalChainName);
  }
  add(w.nat, svc.firewallChainName, '-m', 'comment', '--comment', `other traffic to ${svc.nameString} will be dropped by KUBE-PROXY-FIREWALL`);
}

/** The SVC/SVL chain: affinity checks first, then a random pick with falling probabilities. */
function writeServiceToEndpointRules(w: Writer, svc: ServicePortInfo, chain: string, endpoints: EndpointWithChain[]): void {
  if (svc.sessionAffinityClientIP) {
    for (const ep of endpoints) {
      add(w.nat, chain, ...comment(w, `${svc.nameString} -> ${ep.endpoint}`), '-m', 'recent', '--name', ep.chainName, '--rcheck', '--seconds', String(svc.stickyMaxAgeSeconds), '--reap', '-j', ep.chainName);
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const args = comment(w, `${svc.nameString} -> ${ep.endpoint}`);
    // The i-th of n rules takes 1/(n-i) of what is left, so every endpoint gets 1/n overall.
    if (i < n - 1) args.push('-m', 'statistic', '--mode', 'random', '--probability', computeProbability(n - i));
    add(w.nat, chain, ...args, '-j', ep.chainName);
  });
}

/** A comment match, left out in large-cluster mode (upstream appendServiceCommentLocked). */
function comment(w: Writer, text: string): string[] {
  return w.largeCluster ? [] : ['-m', 'comment', '--comment', text];
}

function writeEndpointChain(w: Writer, svc: ServicePortInfo, proto: string, ep: EndpointWithChain): void {
  // Hairpin: a pod reaching itself through the service must be masqueraded to get the reply.
  add(w.nat, ep.chainName, ...comment(w, svc.nameString), '-s', ep.ip, '-j', 'KUBE-MARK-MASQ');
  const affinity = svc.sessionAffinityClientIP ? ['-m', 'recent', '--name', ep.chainName, '--set'] : [];
  add(w.nat, ep.chainName, ...comment(w, svc.nameString), ...affinity, '-m', proto, '-p', proto, '-j', 'DNAT', '--to-destination', ep.endpoint);
}

/** Quotes an argument the way the proxier's line buffer would need it for iptables-restore. */
export function quoteArg(a: string): string {
  return /[\s"]/.test(a) ? `"${a}"` : a;
}

/** The text kube-proxy feeds to `iptables-restore --noflush` (chains, then rules, per table). */
export function renderRestore(rs: IptablesRuleSet): string {
  const lines: string[] = [];
  for (const t of [rs.filter, rs.nat]) {
    lines.push(`*${t.name}`);
    for (const c of t.chains) lines.push(`:${c} - [0:0]`);
    for (const r of t.rules) lines.push(['-A', r.chain, ...r.args.map(quoteArg)].join(' '));
    lines.push('COMMIT');
  }
  return lines.join('\n') + '\n';
}
