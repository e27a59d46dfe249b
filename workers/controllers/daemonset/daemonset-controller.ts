/**
 * The DaemonSet controller (upstream pkg/controller/daemon): one pod per eligible node, pinned by
 * node affinity and scheduled by the scheduler; failed pods replaced; rolling updates bounded by
 * maxUnavailable / maxSurge; ControllerRevisions for history; status counts.
 */
import { labelSelectorFromObject, matchesLabels } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { ControllerExpectations } from '../../client/expectations';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { isNotFound } from '../api-errors';
import { QueueWorker } from '../shared/queue-worker';
import { claimObjects } from '../shared/claim';
import { adoptPatch, controllerOf, releasePatch } from '../shared/controller-ref';
import { slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE } from '../shared/slow-start';
import { computeHash } from '../shared/template-hash';
import { cleanupHistory, ensureRevision, type ControllerRevision } from './controller-revisions';
import { CONTROLLER_REVISION_HASH_LABEL, newDaemonPod, targetNodeOf, type DaemonSet, type Node, type Pod } from './daemon-pods';
import { computeStatus, planManage, planRollingUpdate } from './daemonset-plan';

const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };

/** Keeps daemon pods on nodes. */
export class DaemonSetController {
  readonly daemonSets: SharedInformer<DaemonSet>;
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer<Node>;
  readonly revisions: SharedInformer<ControllerRevision>;
  readonly queue: WorkQueue<string>;
  readonly expectations: ControllerExpectations;
  private readonly worker: QueueWorker;

