/**
 * Walks a packet through parsed rules the way netfilter does: rules in order, jumps into user
 * chains and back, RETURN, and terminal verdicts. Matches cover what kube-proxy's rules use.
 */
import type { Rng } from '../../sim/types';
import { kernelProbability } from './chain-names';
import { cidrContains } from './ip';
import type { ParsedRule, ParsedRuleSet } from './iptables-rules';
import type { IpSet } from './ipvs-rules';
import { quoteArg } from './iptables-proxier';

/** The first packet of a connection, as it passes through the node. */
export interface Packet {
  src: string;
  dst: string;
  proto: string;
  dport: number;
  mark: number;
  /** Set once a DNAT rewrote the destination. */
  dnat: boolean;
}

/** One rule that matched, for the UI to explain the path. */
export interface PathStep {
  node: string;
  /** `ipvs` steps name the virtual server as chain and the chosen real server as rule. */
  table: 'filter' | 'nat' | 'ipvs';
  chain: string;
  rule: string;
}

/** What a walk needs besides the rules: local addresses, chance, time, xt_recent tables. */
export interface WalkEnv {
  node: string;
  localAddresses: string[];
  rng: Rng;
  nowMs: number;
  /** xt_recent lists: name -> source address -> last seen (ms). */
  recent: Map<string, Map<string, number>>;
  /** ipsets by name (ipvs mode), for `-m set --match-set`. */
  ipsets?: ReadonlyMap<string, IpSet>;
  path: PathStep[];
}

/** How a walk through a chain ended. */
export type Verdict = { kind: 'ACCEPT' | 'DROP' | 'REJECT' | 'MASQUERADE' | 'RETURN' | 'continue' } | { kind: 'DNAT'; to: string };

const MAX_DEPTH = 32;

/** True when the address is one of the node's own (addrtype LOCAL). */
export function isLocalAddress(env: WalkEnv, ip: string): boolean {
  return cidrContains('127.0.0.0/8', ip) || env.localAddresses.includes(ip);
}

/** Runs a packet through one chain (following jumps); mutates the packet for MARK and DNAT. */
export function walkChain(rules: ParsedRuleSet, table: 'filter' | 'nat', chain: string, pkt: Packet, env: WalkEnv, depth = 0): Verdict {
  if (depth > MAX_DEPTH) throw new Error(`iptables: too many levels of jumps at ${chain}`);
  for (const r of rules[table].get(chain) ?? []) {
    if (!matches(r, pkt, env)) continue;
    env.path.push({ node: env.node, table, chain, rule: ['-A', chain, ...r.source.args.map(quoteArg)].join(' ') });
    const v = applyTarget(rules, r, pkt, env, depth);
    if (v.kind === 'RETURN') return { kind: 'continue' };
    if (v.kind !== 'continue') return v;
  }
  return { kind: 'continue' };
}

function applyTarget(rules: ParsedRuleSet, r: ParsedRule, pkt: Packet, env: WalkEnv, depth: number): Verdict {
  switch (r.target) {
    case 'MARK': {
      const v = parseInt(r.targetArgs[1], 16);
      pkt.mark = r.targetArgs[0] === '--or-mark' ? pkt.mark | v : pkt.mark ^ v;
      return { kind: 'continue' };
    }
    case 'DNAT': {
      const to = r.targetArgs[r.targetArgs.indexOf('--to-destination') + 1];
      const i = to.lastIndexOf(':');
      pkt.dst = to.slice(0, i);
      pkt.dport = Number(to.slice(i + 1));
      pkt.dnat = true;
      return { kind: 'DNAT', to };
    }
    case 'ACCEPT':
    case 'DROP':
    case 'REJECT':
    case 'MASQUERADE':
    case 'RETURN':
      return { kind: r.target };
    case '':
      return { kind: 'continue' };
    default:
      return walkChain(rules, r.table, r.target, pkt, env, depth + 1);
  }
}

