/**
 * kube-proxy for one simulated node (upstream cmd/kube-proxy + pkg/proxy): watches Services and
 * EndpointSlices through informers, keeps the service and endpoints maps up to date per object, and
 * re-renders its iptables rules (or ipvs virtual servers) at most once per minSyncPeriod.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../api/types';
import type { Component, ComponentContext } from '../../client/component';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import type { TimerId } from '../../sim/types';
import type { DnsSource } from './dns';
import { EndpointsMap, type EndpointWithChain } from './endpoints-map';
import { buildIptablesRules, renderRestore, type IptablesRuleSet } from './iptables-proxier';
import { parseRuleSet, type ParsedRuleSet } from './iptables-rules';
import { renderIptablesSave } from './iptables-save';
import { buildVirtualServers, IpvsScheduler, renderIpvsadm, type VirtualServer } from './ipvs';
import { ServiceMap, type ServicePortInfo } from './service-ports';

/** Upstream's default minSyncPeriod (1s): bursts of changes become one rule rewrite. */
export const DEFAULT_MIN_SYNC_PERIOD_MS = 1000;

/** How often a sync waiting for the informers' first lists looks again. */
const CACHE_WAIT_MS = 100;

/** kubeadm's default pod network CIDR, the local-traffic detector's range unless told. */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

/** Services and slices kube-proxy leaves alone (another proxy's, or headless). */
export const PROXY_LABEL_SELECTOR = '!service.kubernetes.io/service-proxy-name,!service.kubernetes.io/headless';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const ENDPOINT_SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

/** Per-node settings. */
export interface KubeProxyOptions {
  nodeName: string;
  /** The node's addresses (NodePorts answer on these). */
  nodeIPs: string[];
  mode?: 'iptables' | 'ipvs';
  clusterCIDR?: string;
  masqueradeAll?: boolean;
  minSyncPeriodMs?: number;
}

/** The proxy component of one node. */
export class KubeProxy implements Component {
  readonly services: SharedInformer<Service & KubeObject>;
  readonly endpointSlices: SharedInformer<EndpointSlice & KubeObject>;
  readonly serviceMap = new ServiceMap();
  readonly endpointsMap: EndpointsMap;
  readonly mode: 'iptables' | 'ipvs';
  /** xt_recent lists of this node's kernel (ClientIP affinity in iptables mode). */
  readonly recent = new Map<string, Map<string, number>>();
  /** The IPVS scheduler state of this node's kernel. */
  readonly ipvs = new IpvsScheduler();
  /** How many times the rules were rewritten. */
  syncCount = 0;
  private ruleSet: IptablesRuleSet | undefined;
  private parsed: ParsedRuleSet | undefined;
  private servers: VirtualServer[] = [];
  private endpointIndex = new Map<string, EndpointWithChain>();
  private pending: TimerId | undefined;
  private lastSyncMs = -Infinity;
  private running = false;

  constructor(
    private readonly ctx: ComponentContext,
    readonly opts: KubeProxyOptions,
  ) {
    this.mode = opts.mode ?? 'iptables';
    this.endpointsMap = new EndpointsMap(opts.nodeName);
    const common = { timers: ctx.timers, labelSelector: PROXY_LABEL_SELECTOR };
    this.services = new SharedInformer(ctx.client.resource<Service & KubeObject>(SERVICES), { ...common, name: `kube-proxy:${opts.nodeName}:services` });
    this.endpointSlices = new SharedInformer(ctx.client.resource<EndpointSlice & KubeObject>(ENDPOINT_SLICES), { ...common, name: `kube-proxy:${opts.nodeName}:endpointslices` });
    this.services.addEventHandler({
      onAdd: (s) => this.changed(this.serviceMap.update(s)),
      onUpdate: (_o, s) => this.changed(this.serviceMap.update(s)),
      onDelete: (x) => {
        const s = objectOfDelete(x);
        this.changed(this.serviceMap.delete(s.metadata.namespace ?? '', s.metadata.name ?? ''));
      },
    });
    this.endpointSlices.addEventHandler({
      onAdd: (s) => this.changed(this.endpointsMap.update(s)),
      onUpdate: (_o, s) => this.changed(this.endpointsMap.update(s)),
      onDelete: (x) => this.changed(this.endpointsMap.delete(objectOfDelete(x))),
    });
  }

