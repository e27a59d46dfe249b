/**
 * A whole live cluster: the Cluster (kernel, store, apiserver), the control plane (kube-scheduler,
 * kube-controller-manager) on the master kernel, and the nodes in node shards driven in lockstep.
 * The same assembly runs in the browser's workers, in `npm run serve`, `npm run sim`, tests and
 * the bench. Faults are methods here, callable from the UI and from scenario scripts.
 */
import { resourceForKind } from '../api/registry';
import type { KubeObject } from '../api/types';
import { resourcePath } from '../kubectl/paths';
import type { ApiRequest, ApiResult, UserInfo } from '../apiserver/types';
import type { Persistence } from '../store/types';
import type { NodeShard } from '../node/shard/node-shard';
import { machinesOfNodes, type ResumedMachine } from '../node/resumed-machines';
import { LockstepDriver, type LockstepSystem } from '../sim/lockstep-driver';
import type { NodeFault, ShardEndpoint, TrafficRequest } from '../sim/lockstep-protocol';
import type { RequestResult, RequestSource } from '../node/proxy/traffic';
import type { HostTimer } from '../sim/host-timer';
import { Cluster, DEFAULT_EPOCH_MS } from './cluster';
import { CLUSTER_CIDR, CONTROLLER_SERVICE_ACCOUNTS, ControlPlane, podSubnetFor } from './control-plane';
import { defaultLayout, nodeConfigs, type NodeLayout } from './cluster-layout';
import { KernelTransport } from './kernel-transport';
import { kubeadmAddons, podSubnetOfKubeProxyConfig } from './kubeadm-addons';
import { NodeGateway } from './node-gateway';

/** One-way latency between any component and the apiserver, virtual ms. */
export const NETWORK_LATENCY_MS = 1;

/** The most virtual time a first boot runs at full speed waiting for its machines to be Ready. */
const BOOT_WARP_MAX_MS = 2_000;

/** The longest a simulated request may take before the caller stops driving time for it. */
const TRAFFIC_TIMEOUT_MS = 60_000;

/** The identity kubeadm's add-on phase uses (super-admin.conf). */
const KUBEADM_USER: UserInfo = { username: 'kubernetes-super-admin', groups: ['system:masters', 'system:authenticated'] };

/** Who sends simulated traffic: a pod, a node's host network, or a client outside the cluster. */
export type TrafficClient = { pod: { namespace: string; name: string } } | { node: string } | { external: { ip: string; viaNode?: string } };

export interface SimulationConfig {
  seed: number;
  /** Virtual time at boot (default: the fixed scenario epoch). */
  epochMs?: number;
  persistence?: Persistence;
  resumeAtMs?: number;
  /** The machines at boot (default: control-plane, worker-1, worker-2). */
  layout?: NodeLayout[];
  /**
   * The pod network (kubeadm's networking.podSubnet, kube-controller-manager's --cluster-cidr) of a
   * first boot; default: `podSubnetFor` the layout. A resumed cluster keeps the one it booted with.
   */
  podSubnet?: string;
  /** Node shards to run nodes on; default: `shardCount` in-process shards. */
  shards?: ShardEndpoint[];
  /** In-process shards to create when `shards` is not given (default 1). */
  shardCount?: number;
  /** The host's clock and yields for the real-time driver (tests pass a fake). */
  host?: HostTimer;
  /** Called when an event throws inside the simulation (default: rethrow). */
  onError?: (err: unknown, label: string) => void;
}

/** A running cluster with its control plane and nodes. */
export class Simulation implements LockstepSystem {
  readonly latencyMs = NETWORK_LATENCY_MS;
  readonly driver: LockstepDriver;
  readonly gateway: NodeGateway;
  readonly controlPlane: ControlPlane;
  private nextNodeIndex = 0;
  /** Machines joined by a first boot (0 when resumed). */
  private bootMachines = 0;
  /** Extra virtual ms every write spends in etcd (0: healthy). */
  private etcdLatencyMs = 0;
  private readonly trafficCounts = new Map<string, number>();

