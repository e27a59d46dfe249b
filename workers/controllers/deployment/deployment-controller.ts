/**
 * The Deployment controller (upstream's pkg/controller/deployment): handlers map Deployment,
 * ReplicaSet and pod events to Deployment keys; `sync(key)` claims the ReplicaSets and runs one step
 * (sync.ts). Split by concern as upstream: sync, rolling, recreate, rollback, progress, util.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { compiledLabelSelector, matchesLabelsCached } from '../../api/selector-memo';
import type { KubeObject } from '../../api/types';
import type { Component, ComponentContext } from '../../client/component';
import { objectOfDelete, type DeletedFinalStateUnknown, type SharedInformer } from '../../client/informer';
import { InformerSet, type InformerSource } from '../informer-set';
import { OWNER_UID_INDEX } from '../../client/indexer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { claimObjects } from '../shared/claim';
import { adoptPatch, claimCandidates, CONTROLLER_INDEX, controllerIndexFunc, controllerOf, releasePatch, resolveControllerRef } from '../shared/controller-ref';
import { QueueWorker } from '../shared/queue-worker';
import type { PodMap } from './recreate';
import { DEPLOYMENTS, REPLICASETS, type DeploymentSyncContext } from './sync-context';
import { selectsEverything, syncDeployment } from './sync';
import { copyWithFrozenTemplate, type DeploymentObject, type ReplicaSetObject } from './util';

const PODS = { group: '', version: 'v1', resource: 'pods' };
/** Upstream's ConcurrentDeploymentSyncs default. */
export const DEPLOYMENT_WORKERS = 5;
/** Upstream's maxRetries: a Deployment key failing this often is dropped until its next event. */
export const DEPLOYMENT_MAX_RETRIES = 15;
type PodObject = Pod & KubeObject;

/** Rolls Deployments out through ReplicaSets. */
export class DeploymentController implements Component {
  readonly deployments: SharedInformer<DeploymentObject>;
  readonly replicaSets: SharedInformer<ReplicaSetObject>;
  readonly pods: SharedInformer<PodObject>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  /** Errors of the last failed syncs, newest last (bounded). */
  readonly errors: { key: string; error: unknown }[] = [];
  private readonly informerSet: InformerSet;

  constructor(
    private readonly ctx: ComponentContext,
    /** `informers`: kube-controller-manager's shared informers; without, the controller makes its own. */
    private readonly opts: { workers?: number; informers?: InformerSource } = {},
  ) {
    const { timers, clock } = ctx;
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.deployments = inf.get<DeploymentObject>(DEPLOYMENTS, 'deployments');
    this.replicaSets = inf.index(inf.get<ReplicaSetObject>(REPLICASETS, 'replicasets'), { [CONTROLLER_INDEX]: controllerIndexFunc });
    this.pods = inf.get<PodObject>(PODS, 'pods');
    this.queue = new WorkQueue<string>({ clock, timers, name: 'deployment' });
    this.worker = new QueueWorker(this.queue, timers, (key) => this.sync(key), {
      name: 'deployment-controller',
      workers: this.opts.workers ?? DEPLOYMENT_WORKERS,
      maxRetries: DEPLOYMENT_MAX_RETRIES,
      hasSynced: () => this.deployments.hasSynced() && this.replicaSets.hasSynced() && this.pods.hasSynced(),
      onError: (key, error) => {
        this.errors.push({ key, error });
        if (this.errors.length > 100) this.errors.shift();
      },
    });
    inf.on(this.deployments, {
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_o, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(objectOfDelete(d)),
    });
    inf.on(this.replicaSets, {
      onAdd: (rs) => this.onReplicaSet(rs),
      onUpdate: (old, cur) => this.onReplicaSetUpdate(old, cur),
      onDelete: (rs) => this.onReplicaSetDelete(rs),
    });
    inf.on(this.pods, { onDelete: (p) => this.onPodDelete(p) });
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
  }

  private enqueue(d: KubeObject): void {
    this.queue.add(metaNamespaceKey(d.metadata));
  }

  private resolve(obj: KubeObject, ref = controllerOf(obj)): DeploymentObject | undefined {
    return resolveControllerRef(ref, 'Deployment', (name) => this.deployments.indexer.get(obj.metadata.namespace ?? '', name));
  }

