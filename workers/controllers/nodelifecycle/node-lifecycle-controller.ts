/**
 * The node lifecycle controller (upstream pkg/controller/nodelifecycle): every node monitor period it
 * checks when each kubelet was last heard from (Ready heartbeat or kube-node-lease Lease renewal);
 * past the grace period the node's conditions go Unknown. Node conditions become NoSchedule and
 * NoExecute taints (not-ready, unreachable, pressure, unschedulable), and pods on a node that stops
 * being Ready are marked not ready.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { NODE_NAME_INDEX } from '../../client/indexer';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import type { TimerId } from '../../sim/types';
import { WorkQueue } from '../../client/workqueue';
import { isConflict, isNotFound } from '../api-errors';
import { parseTime, rfc3339 } from '../meta-time';
import { QueueWorker } from '../shared/queue-worker';
import {
  conditionOf, markedUnknown, NODE_MONITOR_GRACE_PERIOD_MS, NODE_MONITOR_PERIOD_MS, NODE_STARTUP_GRACE_PERIOD_MS, observeHealth, type Node, type NodeHealth,
} from './node-health';
import { needsFreshNoExecute, reconcileTaints, type NoExecuteMode } from './node-taints';
import { computeZoneState, nodesByZone, ZoneLimiters, zoneOf, zoneQps } from './zone-state';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

/** The namespace node heartbeats live in. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

type Lease = KubeObject & { spec?: { renewTime?: string } };
type Pod = KubeObject & { status?: { conditions?: { type: string; status: string; lastTransitionTime?: string }[] } };

/** Timing knobs, upstream's flags. */
export interface NodeLifecycleOptions {
  nodeMonitorPeriodMs?: number;
  nodeMonitorGracePeriodMs?: number;
  nodeStartupGracePeriodMs?: number;
}

/** Watches node health and keeps the condition-derived taints. */
export class NodeLifecycleController {
  readonly nodes: SharedInformer<Node>;
  readonly leases: SharedInformer<Lease>;
  readonly pods: SharedInformer<Pod>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  private readonly health = new Map<string, NodeHealth & { lastReady?: string }>();
  private monitorTimer: TimerId | undefined;
  private readonly limiters = new ZoneLimiters();
  /** Every zone fully disrupted: upstream's "master disruption mode", no NoExecute taints at all. */
  private disrupted = false;
  private readonly periodMs: number;
  private readonly graceMs: number;
  private readonly startupGraceMs: number;

