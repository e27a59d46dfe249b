/**
 * The EndpointSlice controller (upstream pkg/controller/endpointslice): for every Service with a
 * selector, keeps managed EndpointSlices listing the selected pods. Slices carry an owner reference
 * to their Service, so the garbage collector removes them with it.
 */
import { matchesLabels, selectorFromSet } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { isNotFound } from '../api-errors';
import { QueueWorker } from '../shared/queue-worker';
import { CONTROLLER_NAME, desiredGroups, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, ZONE_LABEL, type EndpointSlice } from './desired-slices';
import { hasSelector, selectedPods, type Pod, type Service } from './endpoint-pods';
import { reconcileSlices } from './reconcile-slices';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

/** How soon to look again when the cache has not caught up with our own writes. */
const STALE_CACHE_RETRY_MS = 100;

/** Keeps EndpointSlices for selector Services. */
export class EndpointSliceController {
  readonly services: SharedInformer<Service>;
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer;
  readonly slices: SharedInformer<EndpointSlice>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  /** Per service: slice name -> resourceVersion we wrote ('' once deleted), until the cache shows it. */
  private readonly written = new Map<string, Map<string, string>>();

  constructor(private readonly ctx: ComponentContext) {
    const t = ctx.timers;
    this.services = new SharedInformer<Service>(ctx.client.resource<Service>(SERVICES), { timers: t, name: 'endpointslice:services' });
    this.pods = new SharedInformer<Pod>(ctx.client.resource<Pod>(PODS), { timers: t, name: 'endpointslice:pods' });
    this.nodes = new SharedInformer(ctx.client.resource(NODES), { timers: t, name: 'endpointslice:nodes' });
    this.slices = new SharedInformer<EndpointSlice>(ctx.client.resource<EndpointSlice>(SLICES), {
      timers: t, name: 'endpointslice', labelSelector: `${MANAGED_BY_LABEL}=${CONTROLLER_NAME}`,
    });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'endpoint_slice' });
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), { name: 'endpoint_slice' });
    const enqueueService = (s: KubeObject) => this.queue.add(metaNamespaceKey(s.metadata));
    this.services.addEventHandler({ onAdd: enqueueService, onUpdate: (_o, n) => enqueueService(n), onDelete: (x) => enqueueService(objectOfDelete(x)) });
    this.pods.addEventHandler({
      onAdd: (p) => this.enqueueServicesOf(p),
      onUpdate: (o, n) => this.enqueueServicesOf(n, o),
      onDelete: (x) => this.enqueueServicesOf(objectOfDelete(x)),
    });
    this.slices.addEventHandler({
      onUpdate: (_o, n) => this.enqueueOwnerOf(n),
      onDelete: (x) => this.enqueueOwnerOf(objectOfDelete(x)),
    });
  }

  start(): void {
    for (const i of [this.services, this.pods, this.nodes, this.slices]) (i as SharedInformer<KubeObject>).run();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    for (const i of [this.services, this.pods, this.nodes, this.slices]) (i as SharedInformer<KubeObject>).stop();
  }

  private enqueueServicesOf(pod: KubeObject, old?: KubeObject): void {
    for (const svc of this.services.lister.listNamespace(pod.metadata.namespace!)) {
      const sel = selectorFromSet(svc.spec?.selector);
      if (!hasSelector(svc)) continue;
      if (matchesLabels(sel, pod.metadata.labels) || (old && matchesLabels(sel, old.metadata.labels))) this.queue.add(metaNamespaceKey(svc.metadata));
    }
  }

  private enqueueOwnerOf(slice: KubeObject): void {
    const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc) this.queue.add(`${slice.metadata.namespace}/${svc}`);
  }

  private synced(): boolean {
    return this.services.hasSynced() && this.pods.hasSynced() && this.nodes.hasSynced() && this.slices.hasSynced();
  }

  /** The managed slices of a service as cached; undefined while the cache lags our writes. */
  private cachedSlices(key: string, namespace: string, name: string): EndpointSlice[] | undefined {
    const slices = this.slices.lister.listNamespace(namespace).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
    const pending = this.written.get(key);
    if (pending) {
      for (const [slice, rv] of pending) {
        const cached = slices.find((s) => s.metadata.name === slice);
        const caughtUp = rv === '' ? !cached : !!cached && Number(cached.metadata.resourceVersion) >= Number(rv);
        if (!caughtUp) return undefined;
      }
      this.written.delete(key);
    }
    return slices;
  }

  /** Converges one service's slices (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.synced()) return void this.queue.addAfter(key, STALE_CACHE_RETRY_MS);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.lister.get(namespace, name);
    // A deleted service's slices go with it through their owner references.
    if (!svc || svc.metadata.deletionTimestamp) return void this.written.delete(key);
    if (!hasSelector(svc)) return;
    const existing = this.cachedSlices(key, namespace, name);
    if (!existing) return void this.queue.addAfter(key, STALE_CACHE_RETRY_MS);
    const owned = existing.filter((s) => (s.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid));
    const pods = selectedPods(svc, this.pods.lister.listNamespace(namespace));
    const zoneOf = (node: string) => this.nodes.lister.get('', node)?.metadata.labels?.[ZONE_LABEL];
    const changes = reconcileSlices(svc, desiredGroups(svc, pods, zoneOf), owned);
    await this.apply(key, namespace, changes);
  }

  private async apply(key: string, namespace: string, changes: ReturnType<typeof reconcileSlices>): Promise<void> {
    const res = this.ctx.client.resource<EndpointSlice>(SLICES, namespace);
    const note = (slice: string, rv: string) => {
      let m = this.written.get(key);
      if (!m) this.written.set(key, (m = new Map()));
      m.set(slice, rv);
    };
    for (const s of changes.create) {
      const made = await res.create(s);
      note(made.metadata.name!, made.metadata.resourceVersion!);
    }
    for (const s of changes.update) {
      const made = await res.update(s);
      note(made.metadata.name!, made.metadata.resourceVersion!);
    }
    for (const s of changes.delete) {
      try {
        await res.delete(s.metadata.name!, { preconditions: { uid: s.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      note(s.metadata.name!, '');
    }
  }
}
