/**
 * The node lifecycle controller (upstream pkg/controller/nodelifecycle). Three loops, as upstream:
 * - node events -> NoSchedule taints mirroring conditions and cordon, beta os/arch labels;
 * - every node monitor period (5 s) -> node health: a node not heard from (Ready heartbeat or
 *   kube-node-lease renewal) for the grace period (40 s) gets its conditions set Unknown, its pods
 *   marked not ready, and is queued for a NoExecute taint; the taints come per zone at 0.1 nodes/s,
 *   none when every zone is fully disrupted;
 * - pod events -> a pod newly bound to a node that is not Ready is marked not ready.
 * Zones are read from the topology labels; the default cluster has one (unlabelled) zone.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import type { SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import type { TimerId } from '../../sim/types';
import { InformerSet, type InformerSource } from '../informer-set';
import { rfc3339 } from '../meta-time';
import { QueueWorker } from '../shared/queue-worker';
import { markPodsNotReady, type Pod } from './mark-pods-not-ready';
import { NodeHealthMonitor, type Lease } from './node-health-monitor';
import { conditionOf, NODE_MONITOR_GRACE_PERIOD_MS, NODE_MONITOR_PERIOD_MS, NODE_STARTUP_GRACE_PERIOD_MS, type Node } from './node-health';
import { addOrUpdateLabelsOnNode, swapNodeControllerTaint } from './node-patches';
import { ownedNoScheduleTaints, taintSetDiff, wantedNoScheduleTaints } from './node-taints';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

/** The namespace node heartbeats live in. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** Stable label -> beta label the controller keeps in step (upstream labelReconcileInfo). */
const LABEL_RECONCILE: [string, string][] = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

/** Timing knobs, upstream's flags. */
export interface NodeLifecycleOptions {
  nodeMonitorPeriodMs?: number;
  nodeMonitorGracePeriodMs?: number;
  nodeStartupGracePeriodMs?: number;
  /** Shared informers (kube-controller-manager's factory); absent: the controller makes its own. */
  informers?: InformerSource;
}

/** Watches node health and keeps the condition-derived taints. */
export class NodeLifecycleController {
  readonly nodes: SharedInformer<Node>;
  readonly leases: SharedInformer<Lease>;
  readonly pods: SharedInformer<Pod>;
  /** Node names whose NoSchedule taints and labels need a look. */
  readonly nodeQueue: WorkQueue<string>;
  /** Pod keys newly bound to a node. */
  readonly podQueue: WorkQueue<string>;
  readonly monitor: NodeHealthMonitor;
  private readonly workers: QueueWorker[];
  private readonly informerSet: InformerSet;
  private monitorTimer: TimerId | undefined;
  private running = false;
  private readonly periodMs: number;

  constructor(private readonly ctx: ComponentContext, opts: NodeLifecycleOptions = {}) {
    this.periodMs = opts.nodeMonitorPeriodMs ?? NODE_MONITOR_PERIOD_MS;
    const t = ctx.timers;
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.nodes = inf.get<Node>(NODES, 'nodelifecycle:nodes');
    this.leases = inf.get<Lease>(LEASES, 'nodelifecycle:leases', NODE_LEASE_NAMESPACE);
    this.pods = inf.get<Pod>(PODS, 'nodelifecycle:pods');
    this.monitor = new NodeHealthMonitor(ctx, this.nodes.lister, this.leases.lister, this.pods.lister, {
      graceMs: opts.nodeMonitorGracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS,
      startupGraceMs: opts.nodeStartupGracePeriodMs ?? NODE_STARTUP_GRACE_PERIOD_MS,
    });
    this.nodeQueue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'node_lifecycle_controller' });
    this.podQueue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'node_lifecycle_controller_pods' });
    this.workers = [
      new QueueWorker(this.nodeQueue, t, (k) => this.syncNode(k), { name: 'node_lifecycle_controller' }),
      new QueueWorker(this.podQueue, t, (k) => this.syncPod(k), { name: 'node_lifecycle_controller_pods' }),
    ];
    inf.on(this.nodes, { onAdd: (n) => this.nodeQueue.add(n.metadata.name!), onUpdate: (_o, n) => this.nodeQueue.add(n.metadata.name!) });
    const podBound = (cur: Pod, old?: Pod) => {
      const node = (cur as KubeObject & { spec?: { nodeName?: string } }).spec?.nodeName;
      if (node && node !== (old as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName) this.podQueue.add(metaNamespaceKey(cur.metadata));
    };
    inf.on(this.pods, { onAdd: (p) => podBound(p), onUpdate: (o, n) => podBound(n, o) });
  }

  start(): void {
    this.running = true;
    this.informerSet.start();
    for (const w of this.workers) w.start();
    this.scheduleMonitor(this.periodMs);
  }

  stop(): void {
    this.running = false;
    if (this.monitorTimer !== undefined) this.ctx.timers.cancel(this.monitorTimer);
    this.monitorTimer = undefined;
    this.monitor.stop();
    for (const w of this.workers) w.stop();
    this.informerSet.stop();
  }

  private synced(): boolean {
    return this.informerSet.synced();
  }

  /** The next monitor pass runs a period after the last one finished, as wait.Until. */
  private scheduleMonitor(delayMs: number): void {
    this.monitorTimer = this.ctx.timers.after(delayMs, () => {
      this.monitorTimer = undefined;
      void this.runMonitorPass().finally(() => {
        if (this.running) this.scheduleMonitor(this.periodMs);
      });
    }, 'nodelifecycle:monitor');
  }

  /** One monitorNodeHealth pass (exposed for tests). */
  async runMonitorPass(): Promise<void> {
    if (!this.synced()) return;
    await this.monitor.pass();
  }

  /** Node event work (upstream doNoScheduleTaintingPass and reconcileNodeLabels). */
  async syncNode(name: string): Promise<void> {
    if (!this.nodes.hasSynced()) return void this.nodeQueue.addAfter(name, 100);
    const node = this.nodes.lister.get('', name);
    if (!node) return;
    const { add, remove } = taintSetDiff(wantedNoScheduleTaints(node), ownedNoScheduleTaints(node));
    if ((add.length || remove.length) && !(await swapNodeControllerTaint(this.ctx.client, node, add, remove, rfc3339(this.ctx.clock.now())))) {
      throw new Error(`failed to swap taints of node ${name}`);
    }
    const labels = node.metadata.labels ?? {};
    const fix: Record<string, string> = {};
    for (const [primary, secondary] of LABEL_RECONCILE) if (primary in labels && labels[secondary] !== labels[primary]) fix[secondary] = labels[primary];
    if (Object.keys(fix).length) await addOrUpdateLabelsOnNode(this.ctx.client, name, fix);
  }

  /** A pod bound to a node that is not Ready is marked not ready (upstream processPod). */
  async syncPod(key: string): Promise<void> {
    if (!this.synced()) return void this.podQueue.addAfter(key, 100);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister.get(namespace, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const seen = this.monitor.observedStatus(nodeName);
    if (!seen || !this.nodes.lister.get('', nodeName)) return;
    const ready = conditionOf({ apiVersion: 'v1', kind: 'Node', metadata: {}, status: seen }, 'Ready');
    if (!ready || ready.status === 'True') return;
    const errors = await markPodsNotReady(this.ctx.client, this.ctx.recorder, [pod], nodeName, rfc3339(this.ctx.clock.now()));
    if (errors.length) throw errors[0];
  }
}

