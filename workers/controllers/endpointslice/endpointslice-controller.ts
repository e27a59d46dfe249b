/**
 * The EndpointSlice controller (upstream pkg/controller/endpointslice): for every Service with a
 * selector (not ExternalName), keeps managed EndpointSlices listing the selected pods. Slices carry
 * an owner reference to their Service, so the garbage collector removes them with it. The
 * `kubernetes` Service has no selector: the apiserver maintains its slice, as upstream.
 */
import { selectorFromSet } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, type SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { isNamespaceTerminating, isNotFound } from '../api-errors';
import { InformerSet, type InformerSource } from '../informer-set';
import { rfc3339 } from '../meta-time';
import { QueueWorker } from '../shared/queue-worker';
import { addressTypesFor, CONTROLLER_NAME, desiredGroups, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, ZONE_LABEL, type EndpointSlice } from './desired-slices';
import { hasSelector, isExternalName, selectedPods, type Pod, type Service } from './endpoint-pods';
import { servicesForPodChange } from './pod-service-membership';
import { recycleDeletions, reconcileAddressType, type SliceChanges } from './reconcile-slices';
import { setTriggerTimeAnnotation, TriggerTimeTracker } from './trigger-time-tracker';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

/** How soon to look again when the cache has not caught up with our own writes. */
const STALE_CACHE_RETRY_MS = 100;

/** Options, upstream's flags. */
export interface EndpointSliceControllerOptions {
  /** --max-endpoints-per-slice (default 100). */
  maxEndpointsPerSlice?: number;
  /** --concurrent-service-endpoint-syncs (default 5). */
  workers?: number;
  /** Shared informers (kube-controller-manager's factory); absent: the controller makes its own. */
  informers?: InformerSource;
}

/** Keeps EndpointSlices for selector Services. */
export class EndpointSliceController {
  readonly services: SharedInformer<Service>;
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer;
  readonly slices: SharedInformer<EndpointSlice>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  private readonly informerSet: InformerSet;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly maxPerSlice: number;
  /** Per service: slice name -> resourceVersion we wrote ('' once deleted), until the cache shows it. */
  private readonly written = new Map<string, Map<string, string>>();

