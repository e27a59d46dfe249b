/**
 * Rules as the kernel holds them: each `-A` line parsed into addresses, match modules and a target,
 * for rendering as `iptables-save` does and for walking packets through the chains.
 */
import type { IptablesRule, IptablesRuleSet } from './iptables-proxier';

/** An address match: `-s 10.0.0.0/8`, `! -s ...`. */
export interface AddressMatch {
  cidr: string;
  negated: boolean;
}

/** One option of a match module: `--dport 80`, `! --ctstate NEW`, `--reap`. */
export interface MatchOption {
  name: string;
  values: string[];
  negated: boolean;
}

/** A parsed rule. */
export interface ParsedRule {
  table: 'filter' | 'nat';
  chain: string;
  src?: AddressMatch;
  dst?: AddressMatch;
  proto?: string;
  matches: { module: string; options: MatchOption[] }[];
  target: string;
  targetArgs: string[];
  /** The rule as the proxier wrote it. */
  source: IptablesRule;
}

/** The built-in chains of each table and their policies. */
export const BUILTIN_CHAINS: Record<'filter' | 'nat', string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];
const comment = (c: string) => ['-m', 'comment', '--comment', c];

/** The jumps kube-proxy ensures from the built-in chains into its own (upstream iptablesJumpChains). */
export const BUILTIN_JUMPS: Record<'filter' | 'nat', IptablesRule[]> = {
  filter: [
    { chain: 'INPUT', args: [...NEW, ...comment('kubernetes load balancer firewall'), '-j', 'KUBE-PROXY-FIREWALL'] },
    { chain: 'INPUT', args: [...comment('kubernetes health check service ports'), '-j', 'KUBE-NODEPORTS'] },
    { chain: 'INPUT', args: [...NEW, ...comment('kubernetes externally-visible service portals'), '-j', 'KUBE-EXTERNAL-SERVICES'] },
    { chain: 'INPUT', args: ['-j', 'KUBE-FIREWALL'] },
    { chain: 'FORWARD', args: [...NEW, ...comment('kubernetes load balancer firewall'), '-j', 'KUBE-PROXY-FIREWALL'] },
    { chain: 'FORWARD', args: [...comment('kubernetes forwarding rules'), '-j', 'KUBE-FORWARD'] },
    { chain: 'FORWARD', args: [...NEW, ...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
    { chain: 'FORWARD', args: [...NEW, ...comment('kubernetes externally-visible service portals'), '-j', 'KUBE-EXTERNAL-SERVICES'] },
    { chain: 'OUTPUT', args: [...NEW, ...comment('kubernetes load balancer firewall'), '-j', 'KUBE-PROXY-FIREWALL'] },
    { chain: 'OUTPUT', args: [...NEW, ...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
    { chain: 'OUTPUT', args: ['-j', 'KUBE-FIREWALL'] },
  ],
  nat: [
    { chain: 'PREROUTING', args: [...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
    { chain: 'OUTPUT', args: [...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
    { chain: 'POSTROUTING', args: [...comment('kubernetes postrouting rules'), '-j', 'KUBE-POSTROUTING'] },
  ],
};

/** Parses one rule's arguments: header fields, `-m` modules with their options, `-j` target. */
export function parseRule(table: 'filter' | 'nat', rule: IptablesRule): ParsedRule {
  const out: ParsedRule = { table, chain: rule.chain, matches: [], target: '', targetArgs: [], source: rule };
  const a = rule.args;
  let negate = false;
  for (let i = 0; i < a.length; i++) {
    const t = a[i];
    if (t === '!') {
      negate = true;
      continue;
    }
    if (t === '-s' || t === '-d') {
      out[t === '-s' ? 'src' : 'dst'] = { cidr: a[++i], negated: negate };
    } else if (t === '-p') {
      out.proto = a[++i];
    } else if (t === '-m') {
      out.matches.push({ module: a[++i], options: [] });
    } else if (t === '-j') {
      out.target = a[++i];
      out.targetArgs = a.slice(i + 1);
      break;
    } else if (t.startsWith('--')) {
      const values: string[] = [];
      while (i + 1 < a.length && !a[i + 1].startsWith('-') && a[i + 1] !== '!') values.push(a[++i]);
      const current = out.matches.at(-1);
      if (!current) throw new Error(`option ${t} outside a match module in ${rule.chain}`);
      current.options.push({ name: t, values, negated: negate });
    } else {
      throw new Error(`unexpected token ${t} in ${rule.chain}`);
    }
    negate = false;
  }
  return out;
}

/** Every rule of both tables, built-in jumps first, parsed and grouped by chain. */
export interface ParsedRuleSet {
  filter: Map<string, ParsedRule[]>;
  nat: Map<string, ParsedRule[]>;
  /** User chains per table, as declared. */
  chains: Record<'filter' | 'nat', string[]>;
}

/** Parses a proxier rule set together with the built-in jumps kube-proxy ensures. */
export function parseRuleSet(rs: IptablesRuleSet): ParsedRuleSet {
  const out: ParsedRuleSet = { filter: new Map(), nat: new Map(), chains: { filter: rs.filter.chains, nat: rs.nat.chains } };
  for (const table of ['filter', 'nat'] as const) {
    const m = out[table];
    for (const c of [...BUILTIN_CHAINS[table], ...rs[table].chains]) m.set(c, []);
    for (const r of [...(rs.builtinJumps ?? BUILTIN_JUMPS)[table], ...rs[table].rules]) m.get(r.chain)?.push(parseRule(table, r));
  }
  return out;
}
