/**
 * The DaemonSet controller (upstream's pkg/controller/daemon): one pod per eligible node, pinned by
 * node affinity and placed by the scheduler; failed pods replaced with back-off; rolling updates
 * bounded by maxUnavailable / maxSurge, or OnDelete; ControllerRevisions for history; status counts.
 * Handlers only turn events into keys; the sync is in daemonset-sync.ts.
 */
import { compiledLabelSelector, matchesLabelsCached } from '../../api/selector-memo';
import type { KubeObject } from '../../api/types';
import type { Component, ComponentContext } from '../../client/component';
import { ControllerExpectations } from '../../client/expectations';
import { objectOfDelete, type DeletedFinalStateUnknown, type SharedInformer } from '../../client/informer';
import { InformerSet, type InformerSource } from '../informer-set';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { claimObjects, type ClaimActions } from '../shared/claim';
import { adoptPatch, claimCandidates, CONTROLLER_INDEX, controllerIndexFunc, controllerOf, releasePatch, resolveControllerRef } from '../shared/controller-ref';
import { QueueWorker } from '../shared/queue-worker';
import type { ControllerRevision } from './controller-revisions';
import { nodeShouldRunDaemonPod, targetNodeOf, type DaemonSet, type Node, type Pod } from './daemon-pods';
import { DAEMONSET_BURST_REPLICAS, syncDaemonSet, type DaemonSyncDeps } from './daemonset-sync';
import { FailedPodsBackoff } from './failed-pods-backoff';

const DAEMONSETS = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };
/** Upstream's ConcurrentDaemonSetSyncs default. */
export const DAEMONSET_WORKERS = 2;