  constructor(private readonly ctx: ComponentContext) {
    const t = ctx.timers;
    this.daemonSets = new SharedInformer<DaemonSet>(ctx.client.resource<DaemonSet>(DAEMONSETS), { timers: t, name: 'daemonset' });
    this.pods = new SharedInformer<Pod>(ctx.client.resource<Pod>(PODS), { timers: t, name: 'daemonset:pods' });
    this.nodes = new SharedInformer<Node>(ctx.client.resource<Node>(NODES), { timers: t, name: 'daemonset:nodes' });
    this.revisions = new SharedInformer<ControllerRevision>(ctx.client.resource<ControllerRevision>(REVISIONS), { timers: t, name: 'daemonset:revisions' });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'daemonset' });
    this.expectations = new ControllerExpectations(ctx.clock);
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), { name: 'daemonset' });
    const enqueue = (ds: KubeObject) => this.queue.add(metaNamespaceKey(ds.metadata));
    this.daemonSets.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_o, n) => enqueue(n),
      onDelete: (x) => this.expectations.deleteExpectations(metaNamespaceKey(objectOfDelete(x).metadata)),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.onPod(p, 'add'),
      onUpdate: (o, n) => {
        this.onPod(n, 'update');
        if (controllerOf(o)?.uid !== controllerOf(n)?.uid) this.onPod(o, 'update');
      },
      onDelete: (x) => this.onPod(objectOfDelete(x), 'delete'),
    });
    this.nodes.addEventHandler({
      onAdd: () => this.enqueueAll(),
      onUpdate: (o, n) => {
        const relevant = (x: Node) => JSON.stringify([x.metadata.labels, x.spec?.taints, x.spec?.unschedulable]);
        if (relevant(o) !== relevant(n)) this.enqueueAll();
      },
      onDelete: () => this.enqueueAll(),
    });
  }

  start(): void {
    for (const i of this.informers()) i.run();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    for (const i of this.informers()) i.stop();
  }

  private informers(): SharedInformer<KubeObject>[] {
    return [this.daemonSets, this.pods, this.nodes, this.revisions] as SharedInformer<KubeObject>[];
  }

  private enqueueAll(): void {
    for (const ds of this.daemonSets.lister.list()) this.queue.add(metaNamespaceKey(ds.metadata));
  }

  private onPod(pod: Pod, what: 'add' | 'update' | 'delete'): void {
    const ref = controllerOf(pod);
    if (ref?.kind === 'DaemonSet') {
      const ds = this.daemonSets.lister.get(pod.metadata.namespace!, ref.name);
      if (!ds || ds.metadata.uid !== ref.uid) return;
      const key = metaNamespaceKey(ds.metadata);
      if (what === 'add') this.expectations.creationObserved(key);
      if (what === 'delete') this.expectations.deletionObserved(key);
      this.queue.add(key);
      return;
    }
    if (ref || what === 'delete') return;
    // An orphan: any DaemonSet whose selector matches may adopt it.
    for (const ds of this.daemonSets.lister.listNamespace(pod.metadata.namespace!)) {
      if (matchesLabels(labelSelectorFromObject(ds.spec.selector), pod.metadata.labels)) this.queue.add(metaNamespaceKey(ds.metadata));
    }
  }

  private synced(): boolean {
    return this.informers().every((i) => i.hasSynced());
  }

  /** Converges one DaemonSet (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.synced()) return void this.queue.addAfter(key, 100);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const ds = this.daemonSets.lister.get(namespace, name);
    if (!ds) return void this.expectations.deleteExpectations(key);
    if (ds.metadata.deletionTimestamp) return;
    const hash = computeHash(ds.spec.template, (ds.status as { collisionCount?: number } | undefined)?.collisionCount);
    const revisions = this.revisions.lister.listNamespace(namespace).filter((r) => controllerOf(r)?.uid === ds.metadata.uid);
    await ensureRevision(this.ctx.client, ds, hash, revisions);
    const nodes = this.nodes.lister.list();
    let podsByNode = await this.podsByNode(ds);
    if (this.expectations.satisfiedExpectations(key)) {
      const plan = planManage(ds, nodes, podsByNode, hash);
      for (const f of plan.failedPods) {
        this.ctx.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${namespace}/${f.pod.metadata.name} on node ${f.node}, will try to kill it`);
      }
      await this.syncNodes(ds, key, plan.podsToDelete, plan.nodesNeedingPods, hash);
      if (this.expectations.satisfiedExpectations(key) && ds.spec.updateStrategy?.type !== 'OnDelete') {
        // The step reads the cache afresh, as upstream's rollingUpdate does: manage may have just acted.
        const step = planRollingUpdate(ds, nodes, await this.podsByNode(ds, false), hash, this.ctx.clock.now());
        await this.syncNodes(ds, key, step.podsToDelete, step.nodesNeedingPods, hash);
      }
      const live = new Set([...podsByNode.values()].flat().map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? ''));
      await cleanupHistory(this.ctx.client, ds, hash, revisions, live);
      podsByNode = await this.podsByNode(ds, false);
    }
    await this.updateStatus(ds, key, nodes, podsByNode, hash);
  }

  /** The DaemonSet's pods (after adoption and release) by the node they are for. */
  private async podsByNode(ds: DaemonSet, claim = true): Promise<Map<string, Pod[]>> {
    const candidates = this.pods.lister.listNamespace(ds.metadata.namespace!);
    let owned: Pod[];
    if (claim) {
      const res = this.ctx.client.resource<Pod>(PODS, ds.metadata.namespace);
      const { claimed, errors } = await claimObjects(ds, labelSelectorFromObject(ds.spec.selector), candidates, {
        canAdopt: async () => {
          const fresh = await this.ctx.client.resource<DaemonSet>(DAEMONSETS, ds.metadata.namespace).get(ds.metadata.name!);
          if (fresh.metadata.uid !== ds.metadata.uid || fresh.metadata.deletionTimestamp) throw new Error(`original DaemonSet ${ds.metadata.namespace}/${ds.metadata.name} is gone or being deleted`);
        },
        adopt: async (p) => void (await res.patch(p.metadata.name!, 'strategic', adoptPatch(ds, p.metadata.uid!))),
        release: async (p) => void (await res.patch(p.metadata.name!, 'strategic', releasePatch(ds, p.metadata.uid!))),
      });
      if (errors.length) throw errors[0];
      owned = claimed;
    } else {
      owned = candidates.filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
    }
    const byNode = new Map<string, Pod[]>();
    for (const p of owned) {
      const node = targetNodeOf(p);
      if (node) byNode.set(node, [...(byNode.get(node) ?? []), p]);
    }
    return byNode;
  }

  /** Creates pods for nodes and deletes pods, under expectations, with upstream's events. */
  private async syncNodes(ds: DaemonSet, key: string, podsToDelete: Pod[], nodesNeedingPods: string[], hash: string): Promise<void> {
    if (podsToDelete.length === 0 && nodesNeedingPods.length === 0) return;
    this.expectations.setExpectations(key, nodesNeedingPods.length, podsToDelete.length);
    const res = this.ctx.client.resource<Pod>(PODS, ds.metadata.namespace);
    let attempted = 0;
    const { error } = await slowStartBatch(nodesNeedingPods.length, SLOW_START_INITIAL_BATCH_SIZE, async (i) => {
      attempted++;
      try {
        const made = await res.create(newDaemonPod(ds, nodesNeedingPods[i], hash));
        this.ctx.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
      } catch (err) {
        this.expectations.creationObserved(key);
        this.ctx.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
        throw err;
      }
    });
    // Creations never attempted will never be observed.
    for (let i = attempted; i < nodesNeedingPods.length; i++) this.expectations.creationObserved(key);
    for (const p of podsToDelete) {
      try {
        await res.delete(p.metadata.name!, { preconditions: { uid: p.metadata.uid } });
        this.ctx.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (err) {
        this.expectations.deletionObserved(key);
        if (!isNotFound(err)) {
          this.ctx.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
          throw err;
        }
      }
    }
    if (error) throw error;
  }

  private async updateStatus(ds: DaemonSet, key: string, nodes: Node[], podsByNode: Map<string, Pod[]>, hash: string): Promise<void> {
    const counts = computeStatus(ds, nodes, podsByNode, hash, this.ctx.clock.now());
    const current = (ds.status ?? {}) as Record<string, unknown>;
    const changed = Object.entries(counts).some(([k, v]) => (current[k] ?? 0) !== v);
    if (changed) {
      const next = structuredClone(ds) as DaemonSet;
      next.status = { ...current, ...counts };
      try {
        await this.ctx.client.resource<DaemonSet>(DAEMONSETS, ds.metadata.namespace).updateStatus(next);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    // Pods ready but not yet available for minReadySeconds need a later look.
    const minReady = ds.spec.minReadySeconds ?? 0;
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) this.queue.addAfter(key, minReady * 1000);
  }
}