  constructor(private readonly ctx: ComponentContext, opts: NodeLifecycleOptions = {}) {
    this.periodMs = opts.nodeMonitorPeriodMs ?? NODE_MONITOR_PERIOD_MS;
    this.graceMs = opts.nodeMonitorGracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS;
    this.startupGraceMs = opts.nodeStartupGracePeriodMs ?? NODE_STARTUP_GRACE_PERIOD_MS;
    const t = ctx.timers;
    this.nodes = new SharedInformer<Node>(ctx.client.resource<Node>(NODES), { timers: t, name: 'nodelifecycle:nodes' });
    this.leases = new SharedInformer<Lease>(ctx.client.resource<Lease>(LEASES, NODE_LEASE_NAMESPACE), { timers: t, name: 'nodelifecycle:leases' });
    this.pods = new SharedInformer<Pod>(ctx.client.resource<Pod>(PODS), { timers: t, name: 'nodelifecycle:pods' });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'node_lifecycle_controller' });
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), { name: 'node_lifecycle_controller' });
    this.nodes.addEventHandler({
      onAdd: (n) => this.queue.add(n.metadata.name!),
      onUpdate: (_o, n) => this.queue.add(n.metadata.name!),
      onDelete: (x) => this.health.delete(objectOfDelete(x).metadata.name!),
    });
  }

  start(): void {
    this.nodes.run();
    this.leases.run();
    this.pods.run();
    this.worker.start();
    this.scheduleMonitor();
  }

  stop(): void {
    if (this.monitorTimer !== undefined) this.ctx.timers.cancel(this.monitorTimer);
    this.monitorTimer = undefined;
    this.worker.stop();
    this.nodes.stop();
    this.leases.stop();
    this.pods.stop();
  }

  private scheduleMonitor(): void {
    this.monitorTimer = this.ctx.timers.after(this.periodMs, () => {
      for (const n of this.nodes.lister.list()) this.queue.add(n.metadata.name!);
      this.scheduleMonitor();
    }, 'nodelifecycle:monitor');
  }

  /** One node: health check, Unknown conditions past the grace period, taints, pods on a failed node. */
  async sync(name: string): Promise<void> {
    if (!this.nodes.hasSynced() || !this.leases.hasSynced() || !this.pods.hasSynced()) return void this.queue.addAfter(name, 100);
    let node = this.nodes.lister.get('', name);
    if (!node) return;
    const now = this.ctx.clock.now();
    const prev = this.health.get(name);
    const createdMs = parseTime(node.metadata.creationTimestamp);
    const lease = this.leases.lister.get(NODE_LEASE_NAMESPACE, name);
    const health = { ...observeHealth(prev, node, lease?.spec?.renewTime, now, Number.isNaN(createdMs) ? now : createdMs), lastReady: prev?.lastReady };
    this.health.set(name, health);
    const grace = conditionOf(node, 'Ready') ? this.graceMs : this.startupGraceMs;
    if (now > health.probeMs + grace) {
      const next = markedUnknown(node, rfc3339(now), node.metadata.creationTimestamp ?? rfc3339(now));
      if (next) node = await this.write(() => this.ctx.client.resource<Node>(NODES).updateStatus(next), node);
    }
    await this.readyTransition(node, health);
    const plan = this.noExecuteMode(node, now);
    const taints = reconcileTaints(node, rfc3339(now), plan.mode);
    if (taints) {
      const next = structuredClone(node) as Node;
      (next.spec ??= {}).taints = taints;
      await this.write(() => this.ctx.client.resource<Node>(NODES).update(next), node);
      if (plan.mode === 'add' && plan.fresh) this.limiters.take(zoneOf(node), now);
    }
    if (plan.retryMs !== undefined) this.queue.addAfter(name, plan.retryMs);
  }

  /**
   * Whether this pass may taint the node NoExecute: never in disruption mode, and a node not yet
   * tainted only when its zone's rate limiter allows (0.1 nodes/s; none in a small partially
   * disrupted zone).
   */
  private noExecuteMode(node: Node, now: number): { mode: NoExecuteMode; fresh?: boolean; retryMs?: number } {
    const nodes = this.nodes.lister.list().map((n) => (n.metadata.name === node.metadata.name ? node : n));
    const zones = nodesByZone(nodes);
    const states = new Map([...zones].map(([z, ns]) => [z, computeZoneState(ns)]));
    this.setDisrupted(states.size > 0 && [...states.values()].every((st) => st === 'FullDisruption'), now);
    if (this.disrupted) return { mode: 'remove' };
    if (!needsFreshNoExecute(node)) return { mode: 'add' };
    const zone = zoneOf(node);
    const wait = this.limiters.waitMs(zone, zoneQps(states.get(zone) ?? 'Normal', zones.get(zone)?.length ?? 0), now);
    if (wait === 0) return { mode: 'add', fresh: true };
    return { mode: 'defer', retryMs: Number.isFinite(wait) ? wait : undefined };
  }

  private setDisrupted(all: boolean, now: number): void {
    if (all === this.disrupted) return;
    this.disrupted = all;
    if (all) {
      // Every node lost at once points at the control plane's side: release all NoExecute taints.
      for (const n of this.nodes.lister.list()) this.queue.add(n.metadata.name!);
      return;
    }
    // Leaving the mode, every node gets a fresh grace period.
    for (const h of this.health.values()) h.probeMs = now;
  }

  /** A write whose conflict just means the next pass will see newer state. */
  private async write(fn: () => Promise<Node>, fallback: Node): Promise<Node> {
    try {
      return await fn();
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return fallback;
      throw err;
    }
  }

  /** Events on Ready transitions; pods of a node that stopped being Ready are marked not ready. */
  private async readyTransition(node: Node, health: { lastReady?: string }): Promise<void> {
    const ready = conditionOf(node, 'Ready')?.status;
    const was = health.lastReady;
    health.lastReady = ready;
    if (ready === undefined || ready === was) return;
    if (ready === 'True') {
      if (was !== undefined) this.ctx.recorder.event(node, 'Normal', 'NodeReady', `Node ${node.metadata.name} status is now: NodeReady`);
      return;
    }
    if (was !== 'True') return;
    this.ctx.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    await this.markPodsNotReady(node.metadata.name!);
  }

  private async markPodsNotReady(nodeName: string): Promise<void> {
    const nowIso = rfc3339(this.ctx.clock.now());
    for (const pod of this.pods.lister.byIndex(NODE_NAME_INDEX, nodeName)) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const next = structuredClone(pod) as Pod;
      const c = next.status!.conditions!.find((x) => x.type === 'Ready')!;
      c.status = 'False';
      c.lastTransitionTime = nowIso;
      try {
        await this.ctx.client.resource<Pod>(PODS, pod.metadata.namespace).updateStatus(next);
        this.ctx.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) throw err;
      }
    }
  }
}