/** Worker count and burst (defaults as upstream). */
export interface DaemonSetControllerOptions {
  workers?: number;
  burstReplicas?: number;
  /** kube-controller-manager's shared informers; without, the controller makes its own. */
  informers?: InformerSource;
}

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Keeps daemon pods on nodes. */
export class DaemonSetController implements Component {
  readonly daemonSets: SharedInformer<DaemonSet>;
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer<Node>;
  readonly revisions: SharedInformer<ControllerRevision>;
  readonly queue: WorkQueue<string>;
  readonly expectations: ControllerExpectations;
  readonly backoff = new FailedPodsBackoff();
  /** Errors of the last failed syncs, newest last (bounded). */
  readonly errors: { key: string; error: unknown }[] = [];
  private readonly worker: QueueWorker;
  private readonly informerSet: InformerSet;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly opts: DaemonSetControllerOptions = {},
  ) {
    const { timers, clock } = ctx;
    const indexers = { [CONTROLLER_INDEX]: controllerIndexFunc };
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.daemonSets = inf.get<DaemonSet>(DAEMONSETS, 'daemonset');
    this.pods = inf.index(inf.get<Pod>(PODS, 'daemonset:pods'), indexers);
    this.nodes = inf.get<Node>(NODES, 'daemonset:nodes');
    this.revisions = inf.index(inf.get<ControllerRevision>(REVISIONS, 'daemonset:revisions'), indexers);
    this.queue = new WorkQueue<string>({ clock, timers, name: 'daemonset' });
    this.expectations = new ControllerExpectations(clock);
    this.worker = new QueueWorker(this.queue, timers, (k) => this.sync(k), {
      name: 'daemonset-controller',
      workers: opts.workers ?? DAEMONSET_WORKERS,
      hasSynced: () => this.informers().every((i) => i.hasSynced()),
      onError: (key, error) => {
        this.errors.push({ key, error });
        if (this.errors.length > 100) this.errors.shift();
      },
    });
    inf.on(this.daemonSets, {
      onAdd: (ds) => this.enqueue(ds),
      onUpdate: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.onDaemonSetDelete(old);
        this.enqueue(cur);
      },
      onDelete: (x) => this.onDaemonSetDelete(x),
    });
    inf.on(this.pods, { onAdd: (p) => this.onPodAdd(p), onUpdate: (o, n) => this.onPodUpdate(o, n), onDelete: (x) => this.onPodDelete(x) });
    inf.on(this.nodes, { onAdd: (n) => this.onNodeAdd(n), onUpdate: (o, n) => this.onNodeUpdate(o, n), onDelete: () => this.enqueueAll() });
    inf.on(this.revisions, { onAdd: (r) => this.onOwned(r), onUpdate: (o, n) => this.onOwnedUpdate(o, n), onDelete: (x) => this.onOwned(objectOfDelete(x)) });
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
  }

  private informers(): SharedInformer<KubeObject>[] {
    return [this.daemonSets, this.pods, this.nodes, this.revisions] as SharedInformer<KubeObject>[];
  }

  private enqueue(ds: KubeObject): void {
    this.queue.add(metaNamespaceKey(ds.metadata));
  }

  private enqueueAll(): void {
    for (const ds of this.daemonSets.lister.list()) this.enqueue(ds);
  }

  private onDaemonSetDelete(x: DaemonSet | DeletedFinalStateUnknown<DaemonSet>): void {
    const key = metaNamespaceKey(objectOfDelete(x).metadata);
    // A same-named successor starts with clean expectations.
    this.expectations.deleteExpectations(key);
    this.queue.add(key);
  }

  private resolve(obj: KubeObject, ref = controllerOf(obj)): DaemonSet | undefined {
    return resolveControllerRef(ref, 'DaemonSet', (name) => this.daemonSets.indexer.get(obj.metadata.namespace ?? '', name));
  }

  /** DaemonSets whose selector matches an orphan's labels (an empty selector matches nothing). */
  private selecting(obj: KubeObject): DaemonSet[] {
    return this.daemonSets.lister.listNamespace(obj.metadata.namespace ?? '').filter((ds) => {
      try {
        const sel = compiledLabelSelector(ds.spec.selector);
        return sel.requirements.length > 0 && matchesLabelsCached(sel, obj.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private onPodAdd(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return this.onPodDelete(pod);
    const ref = controllerOf(pod);
    if (!ref) {
      // An orphan: whoever may adopt it looks again; no creation was awaited for it.
      for (const ds of this.selecting(pod)) this.enqueue(ds);
      return;
    }
    const ds = this.resolve(pod, ref);
    if (!ds) return;
    this.expectations.creationObserved(metaNamespaceKey(ds.metadata));
    this.enqueue(ds);
  }

  private onPodUpdate(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp) {
      // Graceful deletion began: count it as observed now, so a replacement need not wait for the kubelet.
      this.onPodDelete(cur);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = !sameJson(curRef, oldRef);
    if (refChanged && oldRef) {
      const prev = this.resolve(old, oldRef);
      if (prev) this.enqueue(prev);
    }
    if (curRef) {
      const ds = this.resolve(cur, curRef);
      if (!ds) return;
      this.enqueue(ds);
      const minReady = ds.spec.minReadySeconds ?? 0;
      // Available minReadySeconds after turning ready: look again then (plus a second of skew).
      if (!isReady(old) && isReady(cur) && minReady > 0) this.queue.addAfter(metaNamespaceKey(ds.metadata), minReady * 1000 + 1000);
      return;
    }
    if (!sameJson(old.metadata.labels, cur.metadata.labels) || refChanged) for (const ds of this.selecting(cur)) this.enqueue(ds);
  }

  private onPodDelete(x: Pod | DeletedFinalStateUnknown<Pod>): void {
    const pod = objectOfDelete(x);
    const ds = this.resolve(pod);
    if (!ds) return;
    const key = metaNamespaceKey(ds.metadata);
    this.expectations.deletionObserved(key);
    this.queue.add(key);
  }

  private onNodeAdd(node: Node): void {
    for (const ds of this.daemonSets.lister.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
  }

  /** Only label and taint changes matter, and only for DaemonSets whose verdict on the node changed. */
  private onNodeUpdate(old: Node, cur: Node): void {
    if (sameJson(old.metadata.labels, cur.metadata.labels) && sameJson(old.spec?.taints, cur.spec?.taints)) return;
    for (const ds of this.daemonSets.lister.list()) {
      const a = nodeShouldRunDaemonPod(old, ds);
      const b = nodeShouldRunDaemonPod(cur, ds);
      if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) this.enqueue(ds);
    }
  }

  /** A ControllerRevision event: its DaemonSet, or for an orphan every DaemonSet that may adopt it. */
  private onOwned(r: KubeObject): void {
    const ref = controllerOf(r);
    if (ref) {
      const ds = this.resolve(r, ref);
      if (ds) this.enqueue(ds);
      return;
    }
    for (const ds of this.selecting(r)) this.enqueue(ds);
  }

  private onOwnedUpdate(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (!sameJson(controllerOf(old), controllerOf(cur))) this.onOwned(old);
    this.onOwned(cur);
  }

  /** Converges one DaemonSet (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const ds = this.daemonSets.lister.get(namespace, name);
    if (!ds) return void this.expectations.deleteExpectations(key);
    await syncDaemonSet(this.deps(key), ds, key);
  }

  private deps(key: string): DaemonSyncDeps {
    // Orphans adopted in this sync, until the cache shows their new owner reference.
    const adopted = new Set<string>();
    return {
      client: this.ctx.client,
      clock: this.ctx.clock,
      recorder: this.ctx.recorder,
      expectations: this.expectations,
      backoff: this.backoff,
      burstReplicas: this.opts.burstReplicas ?? DAEMONSET_BURST_REPLICAS,
      nodes: () => this.nodes.lister.list(),
      claimRevisions: (ds) => this.claim(ds, this.revisions, REVISIONS),
      claimPods: async (ds) => {
        for (const p of await this.claim(ds, this.pods, PODS)) if (!controllerOf(p)) adopted.add(p.metadata.uid ?? '');
      },
      podsByNode: (ds, includeDeletedTerminal) => this.podsByNode(ds, includeDeletedTerminal, adopted),
      enqueueAfter: (ms) => this.queue.addAfter(key, ms),
    };
  }

  /** Adopts matching orphans and releases non-matching owned objects (upstream's ClaimPods / ClaimControllerRevisions). */
  private async claim<T extends KubeObject>(ds: DaemonSet, informer: SharedInformer<T>, gvr: typeof PODS): Promise<T[]> {
    const res = this.ctx.client.resource<T>(gvr, ds.metadata.namespace);
    const actions: ClaimActions<T> = {
      canAdopt: async () => {
        const fresh = await this.ctx.client.resource<DaemonSet>(DAEMONSETS, ds.metadata.namespace).get(ds.metadata.name!);
        if (fresh.metadata.uid !== ds.metadata.uid) throw new Error(`original DaemonSet ${ds.metadata.namespace}/${ds.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${ds.metadata.uid}`);
        if (fresh.metadata.deletionTimestamp) throw new Error(`${ds.metadata.namespace}/${ds.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
      },
      adopt: async (o) => void (await res.patch(o.metadata.name!, 'strategic', adoptPatch(ds, o.metadata.uid!))),
      release: async (o) => void (await res.patch(o.metadata.name!, 'strategic', releasePatch(ds, o.metadata.uid!))),
    };
    const candidates = claimCandidates((n, v) => informer.indexer.byIndex(n, v), ds);
    const { claimed, errors } = await claimObjects(ds, compiledLabelSelector(ds.spec.selector), candidates, actions);
    if (errors.length > 0) throw errors[0];
    return claimed;
  }

  /**
   * The DaemonSet's pods by the node they are for, read from the cache now: the controlled ones its
   * selector matches, and the orphans this sync adopted (upstream claims on every read instead).
   */
  private podsByNode(ds: DaemonSet, includeDeletedTerminal: boolean, adopted: ReadonlySet<string>): Map<string, Pod[]> {
    const sel = compiledLabelSelector(ds.spec.selector);
    const byNode = new Map<string, Pod[]>();
    const take = (p: Pod) => {
      if (!matchesLabelsCached(sel, p.metadata.labels)) return;
      const terminal = p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
      if (!includeDeletedTerminal && terminal && p.metadata.deletionTimestamp) return;
      const node = targetNodeOf(p);
      if (node === undefined) return;
      const list = byNode.get(node);
      if (list) list.push(p);
      else byNode.set(node, [p]);
    };
    // The controller index lists this DaemonSet's pods by their controller reference's uid (so no
    // reference is read again here), then the namespace's orphans, of which only the adopted count.
    const ns = ds.metadata.namespace ?? '';
    for (const p of this.pods.indexer.byIndex(CONTROLLER_INDEX, `${ns}/${ds.metadata.uid ?? ''}`)) take(p);
    for (const p of this.pods.indexer.byIndex(CONTROLLER_INDEX, `${ns}/`)) if (adopted.has(p.metadata.uid ?? '')) take(p);
    return byNode;
  }

}