  private constructor(
    readonly cluster: Cluster,
    readonly seed: number,
    host: HostTimer | undefined,
    /** The cluster's pod network, from which each node gets a /24. */
    readonly podSubnet: string,
  ) {
    const kernel = cluster.kernel;
    this.driver = new LockstepDriver(this, { host });
    // One persistence transaction per tick of the driver (a batch of windows), as DESIGN.md section 4 asks.
    this.driver.onTick(() => void cluster.store.flush());
    const etcdLatencyMs = () => this.etcdLatencyMs;
    this.gateway = new NodeGateway(cluster.apiserver, kernel, this.latencyMs, etcdLatencyMs);
    const transport = new KernelTransport(cluster.apiserver, kernel, { requestLatencyMs: this.latencyMs, watchLatencyMs: this.latencyMs, etcdLatencyMs });
    this.controlPlane = new ControlPlane({ transport, clock: kernel, timers: kernel, rng: cluster.rng.fork('control-plane') }, { clusterCidr: podSubnet });
    cluster.apiserver.setLogProvider((pod, opts) => this.gateway.logs(pod, opts));
  }

  /** Boots (or restores) a cluster: kubeadm's add-ons on first boot, then control plane and nodes. */
  static async open(cfg: SimulationConfig): Promise<Simulation> {
    const epochMs = cfg.epochMs ?? DEFAULT_EPOCH_MS;
    const layout = cfg.layout ?? defaultLayout();
    const cluster = await Cluster.open({ seed: cfg.seed, epochMs, persistence: cfg.persistence, resumeAtMs: cfg.resumeAtMs, onError: cfg.onError, flushOnKernelTick: false });
    const podSubnet = cluster.resumed
      ? (podSubnetOfKubeProxyConfig(cluster.store.get('/registry/configmaps/kube-system/kube-proxy')?.object) ?? CLUSTER_CIDR)
      : (cfg.podSubnet ?? podSubnetFor(layout.length));
    const sim = new Simulation(cluster, cfg.seed, cfg.host, podSubnet);
    const shards = cfg.shards ?? (await sim.inProcessShards(cfg.shardCount ?? 1, cluster.kernel.now(), cfg.onError));
    for (const s of shards) sim.gateway.addShard(s);
    if (!cluster.resumed) sim.kubeadmInit();
    sim.controlPlane.start();
    // A resumed cluster's machines are the ones its Nodes show, carrying on where they were.
    const machines = cluster.resumed ? machinesOfNodes(cluster.store.list('/registry/nodes/').items) : [];
    if (machines.length) await sim.resumeMachines(machines);
    else {
      sim.bootMachines = layout.length;
      await sim.addNodes(layout);
    }
    return sim;
  }

  /**
   * Builds the machines of a resumed cluster again as they booted; each kubelet reads its Node and
   * pods back from the apiserver and carries on (workers/node/kubelet/pod-restore.ts).
   */
  private async resumeMachines(machines: ResumedMachine[]): Promise<void> {
    const revision = this.cluster.store.revision;
    const specs = machines.map(({ index, layout }) => {
      const config = nodeConfigs([layout], index, this.podSubnet)[0];
      config.kubelet.resumedAtRevision = revision;
      return { name: layout.name, config };
    });
    this.nextNodeIndex = machines[machines.length - 1].index + 1;
    await this.gateway.addNodes(specs);
  }

  /**
   * Shards in this thread (tests, Node). Imported on demand: in the browser the nodes run in node
   * workers, and the cluster worker's first download should not carry a second copy of them.
   */
  /**
   * On a first boot, lets the real-time driver run as fast as possible until every machine's Node is
   * Ready (at most BOOT_WARP_MAX_MS of virtual time), then at the chosen speed: the cluster a class
   * opens is the one `kubeadm` already set up, not one they wait for at 1x. The history is the same.
   */
  warpBoot(): void {
    if (this.cluster.resumed || this.bootMachines === 0) return;
    const want = this.bootMachines;
    this.driver.warpUntil(() => this.readyNodeCount() >= want, this.now() + BOOT_WARP_MAX_MS);
  }