  constructor(private readonly ctx: ComponentContext, opts: EndpointSliceControllerOptions = {}) {
    const t = ctx.timers;
    this.maxPerSlice = opts.maxEndpointsPerSlice ?? 100;
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.services = inf.get<Service>(SERVICES, 'endpointslice:services');
    this.pods = inf.get<Pod>(PODS, 'endpointslice:pods');
    this.nodes = inf.get(NODES, 'endpointslice:nodes');
    // Only managed slices, as upstream's label-selected informer: always the controller's own.
    this.slices = inf.get<EndpointSlice>(SLICES, 'endpointslice', undefined, { labelSelector: `${MANAGED_BY_LABEL}=${CONTROLLER_NAME}` });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'endpoint_slice' });
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), {
      name: 'endpoint_slice', workers: opts.workers ?? 5, onError: (k, e) => this.onSyncError(k, e),
    });
    const enqueueService = (s: KubeObject) => this.queue.add(metaNamespaceKey(s.metadata));
    inf.on(this.services, { onAdd: enqueueService, onUpdate: (_o, n) => enqueueService(n), onDelete: (x) => enqueueService(objectOfDelete(x)) });
    const podChanged = (cur: Pod, old?: Pod) => {
      for (const s of servicesForPodChange(this.services.lister.listNamespace(cur.metadata.namespace!), cur, old)) enqueueService(s);
    };
    inf.on(this.pods, { onAdd: (p) => podChanged(p), onUpdate: (o, n) => podChanged(n, o), onDelete: (x) => podChanged(objectOfDelete(x)) });
    const enqueueOwner = (s: KubeObject) => {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc) this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    inf.on(this.slices, { onAdd: enqueueOwner, onUpdate: (_o, n) => enqueueOwner(n), onDelete: (x) => enqueueOwner(objectOfDelete(x)) });
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
  }

  private synced(): boolean {
    return this.informerSet.synced();
  }

  /** A failed sync: a Warning Event on the service (upstream FailedToUpdateEndpointSlices). */
  private onSyncError(key: string, err: unknown): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.lister.get(namespace, name);
    if (svc) this.ctx.recorder.event(svc, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${(err as Error).message}`);
  }

  /** The managed slices of a service as cached, minus those being deleted; undefined while the cache lags our writes. */
  private cachedSlices(key: string, namespace: string, name: string): EndpointSlice[] | undefined {
    const slices = this.slices.lister.listNamespace(namespace, selectorFromSet({ [SERVICE_NAME_LABEL]: name }));
    const pending = this.written.get(key);
    if (pending) {
      for (const [slice, rv] of pending) {
        const cached = slices.find((s) => s.metadata.name === slice);
        const caughtUp = rv === '' ? !cached : !!cached && Number(cached.metadata.resourceVersion) >= Number(rv);
        if (!caughtUp) return undefined;
      }
      this.written.delete(key);
    }
    return slices.filter((s) => !s.metadata.deletionTimestamp);
  }

  /** Converges one service's slices (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.synced()) return void this.queue.addAfter(key, STALE_CACHE_RETRY_MS);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.lister.get(namespace, name);
    if (!svc) {
      // A deleted service's slices go with it through their owner references.
      this.triggerTimes.deleteService(key);
      this.written.delete(key);
      return;
    }
    if (isExternalName(svc) || !hasSelector(svc)) return;
    const existing = this.cachedSlices(key, namespace, name);
    if (!existing) return void this.queue.addAfter(key, STALE_CACHE_RETRY_MS);
    const pods = selectedPods(svc, (sel) => this.pods.lister.listNamespace(namespace, sel));
    const triggerMs = this.triggerTimes.compute(key, svc, pods);
    const nodes = { zoneOf: (n: string) => (this.nodes.lister.get('', n) ? { zone: this.nodes.lister.get('', n)!.metadata.labels?.[ZONE_LABEL] } : undefined) };
    const types = addressTypesFor(svc);
    const all: SliceChanges = { create: [], update: [], delete: existing.filter((s) => !types.includes(s.addressType)) };
    const errors: string[] = [];
    for (const addressType of types) {
      const { groups, errors: skipped } = desiredGroups(svc, pods, addressType, nodes);
      errors.push(...skipped);
      const c = reconcileAddressType(svc, existing.filter((s) => s.addressType === addressType), groups, addressType, this.maxPerSlice);
      all.create.push(...c.create);
      all.update.push(...c.update);
      all.delete.push(...c.delete);
    }
    await this.apply(key, svc, recycleDeletions(svc, all), triggerMs);
    // Pods whose node is unknown were left out; try again later, as upstream returns the error.
    if (errors.length) throw new Error(errors.join(', '));
  }

  private note(key: string, slice: string, rv: string): void {
    let m = this.written.get(key);
    if (!m) this.written.set(key, (m = new Map()));
    m.set(slice, rv);
  }

  /** Writes the plan (upstream finalize): no creates for a service being deleted. */
  private async apply(key: string, svc: Service, changes: SliceChanges, triggerMs: number | undefined): Promise<void> {
    const res = this.ctx.client.resource<EndpointSlice>(SLICES, svc.metadata.namespace);
    const annotate = (s: EndpointSlice) => {
      const annotations = { ...s.metadata.annotations };
      setTriggerTimeAnnotation(annotations, triggerMs, rfc3339);
      if (Object.keys(annotations).length) s.metadata.annotations = annotations;
      else delete s.metadata.annotations;
    };
    if (!svc.metadata.deletionTimestamp) {
      for (const s of changes.create) {
        annotate(s);
        try {
          const made = await res.create(s);
          this.note(key, made.metadata.name!, made.metadata.resourceVersion!);
        } catch (err) {
          // A terminating namespace refuses creates for good: drop the work.
          if (isNamespaceTerminating(err)) return;
          throw new Error(`failed to create EndpointSlice for Service ${key}: ${(err as Error).message}`);
        }
      }
    }
    for (const s of changes.update) {
      annotate(s);
      const made = await res.update(s);
      this.note(key, made.metadata.name!, made.metadata.resourceVersion!);
    }
    for (const s of changes.delete) {
      try {
        await res.delete(s.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.note(key, s.metadata.name!, '');
    }
  }
}
