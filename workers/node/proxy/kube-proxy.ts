/**
 * kube-proxy for one simulated node (upstream cmd/kube-proxy + pkg/proxy): watches Services and
 * EndpointSlices through informers, keeps the service and endpoints maps up to date per object, and
 * re-renders its iptables rules (or ipvs virtual servers) through a BoundedFrequencyRunner: at
 * most 2 syncs back to back, then one per minSyncPeriod, and a full resync after maxInterval
 * without changes (iptables: upstream FullSyncPeriod, 1 h; ipvs: syncPeriod, 30 s). Every sync is
 * a full rebuild: upstream's partial iptables-restore (only changed service chains) is not
 * simulated, which changes nothing in the resulting tables.
 */
import type { KubeObject } from '../../api/types';
import type { Component, ComponentContext } from '../../client/component';
import type { Rng, TimerId } from '../../sim/types';
import type { DnsSource } from './dns';
import type { EndpointsMap, EndpointWithChain } from './endpoints-map';
import { renderRestore } from './iptables-proxier';
import type { ParsedRuleSet } from './iptables-rules';
import { renderIptablesSave } from './iptables-save';
import { IpvsScheduler, renderIpvsadm, type VirtualServer } from './ipvs';
import { renderIpsetList, type IpSet } from './ipvs-rules';
import { ProxyTables } from './proxy-tables';
import { ProxySources } from './proxy-sources';
import type { ServiceMap } from './service-ports';
import { BoundedFrequencyRunner } from './sync-runner';

/** Upstream's default iptables.minSyncPeriod (1 s); ipvs.minSyncPeriod has no default (0). */
export const DEFAULT_MIN_SYNC_PERIOD_MS = 1000;

/** Upstream's default iptables.syncPeriod and ipvs.syncPeriod (30 s). */
export const DEFAULT_SYNC_PERIOD_MS = 30_000;

/** Upstream proxyutil.FullSyncPeriod: the iptables proxier's forced full resync (1 h). */
export const FULL_SYNC_PERIOD_MS = 3_600_000;

/** Syncs the proxiers allow back to back before minSyncPeriod applies (upstream burstSyncs). */
const BURST_SYNCS = 2;

/** How often a sync waiting for the informers' first lists looks again. */
const CACHE_WAIT_MS = 100;

/** kubeadm's default pod network CIDR, the local-traffic detector's range unless told. */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

export { PROXY_LABEL_SELECTOR } from './proxy-sources';

/** Per-node settings. */
export interface KubeProxyOptions {
  nodeName: string;
  /** The node's addresses (NodePorts answer on these). */
  nodeIPs: string[];
  mode?: 'iptables' | 'ipvs';
  clusterCIDR?: string;
  masqueradeAll?: boolean;
  /** Default 1 s in iptables mode, 0 in ipvs mode (upstream defaults). */
  minSyncPeriodMs?: number;
  /**
   * Default 30 s. ipvs: the runner's maxInterval (a resync every 30 s). iptables: upstream only
   * checks its canary chain this often and resyncs if someone flushed the tables, which nothing
   * does here; the forced full resync comes every FULL_SYNC_PERIOD_MS.
   */
  syncPeriodMs?: number;
  /** The ipvs scheduler (default `rr`). */
  ipvsScheduler?: string;
  /**
   * Inputs shared by the proxies of one node worker (their selector and maps do not depend on the
   * node). The owner runs and stops them; without them each proxy has its own.
   */
  sources?: ProxySources;
}

