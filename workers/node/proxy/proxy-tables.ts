/**
 * What one sync of the proxier leaves in the node's kernel: iptables rules (both modes), ipvs
 * virtual servers and ipsets (ipvs mode), and the endpoint index traffic uses. Built on first
 * read from the maps as they were at sync time, so nodes nobody inspects or sends traffic
 * through cost a snapshot per sync and nothing more.
 */
import type { EndpointsMap, EndpointWithChain } from './endpoints-map';
import { buildIptablesRules, type IptablesRuleSet } from './iptables-proxier';
import { parseRuleSet, type ParsedRuleSet } from './iptables-rules';
import { buildVirtualServers, type VirtualServer } from './ipvs';
import { buildIpSets, buildIpvsIptablesRules, type IpSet } from './ipvs-rules';
import type { ServiceMap, ServicePortInfo } from './service-ports';

/** The proxier settings the tables depend on. */
export interface ProxyTablesConfig {
  /** Decides which endpoints are local. */
  nodeName: string;
  mode: 'iptables' | 'ipvs';
  clusterCIDR: string;
  masqueradeAll: boolean;
  nodeIPs: string[];
  ipvsScheduler?: string;
}

/** Everything one sync produced. */
export interface BuiltTables {
  ruleSet: IptablesRuleSet;
  parsed: ParsedRuleSet;
  servers: VirtualServer[];
  sets: Map<string, IpSet>;
  /** `ip:port` -> the endpoint, for every endpoint of every proxied service port. */
  endpointIndex: Map<string, EndpointWithChain>;
}

/** The tables of one sync, computed when first asked for. */
export class ProxyTables {
  private built: BuiltTables | undefined;

  constructor(
    private readonly services: ServiceMap,
    private readonly endpoints: EndpointsMap,
    private readonly cfg: ProxyTablesConfig,
  ) {}

  get(): BuiltTables {
    return (this.built ??= this.build());
  }

  private build(): BuiltTables {
    const services = this.services.list();
    const memo = new Map<ServicePortInfo, EndpointWithChain[]>();
    const endpointsFor = (svc: ServicePortInfo) => {
      let eps = memo.get(svc);
      if (!eps) memo.set(svc, (eps = this.endpoints.endpointsFor(svc, this.cfg.nodeName)));
      return eps;
    };
    const endpointIndex = new Map<string, EndpointWithChain>();
    for (const svc of services) for (const e of endpointsFor(svc)) endpointIndex.set(e.endpoint, e);
    const { cfg } = this;
    const nodeIP = cfg.nodeIPs[0];
    const common = { clusterCIDR: cfg.clusterCIDR, masqueradeAll: cfg.masqueradeAll, nodeIP };
    if (cfg.mode === 'ipvs') {
      const sets = buildIpSets(services, endpointsFor, nodeIP);
      const ruleSet = buildIpvsIptablesRules(sets, common);
      const servers = buildVirtualServers(services, endpointsFor, cfg.nodeIPs, cfg.ipvsScheduler);
      return { ruleSet, parsed: parseRuleSet(ruleSet), servers, sets, endpointIndex };
    }
    const ruleSet = buildIptablesRules(services, endpointsFor, { ...common, localhostNodePorts: true });
    return { ruleSet, parsed: parseRuleSet(ruleSet), servers: [], sets: new Map(), endpointIndex };
  }
}
