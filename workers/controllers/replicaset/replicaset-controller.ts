/**
 * The ReplicaSet controller (upstream's pkg/controller/replicaset), also run for
 * ReplicationControllers. Handlers only turn events into keys; `sync(key)` re-reads the owner and its
 * pods from the caches, adopts and releases, creates or deletes pods, and writes the status.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/types';
import type { Component, ComponentContext } from '../../client/component';
import { UIDTrackingExpectations } from '../../client/expectations';
import { objectOfDelete, type DeletedFinalStateUnknown, type SharedInformer } from '../../client/informer';
import { InformerSet, type InformerSource } from '../informer-set';
import { OWNER_UID_INDEX } from '../../client/indexer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { matchesLabelsCached } from '../../api/selector-memo';
import { adoptPatch, claimCandidates, CONTROLLER_INDEX, controllerIndexFunc, controllerOf, releasePatch, resolveControllerRef } from '../shared/controller-ref';
import { claimObjects } from '../shared/claim';
import { filterActivePods, isPodReady } from '../shared/pod-utils';
import { QueueWorker } from '../shared/queue-worker';
import { BURST_REPLICAS, manageReplicas, type ReplicaManagerDeps } from './manage-replicas';
import { REPLICA_SET_KIND, type ReplicaKind, type ReplicaOwner } from './replica-kind';
import { calculateStatus, updateOwnerStatus } from './replica-status';

const PODS = { group: '', version: 'v1', resource: 'pods' };
/** Upstream's ConcurrentReplicaSetSyncs default. */
export const REPLICASET_WORKERS = 5;

type PodObject = Pod & KubeObject;

/** The kind it runs for (ReplicaSet by default), its burst and its worker count. */
export interface ReplicaSetControllerOptions {
  kind?: ReplicaKind;
  burstReplicas?: number;
  workers?: number;
  /** kube-controller-manager's shared informers; without, the controller makes its own. */
  informers?: InformerSource;
}

/** Keeps each ReplicaSet's (or ReplicationController's) pod count at spec.replicas. */
export class ReplicaSetController implements Component {
  readonly kind: ReplicaKind;
  readonly owners: SharedInformer<ReplicaOwner>;
  readonly pods: SharedInformer<PodObject>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  readonly expectations: UIDTrackingExpectations;
  private readonly deps: ReplicaManagerDeps;
  private readonly workers: number;
  /** Errors of the last failed syncs, newest last (bounded), for traces and tests. */
  readonly errors: { key: string; error: unknown }[] = [];
  private readonly informerSet: InformerSet;

  constructor(
    private readonly ctx: ComponentContext,
    opts: ReplicaSetControllerOptions = {},
  ) {
    this.kind = opts.kind ?? REPLICA_SET_KIND;
    this.workers = opts.workers ?? REPLICASET_WORKERS;
    const { client, timers, clock } = ctx;
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.owners = inf.get<ReplicaOwner>(this.kind.gvr, this.kind.gvr.resource);
    this.pods = inf.index(inf.get<PodObject>(PODS, 'pods'), { [CONTROLLER_INDEX]: controllerIndexFunc });
    this.queue = new WorkQueue<string>({ clock, timers, name: this.kind.component });
    this.worker = new QueueWorker(this.queue, timers, (key) => this.sync(key), {
      name: this.kind.component,
      workers: this.workers,
      hasSynced: () => this.owners.hasSynced() && this.pods.hasSynced(),
      onError: (key, error) => {
        this.errors.push({ key, error });
        if (this.errors.length > 100) this.errors.shift();
      },
    });
    this.expectations = new UIDTrackingExpectations(clock);
    this.deps = {
      client,
      clock,
      recorder: ctx.recorder,
      expectations: this.expectations,
      burstReplicas: opts.burstReplicas ?? BURST_REPLICAS,
      relatedPods: (o) => this.relatedPods(o),
    };
    inf.on(this.owners, {
      onAdd: (o) => this.enqueue(o),
      onUpdate: (old, cur) => {
        // A same-named successor: the old one's expectations must not block it.
        if (old.metadata.uid !== cur.metadata.uid) this.onOwnerDelete(old);
        this.enqueue(cur);
      },
      onDelete: (o) => this.onOwnerDelete(o),
    });
    inf.on(this.pods, {
      onAdd: (p) => this.onPodAdd(p),
      onUpdate: (old, cur) => this.onPodUpdate(old, cur),
      onDelete: (p) => this.onPodDelete(p),
    });
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
  }

  private enqueue(o: KubeObject): void {
    this.queue.add(metaNamespaceKey(o.metadata));
  }

  private onOwnerDelete(o: ReplicaOwner | DeletedFinalStateUnknown<ReplicaOwner>): void {
    const owner = objectOfDelete(o);
    const key = metaNamespaceKey(owner.metadata);
    this.expectations.deleteExpectations(key);
    this.queue.add(key);
  }

  /** The owner a pod's controllerRef names, if it exists in the cache with the same UID. */
  private resolve(pod: PodObject, ref = controllerOf(pod)): ReplicaOwner | undefined {
    return resolveControllerRef(ref, this.kind.kind, (name) => this.owners.indexer.get(pod.metadata.namespace ?? '', name));
  }