  /** The node's addresses. */
  get nodeIPs(): string[] {
    return this.opts.nodeIPs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.services.run();
    this.endpointSlices.run();
    const nodeRef: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: this.opts.nodeName, uid: this.opts.nodeName } };
    this.ctx.recorder.event(nodeRef, 'Normal', 'Starting', '');
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.pending !== undefined) this.ctx.timers.cancel(this.pending);
    this.pending = undefined;
    this.services.stop();
    this.endpointSlices.stop();
  }

  private changed(didChange: boolean): void {
    if (didChange) this.schedule();
  }

  /** Arranges one sync no sooner than minSyncPeriod after the last. */
  private schedule(delayMs?: number): void {
    if (!this.running || this.pending !== undefined) return;
    const minPeriod = this.opts.minSyncPeriodMs ?? DEFAULT_MIN_SYNC_PERIOD_MS;
    const delay = delayMs ?? Math.max(0, this.lastSyncMs + minPeriod - this.ctx.clock.now());
    this.pending = this.ctx.timers.after(delay, () => {
      this.pending = undefined;
      // Rules from half-filled caches would briefly reject live services: wait for both lists.
      if (!this.services.hasSynced() || !this.endpointSlices.hasSynced()) {
        this.schedule(CACHE_WAIT_MS);
        return;
      }
      this.syncProxyRules();
    }, `kube-proxy:${this.opts.nodeName}:sync`);
  }

  /** Rebuilds the node's rules from the current maps. */
  syncProxyRules(): void {
    this.lastSyncMs = this.ctx.clock.now();
    this.syncCount++;
    const services = this.serviceMap.list();
    const endpointsFor = (svc: ServicePortInfo) => this.endpointsMap.endpointsFor(svc);
    const index = new Map<string, EndpointWithChain>();
    for (const svc of services) for (const e of endpointsFor(svc)) index.set(e.endpoint, e);
    this.endpointIndex = index;
    const cfg = { clusterCIDR: this.opts.clusterCIDR ?? DEFAULT_CLUSTER_CIDR, masqueradeAll: !!this.opts.masqueradeAll, localhostNodePorts: true, nodeIP: this.opts.nodeIPs[0] };
    this.ruleSet = buildIptablesRules(services, endpointsFor, cfg);
    this.parsed = parseRuleSet(this.ruleSet);
    this.servers = this.mode === 'ipvs' ? buildVirtualServers(services, endpointsFor, this.opts.nodeIPs) : [];
  }

  /** The rules as kube-proxy last wrote them (iptables-restore input); empty before the first sync. */
  iptablesRestore(): string {
    return this.ruleSet ? renderRestore(this.ruleSet) : '';
  }

  /** What `iptables-save` prints on this node. */
  iptablesSave(opts: { generatedOn?: string } = {}): string {
    return this.ruleSet ? renderIptablesSave(this.ruleSet, opts) : '';
  }

  /** What `ipvsadm -Ln` prints on this node (ipvs mode). */
  ipvsadm(): string {
    return renderIpvsadm(this.servers);
  }

  /** The parsed rules packets walk through (undefined before the first sync). */
  get rules(): ParsedRuleSet | undefined {
    return this.parsed;
  }

  /** The ipvs virtual servers (ipvs mode). */
  get virtualServers(): VirtualServer[] {
    return this.servers;
  }

  /** The endpoint behind `ip:port`, if it backs any service. */
  endpoint(ipPort: string): EndpointWithChain | undefined {
    return this.endpointIndex.get(ipPort);
  }

  /** DNS answers from this proxy's caches (no headless endpoints: kube-proxy does not watch them). */
  dnsSource(): DnsSource {
    return {
      service: (ns, name) => this.services.lister.get(ns, name),
      endpointAddresses: () => [],
    };
  }
}