  /** Nodes whose Ready condition is True. */
  readyNodeCount(): number {
    let ready = 0;
    for (const node of this.cluster.store.list('/registry/nodes/').items) {
      const conditions = (node as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions;
      if (conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
    }
    return ready;
  }

  private async inProcessShards(count: number, epochMs: number, onError?: (err: unknown, label: string) => void): Promise<NodeShard[]> {
    const { NodeShard } = await import('../node/shard/node-shard');
    return Array.from({ length: count }, () => new NodeShard({ seed: this.seed, epochMs, settle: this.driver.settle, onError }));
  }

  private kubeadmInit(): void {
    const objects: KubeObject[] = [
      ...CONTROLLER_SERVICE_ACCOUNTS.map((name) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'kube-system' } })),
      ...kubeadmAddons(this.podSubnet),
    ];
    for (const obj of objects) {
      const res = this.cluster.apiserver.handleSync(createRequest(obj));
      if (res.kind !== 'response' || res.status >= 300) throw new Error(`kubeadm could not create ${obj.kind} ${obj.metadata.name}: ${JSON.stringify(res.kind === 'response' ? res.body : res.kind)}`);
    }
  }

  // --- LockstepSystem ---------------------------------------------------------------------------

  now(): number {
    return this.cluster.kernel.now();
  }

  nextEventAt(): number | undefined {
    return this.gateway.nextEventAt();
  }

  runWindow(untilMs: number): Promise<void> {
    return this.gateway.runWindow(untilMs, this.driver.settle);
  }

  // --- Running --------------------------------------------------------------------------------

  /** Advances virtual time by `ms` as fast as possible. */
  advance(ms: number): Promise<void> {
    return this.driver.advanceTo(this.now() + ms);
  }

  /** Advances until `done()` holds (checked after each window) or `maxMs` of virtual time passed. */
  async advanceUntil(done: () => boolean, maxMs: number): Promise<boolean> {
    if (done()) return true;
    await this.driver.advanceTo(this.now() + maxMs, done);
    return done();
  }

  /** An API request as a user (default: the cluster admin), answered at the current instant. */
  request(req: ApiRequest): Promise<ApiResult> {
    return this.cluster.apiserver.handle({ user: KUBEADM_USER, ...req });
  }

  // --- Machines and faults ----------------------------------------------------------------------

  /** `kubeadm join`s new machines. */
  async addNodes(layout: NodeLayout[]): Promise<void> {
    const configs = nodeConfigs(layout, this.nextNodeIndex, this.podSubnet);
    this.nextNodeIndex += layout.length;
    await this.gateway.addNodes(configs.map((config) => ({ name: config.kubelet.nodeName, config })));
  }

  /** Deletes a machine (its kubelet and containers vanish) and its Node object. */
  async deleteNode(name: string): Promise<void> {
    await this.gateway.removeNode(name);
    this.cluster.apiserver.handleSync({ method: 'DELETE', path: `/api/v1/nodes/${name}`, user: KUBEADM_USER });
  }

  nodeFault(node: string, fault: NodeFault): void {
    this.gateway.fault(node, fault);
  }

  stopKubelet(node: string): void {
    this.nodeFault(node, { type: 'stop-kubelet' });
  }

  startKubelet(node: string): void {
    this.nodeFault(node, { type: 'start-kubelet' });
  }

  killContainer(node: string, podUid: string, container: string): void {
    this.nodeFault(node, { type: 'kill-container', podUid, container });
  }

  /** Cuts (true) or heals (false) the network between a node and the apiserver. */
  partitionNode(node: string, cut: boolean): void {
    this.gateway.setPartitioned(node, cut);
  }

  /** Stops kube-scheduler: new pods stay Pending until it returns. */
  stopScheduler(): void {
    this.controlPlane.scheduler.stop();
  }

  startScheduler(): void {
    this.controlPlane.scheduler.start();
  }

  /** Stops kube-controller-manager: replicas stop converging, nodes are not watched, until it returns. */
  stopControllerManager(): void {
    this.controlPlane.controllerManager.stop();
  }

  startControllerManager(): void {
    this.controlPlane.controllerManager.start();
  }

  /** Makes every write spend `latencyMs` more in etcd (0 heals it). */
  slowEtcd(latencyMs: number): void {
    if (!(latencyMs >= 0 && latencyMs <= 60_000)) throw new RangeError(`etcd latency must be 0..60000 ms, got ${latencyMs}`);
    this.etcdLatencyMs = latencyMs;
  }

  get etcdLatency(): number {
    return this.etcdLatencyMs;
  }

  // --- Traffic ----------------------------------------------------------------------------------

  /**
   * Sends one simulated HTTP request: from a pod (by namespace and name), from a node's host, or
   * from outside the cluster to a node address. The entry node's kube-proxy rules pick the endpoint;
   * the pod that answers logs it (nginx's access log). Resolves with what the client saw.
   */
  async sendTraffic(from: TrafficClient, target: string, http?: TrafficRequest['http']): Promise<RequestResult> {
    const { node, source } = this.trafficEntry(from, target);
    let answer: RequestResult | undefined;
    const pending = this.gateway.sendTraffic(node, { from: source, target, http }).then((r) => (answer = r as RequestResult));
    // Paused (tests, scripts): run the few virtual ms the round trip takes; running: time brings it.
    if (this.driver.paused && !(await this.advanceUntil(() => answer !== undefined, TRAFFIC_TIMEOUT_MS))) {
      throw new Error(`no answer from node ${node} within ${TRAFFIC_TIMEOUT_MS / 1000} s of virtual time`);
    }
    const result = await pending;
    if (result.outcome === 'connected' && result.endpoint) {
      const key = result.endpoint.pod ? `${result.endpoint.pod.namespace}/${result.endpoint.pod.name}` : `${result.endpoint.ip}:${result.endpoint.port}`;
      this.trafficCounts.set(key, (this.trafficCounts.get(key) ?? 0) + 1);
    }
    return result;
  }

  /** Connections accepted per pod (`ns/name`) since boot or the last reset, sorted by key. */
  trafficByPod(): Record<string, number> {
    return Object.fromEntries([...this.trafficCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  resetTraffic(): void {
    this.trafficCounts.clear();
  }

  private trafficEntry(from: TrafficClient, target: string): { node: string; source: RequestSource } {
    const entry = this.sourceEntry(from, target);
    // A packet to another machine's address leaves its own node untouched (the NodePort rules match
    // only local destinations) and is handled by the rules of the machine it reaches, where it
    // arrives from the client's address: each node's kube-proxy rules live with that node.
    const host = target.replace(/:\d+$/, '');
    const owner = 'external' in entry.source ? undefined : this.nodeWithAddress(host);
    if (owner && owner !== entry.node) {
      const ip = 'pod' in entry.source ? entry.source.pod.ip : this.nodeAddress(entry.node);
      if (ip) return { node: owner, source: { external: { ip, viaNode: owner } } };
    }
    return entry;
  }

  private nodeAddress(name: string): string | undefined {
    const node = this.cluster.store.get(`/registry/nodes/${name}`)?.object;
    return (node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  }

  private sourceEntry(from: TrafficClient, target: string): { node: string; source: RequestSource } {
    if ('pod' in from) {
      const pod = this.cluster.store.get(`/registry/pods/${from.pod.namespace}/${from.pod.name}`)?.object;
      const spec = pod?.spec as { nodeName?: string } | undefined;
      const ip = (pod?.status as { podIP?: string } | undefined)?.podIP;
      if (!pod || !spec?.nodeName || !ip) throw new Error(`pod ${from.pod.namespace}/${from.pod.name} is not running on a node`);
      return { node: spec.nodeName, source: { pod: { namespace: from.pod.namespace, name: from.pod.name, ip, nodeName: spec.nodeName } } };
    }
    if ('node' in from) return { node: from.node, source: from };
    const host = target.replace(/:\d+$/, '');
    const node = from.external.viaNode ?? this.nodeWithAddress(host);
    if (!node) throw new Error(`no node has the address ${host}`);
    return { node, source: { external: { ip: from.external.ip, viaNode: node } } };
  }

  private nodeWithAddress(ip: string): string | undefined {
    for (const n of this.cluster.store.list('/registry/nodes/').items) {
      const addrs = (n.status as { addresses?: { address: string }[] } | undefined)?.addresses ?? [];
      if (addrs.some((a) => a.address === ip)) return n.metadata.name;
    }
    return undefined;
  }

  /** Stops time and commits what is buffered. */
  async close(): Promise<void> {
    this.driver.pause();
    await this.driver.idle();
    this.controlPlane.stop();
    await this.cluster.close();
  }
}

function createRequest(obj: KubeObject): ApiRequest {
  const info = resourceForKind(obj.apiVersion, obj.kind);
  if (!info) throw new Error(`kubeadm: no resource for ${obj.apiVersion} ${obj.kind}`);
  return { method: 'POST', path: resourcePath(info, obj.metadata.namespace), body: obj, user: KUBEADM_USER, headers: { 'content-type': 'application/json' } };
}