/** The proxy component of one node. */
export class KubeProxy implements Component {
  readonly sources: ProxySources;
  readonly mode: 'iptables' | 'ipvs';
  /** xt_recent lists of this node's kernel (ClientIP affinity in iptables mode). */
  readonly recent = new Map<string, Map<string, number>>();
  /** The IPVS scheduler state of this node's kernel. */
  readonly ipvs = new IpvsScheduler();
  /** This node's kernel randomness (`-m statistic --mode random`), from the component rng. */
  readonly rng: Rng;
  /** How many times the rules were rewritten. */
  syncCount = 0;
  /** Virtual time of the last rewrite (undefined before the first). */
  lastSyncMs: number | undefined;
  /** What the last sync left in the kernel (undefined before the first). */
  private tables: ProxyTables | undefined;
  private readonly runner: BoundedFrequencyRunner;
  private waitForCaches: TimerId | undefined;
  private initialized = false;
  private running = false;
  private readonly sharedSources: boolean;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ctx: ComponentContext,
    readonly opts: KubeProxyOptions,
  ) {
    this.mode = opts.mode ?? 'iptables';
    this.rng = ctx.rng.fork('netfilter');
    const syncPeriodMs = opts.syncPeriodMs ?? DEFAULT_SYNC_PERIOD_MS;
    this.runner = new BoundedFrequencyRunner(ctx.clock, ctx.timers, () => this.syncProxyRules(), {
      name: `kube-proxy:${opts.nodeName}:sync-runner`,
      minIntervalMs: opts.minSyncPeriodMs ?? (this.mode === 'ipvs' ? 0 : DEFAULT_MIN_SYNC_PERIOD_MS),
      maxIntervalMs: this.mode === 'ipvs' ? syncPeriodMs : FULL_SYNC_PERIOD_MS,
      burst: BURST_SYNCS,
    });
    this.sharedSources = !!opts.sources;
    this.sources = opts.sources ?? new ProxySources(ctx, opts.nodeName);
  }

  /** The Services informer (for listers and the UI). */
  get services(): ProxySources['services'] {
    return this.sources.services;
  }

  /** The EndpointSlices informer. */
  get endpointSlices(): ProxySources['endpointSlices'] {
    return this.sources.endpointSlices;
  }

  /** The proxy's service map (shared when the sources are). */
  get serviceMap(): ServiceMap {
    return this.sources.serviceMap;
  }

  /** The proxy's endpoints map (shared when the sources are). */
  get endpointsMap(): EndpointsMap {
    return this.sources.endpointsMap;
  }

  /** The node's addresses. */
  get nodeIPs(): string[] {
    return this.opts.nodeIPs;
  }

  /** Starts syncing; `announce` false for a resumed node's proxy, whose process never stopped. */
  start(announce = true): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.sources.subscribe(() => this.changed());
    if (!this.sharedSources) this.sources.run();
    const nodeRef: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: this.opts.nodeName, uid: this.opts.nodeName } };
    if (announce) this.ctx.recorder.event(nodeRef, 'Normal', 'Starting', '');
    this.runner.start();
    this.awaitCaches();
  }

  stop(): void {
    this.running = false;
    this.initialized = false;
    this.runner.stop();
    if (this.waitForCaches !== undefined) this.ctx.timers.cancel(this.waitForCaches);
    this.waitForCaches = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (!this.sharedSources) this.sources.stop();
  }

  /** Upstream's handlers ask for a sync only once initialized; the first sync covers the rest. */
  private changed(): void {
    if (this.initialized) this.runner.run();
  }

  /**
   * Upstream syncs once, unconditionally, when both informers have listed (OnServiceSynced /
   * OnEndpointSlicesSynced); until then syncs do nothing, so half-filled caches never reject live
   * services.
   */
  private awaitCaches(): void {
    this.waitForCaches = this.ctx.timers.after(CACHE_WAIT_MS, () => {
      this.waitForCaches = undefined;
      if (!this.running) return;
      if (!this.sources.hasSynced()) return this.awaitCaches();
      this.initialized = true;
      this.syncProxyRules();
    }, `kube-proxy:${this.opts.nodeName}:caches`);
  }

  /** Rewrites the node's rules from the current maps (a no-op until the caches have listed). */
  syncProxyRules(): void {
    if (!this.initialized) return;
    this.lastSyncMs = this.ctx.clock.now();
    this.syncCount++;
    this.tables = new ProxyTables(this.serviceMap.snapshot(), this.endpointsMap.snapshot(), {
      nodeName: this.opts.nodeName,
      mode: this.mode,
      clusterCIDR: this.opts.clusterCIDR ?? DEFAULT_CLUSTER_CIDR,
      masqueradeAll: !!this.opts.masqueradeAll,
      nodeIPs: this.opts.nodeIPs,
      ipvsScheduler: this.opts.ipvsScheduler,
    });
  }

  /** Tests and tools: treat the caches as listed, so `syncProxyRules` works on hand-fed maps. */
  markInitialized(): void {
    this.initialized = true;
  }

  /** The rules as kube-proxy last wrote them (iptables-restore input); empty before the first sync. */
  iptablesRestore(): string {
    return this.tables ? renderRestore(this.tables.get().ruleSet) : '';
  }

  /** What `iptables-save` prints on this node. */
  iptablesSave(opts: { generatedOn?: string } = {}): string {
    return this.tables ? renderIptablesSave(this.tables.get().ruleSet, opts) : '';
  }

  /** What `ipvsadm -Ln` prints on this node (ipvs mode). */
  ipvsadm(): string {
    return renderIpvsadm(this.virtualServers());
  }

  /**
   * For the UI: the node's tables as `iptables-save` prints them ('' before the first sync); in
   * ipvs mode the ipvs proxier's ipset-based rules.
   */
  rules(): string {
    return this.iptablesSave();
  }

  /** For the UI: the ipvs virtual servers with their real servers (ipvs mode; [] otherwise). */
  virtualServers(): readonly VirtualServer[] {
    return this.tables?.get().servers ?? [];
  }

  /** For the UI: the ipvs proxier's ipsets (ipvs mode; [] otherwise). */
  ipsets(): IpSet[] {
    return [...(this.tables?.get().sets.values() ?? [])];
  }

  /** The ipsets by name, for packet walks (undefined outside ipvs mode or before a sync). */
  ipsetsByName(): ReadonlyMap<string, IpSet> | undefined {
    return this.mode === 'ipvs' ? this.tables?.get().sets : undefined;
  }

  /** What `ipset list` prints on this node (ipvs mode). */
  ipsetList(): string {
    const sets = this.ipsets();
    return sets.length ? renderIpsetList(sets) : '';
  }

  /** The parsed rules packets walk through (undefined before the first sync). */
  get parsedRules(): ParsedRuleSet | undefined {
    return this.tables?.get().parsed;
  }

  /** The endpoint behind `ip:port`, if it backs any service. */
  endpoint(ipPort: string): EndpointWithChain | undefined {
    return this.tables?.get().endpointIndex.get(ipPort);
  }

  /** DNS answers from this proxy's caches (no headless endpoints: kube-proxy does not watch them). */
  dnsSource(): DnsSource {
    return {
      service: (ns, name) => this.services.lister.get(ns, name),
      endpointAddresses: () => [],
    };
  }
}
