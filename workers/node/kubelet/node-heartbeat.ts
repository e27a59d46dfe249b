/**
 * Node registration and heartbeats (kubelet_node_status.go, nodelease): register the Node, renew
 * the Lease in kube-node-lease every 10 s, and patch node status when it changed or every 5 minutes
 * (nodeStatusReportFrequency), checking every 10 s (nodeStatusUpdateFrequency).
 */
import type { KubeObject } from '../../api/types';
import { formatMicroTime } from '../../client/leader-election';
import type { ComponentContext } from '../../client/component';
import { isAlreadyExists, isConflict, isNotFound } from '../../controllers/api-errors';
import type { TimerId } from '../../sim/types';
import type { ResolvedImage } from '../runtime/images';
import { initialNode, nodeStatus, type NodeConfig } from './node-object';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

/** Lease renewal interval (a quarter of the 40 s lease duration). */
export const LEASE_RENEW_INTERVAL_MS = 10_000;
export const LEASE_DURATION_SECONDS = 40;
/** How often the kubelet computes node status. */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
/** How often unchanged node status is still reported. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 300_000;
/** Without a heartbeat for this long, the kubelet re-reads its Node before computing status. */
export const STALE_STATUS_MS = 2 * NODE_STATUS_UPDATE_FREQUENCY_MS;

/**
 * How often a kubelet without a pod range looks at its Node: upstream's fastStatusUpdateOnce polls
 * every 100 ms at start-up until the node can turn Ready.
 */
export const POD_CIDR_POLL_MS = 100;

/** The node's pod network as the heartbeat sees it. */
export interface PodNetwork {
  /** True once the CNI can hand out pod addresses. */
  ready(): boolean;
  /** The Node got its spec.podCIDR. */
  setPodCIDR(cidr: string): void;
}

/** Events for a condition turning True / False (kubelet's recordNodeStatusEvent). */
const CONDITION_EVENTS: Record<string, [string, string]> = {
  MemoryPressure: ['NodeHasInsufficientMemory', 'NodeHasSufficientMemory'],
  DiskPressure: ['NodeHasDiskPressure', 'NodeHasNoDiskPressure'],
  PIDPressure: ['NodeHasInsufficientPID', 'NodeHasSufficientPID'],
  Ready: ['NodeReady', 'NodeNotReady'],
};