  private deploymentsSelecting(rs: ReplicaSetObject): DeploymentObject[] {
    return this.deployments.indexer.list(undefined, rs.metadata.namespace).filter((d) => {
      try {
        const sel = compiledLabelSelector(d.spec?.selector);
        return sel.requirements.length > 0 && matchesLabelsCached(sel, rs.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private onReplicaSet(rs: ReplicaSetObject): void {
    if (rs.metadata.deletionTimestamp) return this.onReplicaSetDelete(rs);
    const ref = controllerOf(rs);
    if (ref) {
      const d = this.resolve(rs, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  private onReplicaSetUpdate(old: ReplicaSetObject, cur: ReplicaSetObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = curRef !== oldRef && JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) {
      const d = this.resolve(old, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolve(cur, curRef);
      if (d) this.enqueue(d);
      return;
    }
    const labelsChanged = old.metadata.labels !== cur.metadata.labels && JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsSelecting(cur)) this.enqueue(d);
  }

  private onReplicaSetDelete(x: ReplicaSetObject | DeletedFinalStateUnknown<ReplicaSetObject>): void {
    const d = this.resolve(objectOfDelete(x));
    if (d) this.enqueue(d);
  }

  /** Recreate waits for old pods to go, so their deletion may unblock it. */
  private onPodDelete(x: PodObject | DeletedFinalStateUnknown<PodObject>): void {
    const pod = objectOfDelete(x);
    const ref = controllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.indexer.get(pod.metadata.namespace ?? '', ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const d = this.resolve(rs);
    if (d?.spec?.strategy?.type === 'Recreate') this.enqueue(d);
  }

  /** Converges one Deployment; see sync.ts. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.deployments.indexer.get(namespace, name);
    if (!cached) return;
    const ctx: DeploymentSyncContext = {
      client: this.ctx.client,
      clock: this.ctx.clock,
      recorder: this.ctx.recorder,
      d: copyWithFrozenTemplate(cached),
      getReplicaSet: (ns, n) => this.replicaSets.indexer.get(ns, n),
      enqueueAfter: (ms) => this.queue.addAfter(key, ms),
    };
    const rsList = selectsEverything(ctx.d) ? [] : await this.claimReplicaSets(ctx);
    await syncDeployment(ctx, rsList, () => this.podMap(ctx.d, rsList));
  }

  private async claimReplicaSets(ctx: DeploymentSyncContext): Promise<ReplicaSetObject[]> {
    const d = ctx.d;
    const rsClient = ctx.client.resource<ReplicaSetObject>(REPLICASETS, d.metadata.namespace);
    const dClient = ctx.client.resource<DeploymentObject>(DEPLOYMENTS, d.metadata.namespace);
    const candidates = claimCandidates((n, v) => this.replicaSets.indexer.byIndex(n, v), d);
    const { claimed, errors } = await claimObjects(d, compiledLabelSelector(d.spec?.selector), candidates, {
      canAdopt: async () => {
        const fresh = await dClient.get(d.metadata.name ?? '');
        if (fresh.metadata.uid !== d.metadata.uid) throw new Error(`original Deployment ${d.metadata.namespace}/${d.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${d.metadata.uid}`);
        if (fresh.metadata.deletionTimestamp) throw new Error(`${d.metadata.namespace}/${d.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
      },
      adopt: async (rs) => void (await rsClient.patch(rs.metadata.name ?? '', 'strategic', adoptPatch(d, rs.metadata.uid ?? ''))),
      release: async (rs) => void (await rsClient.patch(rs.metadata.name ?? '', 'strategic', releasePatch(d, rs.metadata.uid ?? ''))),
    });
    if (errors.length > 0) throw errors[0];
    return claimed.map((rs) => copyWithFrozenTemplate(rs));
  }

  /** The pods of each claimed ReplicaSet that the Deployment's selector matches. */
  private podMap(d: DeploymentObject, rsList: ReplicaSetObject[]): PodMap {
    const sel = compiledLabelSelector(d.spec?.selector);
    const map: PodMap = new Map();
    for (const rs of rsList) {
      const uid = rs.metadata.uid ?? '';
      map.set(uid, this.pods.indexer.byIndex(OWNER_UID_INDEX, uid).filter((p) => controllerOf(p)?.uid === uid && matchesLabelsCached(sel, p.metadata.labels)));
    }
    return map;
  }
}