function matches(r: ParsedRule, pkt: Packet, env: WalkEnv): boolean {
  if (r.src && cidrContains(r.src.cidr, pkt.src) === r.src.negated) return false;
  if (r.dst && cidrContains(r.dst.cidr, pkt.dst) === r.dst.negated) return false;
  if (r.proto && r.proto !== pkt.proto) return false;
  for (const m of r.matches) if (!moduleMatches(m.module, m.options, pkt, env)) return false;
  return true;
}

function moduleMatches(module: string, options: ParsedRule['matches'][number]['options'], pkt: Packet, env: WalkEnv): boolean {
  const find = (n: string) => options.find((o) => o.name === n);
  switch (module) {
    case 'tcp':
    case 'udp':
    case 'sctp': {
      const d = find('--dport');
      return !d || (Number(d.values[0]) === pkt.dport) !== d.negated;
    }
    case 'addrtype': {
      const s = find('--src-type');
      const d = find('--dst-type');
      if (s && isLocalAddress(env, pkt.src) === s.negated) return false;
      return !d || isLocalAddress(env, pkt.dst) !== d.negated;
    }
    case 'statistic': {
      // The kernel compares 31 random bits with round(p * 2^31).
      const p = kernelProbability(find('--probability')!.values[0]).threshold;
      return Math.floor(env.rng.next() * 0x80000000) < p;
    }
    case 'recent':
      return recentMatches(options, pkt, env);
    case 'set': {
      const o = find('--match-set')!;
      const set = env.ipsets?.get(o.values[0]);
      return !!set && setContains(set, o.values[1], pkt) !== o.negated;
    }
    case 'mark': {
      const o = find('--mark')!;
      const [value, mask] = o.values[0].split('/').map((x) => parseInt(x, 16));
      return ((pkt.mark & (mask ?? 0xffffffff)) === value) !== o.negated;
    }
    case 'conntrack': {
      // A first packet is NEW; after DNAT conntrack also reports the DNAT status.
      const o = find('--ctstate')!;
      const states = o.values[0].split(',');
      const hit = states.includes('NEW') || (pkt.dnat && states.includes('DNAT'));
      return hit !== o.negated;
    }
    default:
      return true; // comment, nfacct: no effect on the verdict
  }
}

function recentMatches(options: ParsedRule['matches'][number]['options'], pkt: Packet, env: WalkEnv): boolean {
  const name = options.find((o) => o.name === '--name')?.values[0] ?? 'DEFAULT';
  let list = env.recent.get(name);
  if (options.some((o) => o.name === '--set')) {
    if (!list) env.recent.set(name, (list = new Map()));
    list.set(pkt.src, env.nowMs);
    return true;
  }
  const last = list?.get(pkt.src);
  if (last === undefined) return false;
  const seconds = options.find((o) => o.name === '--seconds');
  return !seconds || env.nowMs - last <= Number(seconds.values[0]) * 1000;
}

const members = new WeakMap<IpSet, Set<string>>();

/** Whether the packet's fields named by `flags` (`dst`, `dst,dst`, `dst,dst,src`) are in the set. */
export function setContains(set: IpSet, flags: string, pkt: Packet): boolean {
  const [first, , third] = flags.split(',');
  const addr = (which: string) => (which === 'src' ? pkt.src : pkt.dst);
  if (set.type === 'hash:ip,port,net') {
    const prefix = `${addr(first)},${pkt.proto}:${pkt.dport},`;
    return set.entries.some((e) => e.startsWith(prefix) && cidrContains(e.slice(prefix.length), addr(third)));
  }
  let all = members.get(set);
  if (!all) members.set(set, (all = new Set(set.entries)));
  switch (set.type) {
    case 'bitmap:port':
      return all.has(String(pkt.dport));
    case 'hash:ip':
      return all.has(addr(first));
    case 'hash:ip,port':
      return all.has(`${addr(first)},${pkt.proto}:${pkt.dport}`);
    case 'hash:ip,port,ip':
      return all.has(`${addr(first)},${pkt.proto}:${pkt.dport},${addr(third)}`);
  }
}