/** Keeps the Node and its Lease alive. */
export class NodeHeartbeat {
  nodeUid?: string;
  registered = false;
  private lease?: KubeObject;
  private lastStatus?: Record<string, unknown>;
  private lastReportMs = 0;
  /** When the last heartbeat (status or Lease) reached the apiserver. */
  private lastOkMs = 0;
  /** True from start() until the first status is written: the process's start-up events are due. */
  private freshProcess = false;
  private timers: TimerId[] = [];
  private running = false;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly cfg: NodeConfig,
    private readonly images: () => ResolvedImage[],
    private readonly network: PodNetwork = { ready: () => true, setPodCIDR: () => undefined },
  ) {}

  /** Hands the Node's spec.podCIDR to the pod network once it has one. */
  private learnPodCIDR(node: KubeObject): void {
    const cidr = (node.spec as { podCIDR?: string } | undefined)?.podCIDR;
    if (cidr && !this.network.ready()) this.network.setPodCIDR(cidr);
  }

  /**
   * Until the node IPAM controller gives the Node a podCIDR, looks every second (the kubelet hears
   * of it through its Node informer), then reports Ready at once.
   */
  private waitForPodCIDR(): void {
    if (this.network.ready() || !this.running) return;
    this.timers.push(
      this.ctx.timers.after(POD_CIDR_POLL_MS, () => {
        if (!this.running) return;
        void this.ctx.client
          .resource(NODES)
          .get(this.cfg.nodeName)
          .then(async (node) => {
            this.learnPodCIDR(node);
            if (this.network.ready()) await this.updateStatus(true);
          })
          .catch(() => undefined)
          .then(() => this.waitForPodCIDR());
      }, 'node-podcidr'),
    );
  }

  /** An object reference for Events about the node (the kubelet uses the node name as UID). */
  nodeRef(): KubeObject {
    return { apiVersion: 'v1', kind: 'Node', metadata: { name: this.cfg.nodeName, uid: this.cfg.nodeName } };
  }

  start(): void {
    this.running = true;
    this.freshProcess = true;
    void this.register();
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers) this.ctx.timers.cancel(t);
    this.timers = [];
  }

  /**
   * A resumed kubelet carries on (the process never stopped): no registration and no start-up
   * Events. It takes the Node as it is, reads its Lease, and keeps the heartbeat's rhythm: the next
   * renewal falls 10 s after the last one the Lease shows.
   */
  resume(node: KubeObject): void {
    this.running = true;
    this.freshProcess = false;
    this.nodeUid = node.metadata.uid;
    this.learnPodCIDR(node);
    this.lastStatus = node.status as Record<string, unknown>;
    const now = this.ctx.clock.now();
    const ready = ((this.lastStatus?.conditions ?? []) as { type: string; lastHeartbeatTime?: string }[]).find((c) => c.type === 'Ready');
    const beatMs = Date.parse(ready?.lastHeartbeatTime ?? '');
    this.lastReportMs = Number.isNaN(beatMs) ? now : Math.min(beatMs, now);
    this.lastOkMs = now;
    this.registered = true;
    void this.ctx.client
      .resource(LEASES, 'kube-node-lease')
      .get(this.cfg.nodeName)
      .then((lease) => (this.lease = lease))
      .catch(() => undefined)
      .then(() => {
        if (!this.running) return;
        const renewedMs = Date.parse((this.lease?.spec as { renewTime?: string } | undefined)?.renewTime ?? '');
        const firstMs = Number.isNaN(renewedMs) ? 0 : Math.min(Math.max(renewedMs + LEASE_RENEW_INTERVAL_MS - this.ctx.clock.now(), 0), LEASE_RENEW_INTERVAL_MS);
        this.every(LEASE_RENEW_INTERVAL_MS, () => this.renewLease(), 'node-lease', firstMs);
        this.every(NODE_STATUS_UPDATE_FREQUENCY_MS, () => this.updateStatus(false), 'node-status', firstMs);
        this.waitForPodCIDR();
      });
  }

  private every(ms: number, fn: () => Promise<void>, label: string, firstMs = ms): void {
    const tick = () => {
      if (!this.running) return;
      // A failed heartbeat is retried at the next tick, as the kubelet does.
      void fn()
        .catch(() => undefined)
        .then(() => {
          if (this.running) this.timers.push(this.ctx.timers.after(ms, tick, label));
        });
    };
    this.timers.push(this.ctx.timers.after(firstMs, tick, label));
  }

  private async register(): Promise<void> {
    const rec = this.ctx.recorder;
    // Every start is a new kubelet process, and says so.
    if (this.freshProcess) rec.event(this.nodeRef(), 'Normal', 'Starting', 'Starting kubelet.');
    const node = initialNode(this.cfg, this.ctx.clock.now(), this.images());
    try {
      const created = await this.ctx.client.resource(NODES).create(node);
      this.nodeUid = created.metadata.uid;
      this.learnPodCIDR(created);
      this.recordTransitions(undefined, created.status as Record<string, unknown>);
      this.lastStatus = created.status as Record<string, unknown>;
      this.lastOkMs = this.ctx.clock.now();
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await this.ctx.client.resource(NODES).get(this.cfg.nodeName);
      this.nodeUid = existing.metadata.uid;
      this.learnPodCIDR(existing);
      this.lastStatus = existing.status as Record<string, unknown>;
      await this.updateStatus(true);
    }
    this.lastReportMs = this.ctx.clock.now();
    this.registered = true;
    this.freshProcess = false;
    await this.renewLease();
    this.every(LEASE_RENEW_INTERVAL_MS, () => this.renewLease(), 'node-lease');
    this.every(NODE_STATUS_UPDATE_FREQUENCY_MS, () => this.updateStatus(false), 'node-status');
    this.waitForPodCIDR();
  }

  /**
   * The node status events of the kubelet's setters: one per condition that turned to its healthy
   * status (NodeHasSufficientMemory, ..., NodeReady), and NodeAllocatableEnforced at process start.
   */
  private recordTransitions(old: Record<string, unknown> | undefined, next: Record<string, unknown>): void {
    const before = (old?.conditions ?? []) as { type: string; status: string }[];
    const after = (next.conditions ?? []) as { type: string; status: string }[];
    const name = this.cfg.nodeName;
    for (const c of after) {
      if (before.find((b) => b.type === c.type)?.status === c.status) continue;
      if (c.type === 'Ready' && this.freshProcess) this.ctx.recorder.event(this.nodeRef(), 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
      const event = CONDITION_EVENTS[c.type]?.[c.status === 'True' ? 0 : 1];
      if (event) this.ctx.recorder.event(this.nodeRef(), 'Normal', event, `Node ${name} status is now: ${event}`);
    }
  }

  /** Patches node status if it changed or the report interval passed. */
  async updateStatus(force: boolean): Promise<void> {
    const now = this.ctx.clock.now();
    // After a gap (stopped, partitioned) the node lifecycle controller may have changed the
    // conditions: compare against the API's node, as the kubelet always does.
    if (now - this.lastOkMs > STALE_STATUS_MS) {
      const node = await this.ctx.client.resource(NODES).get(this.cfg.nodeName);
      this.learnPodCIDR(node);
      this.lastStatus = node.status as Record<string, unknown>;
    }
    const next = nodeStatus(this.cfg, now, this.lastStatus, this.images(), this.network.ready());
    const strip = (s: Record<string, unknown> | undefined) => JSON.stringify({ ...s, conditions: ((s?.conditions ?? []) as object[]).map((c) => ({ ...c, lastHeartbeatTime: '' })) });
    if (!force && strip(next) === strip(this.lastStatus) && now - this.lastReportMs < NODE_STATUS_REPORT_FREQUENCY_MS) return;
    try {
      const res = await this.ctx.client.resource(NODES).patch(this.cfg.nodeName, 'merge', { status: next }, { subresource: 'status' });
      this.learnPodCIDR(res);
      this.recordTransitions(this.lastStatus, res.status as Record<string, unknown>);
      this.lastStatus = res.status as Record<string, unknown>;
      this.lastReportMs = now;
      this.lastOkMs = now;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // The Node was deleted: register again, as the kubelet does.
      this.stop();
      this.running = true;
      await this.register();
    }
  }

  /** Creates or renews the Lease. */
  async renewLease(): Promise<void> {
    const leases = this.ctx.client.resource(LEASES, 'kube-node-lease');
    const spec = { holderIdentity: this.cfg.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: formatMicroTime(this.ctx.clock.now()) };
    try {
      if (this.lease) {
        this.lease = await leases.update({ ...this.lease, spec: { ...(this.lease.spec as object | undefined), ...spec } });
        this.lastOkMs = this.ctx.clock.now();
        return;
      }
      const owner = { apiVersion: 'v1', kind: 'Node', name: this.cfg.nodeName, uid: this.nodeUid! };
      this.lease = await leases.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.cfg.nodeName, namespace: 'kube-node-lease', ownerReferences: [owner] }, spec });
      this.lastOkMs = this.ctx.clock.now();
    } catch (err) {
      if (isConflict(err) || isAlreadyExists(err)) this.lease = await leases.get(this.cfg.nodeName).catch(() => undefined);
      else if (isNotFound(err)) this.lease = undefined;
      else throw err;
    }
  }
}