  /** Owners whose selector matches an orphan's labels. */
  private ownersSelecting(pod: PodObject): ReplicaOwner[] {
    return this.owners.indexer.list(undefined, pod.metadata.namespace).filter((o) => {
      try {
        return matchesLabelsCached(this.kind.selectorOf(o), pod.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private onPodAdd(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) return this.onPodDelete(pod);
    const ref = controllerOf(pod);
    if (ref) {
      const owner = this.resolve(pod, ref);
      if (!owner) return;
      const key = metaNamespaceKey(owner.metadata);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    for (const o of this.ownersSelecting(pod)) this.enqueue(o);
  }

  private onPodUpdate(old: PodObject, cur: PodObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    // Most updates are status writes: the store shares the unchanged labels and owner references.
    const labelsChanged = old.metadata.labels !== cur.metadata.labels && JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      this.onPodDelete(cur);
      if (labelsChanged) this.onPodDelete(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = curRef !== oldRef && JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) {
      const prev = this.resolve(old, oldRef);
      if (prev) this.enqueue(prev);
    }
    if (curRef) {
      const owner = this.resolve(cur, curRef);
      if (!owner) return;
      this.enqueue(owner);
      // A pod that just became ready turns available minReadySeconds later: look again then.
      const minReady = owner.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(metaNamespaceKey(owner.metadata), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const o of this.ownersSelecting(cur)) this.enqueue(o);
  }

  private onPodDelete(p: PodObject | DeletedFinalStateUnknown<PodObject>): void {
    const pod = objectOfDelete(p);
    const owner = this.resolve(pod);
    if (!owner) return;
    const key = metaNamespaceKey(owner.metadata);
    this.expectations.deletionObservedOf(key, metaNamespaceKey(pod.metadata));
    this.queue.add(key);
  }

  /** Pods of this owner and of every owner sharing its controller (a Deployment's other ReplicaSets). */
  private relatedPods(owner: ReplicaOwner): Pod[] {
    const uids = new Set([owner.metadata.uid ?? '']);
    const parent = controllerOf(owner);
    if (parent) {
      for (const o of this.owners.indexer.list(undefined, owner.metadata.namespace)) if (controllerOf(o)?.uid === parent.uid) uids.add(o.metadata.uid ?? '');
    }
    const out: Pod[] = [];
    for (const uid of uids) out.push(...this.pods.indexer.byIndex(OWNER_UID_INDEX, uid));
    return out;
  }

  /** Converges one owner; see the file comment. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const owner = this.owners.indexer.get(namespace, name);
    if (!owner) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const needsSync = this.expectations.satisfiedExpectations(key);
    let selector;
    try {
      selector = this.kind.selectorOf(owner);
    } catch {
      // As upstream: a selector that does not parse is reported and not retried.
      return;
    }
    const active = filterActivePods(claimCandidates((n, v) => this.pods.indexer.byIndex(n, v), owner)) as PodObject[];
    const claim = await claimObjects(owner, selector, active, this.podClaimActions(owner));
    if (claim.errors.length > 0) throw claim.errors[0];
    let manageError: unknown;
    if (needsSync && !owner.metadata.deletionTimestamp) {
      try {
        await manageReplicas(this.deps, owner, key, claim.claimed);
      } catch (err) {
        manageError = err;
      }
    }
    const status = calculateStatus(owner, claim.claimed, manageError, this.ctx.clock.now());
    const ownerClient = this.ctx.client.resource<ReplicaOwner>(this.kind.gvr, namespace);
    const updated = await updateOwnerStatus(ownerClient, owner, status);
    const replicas = updated.spec?.replicas ?? 1;
    const minReady = updated.spec?.minReadySeconds ?? 0;
    if (manageError === undefined && minReady > 0 && (updated.status?.readyReplicas ?? 0) === replicas && (updated.status?.availableReplicas ?? 0) !== replicas) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageError !== undefined) throw manageError;
  }

  private podClaimActions(owner: ReplicaOwner) {
    const podClient = this.ctx.client.resource<PodObject>(PODS, owner.metadata.namespace);
    const ownerClient = this.ctx.client.resource<ReplicaOwner>(this.kind.gvr, owner.metadata.namespace);
    const kind = this.kind.kind;
    return {
      canAdopt: async () => {
        const fresh = await ownerClient.get(owner.metadata.name ?? '');
        if (fresh.metadata.uid !== owner.metadata.uid) throw new Error(`original ${kind} ${owner.metadata.namespace}/${owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`);
        if (fresh.metadata.deletionTimestamp) throw new Error(`${owner.metadata.namespace}/${owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
      },
      adopt: async (pod: PodObject) => {
        await podClient.patch(pod.metadata.name ?? '', 'strategic', adoptPatch(owner, pod.metadata.uid ?? ''));
      },
      release: async (pod: PodObject) => {
        await podClient.patch(pod.metadata.name ?? '', 'strategic', releasePatch(owner, pod.metadata.uid ?? ''));
      },
    };
  }
}
