/**
 * The Endpoints controller (upstream pkg/controller/endpoint): one core/v1 Endpoints per selector
 * Service, named like it, rewritten when its subsets or labels change and deleted with the Service.
 */
import { matchesLabels, selectorFromSet } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { isNotFound } from '../api-errors';
import { hasSelector, selectedPods, type Pod, type Service } from '../endpointslice/endpoint-pods';
import { QueueWorker } from '../shared/queue-worker';
import { desiredSubsets, endpointsLabels, type Endpoints } from './desired-endpoints';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const ENDPOINTS = { group: '', version: 'v1', resource: 'endpoints' };

/** Keeps the legacy Endpoints of selector Services. */
export class EndpointsController {
  readonly services: SharedInformer<Service>;
  readonly pods: SharedInformer<Pod>;
  readonly endpoints: SharedInformer<Endpoints>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;

  constructor(private readonly ctx: ComponentContext) {
    const t = ctx.timers;
    this.services = new SharedInformer<Service>(ctx.client.resource<Service>(SERVICES), { timers: t, name: 'endpoint:services' });
    this.pods = new SharedInformer<Pod>(ctx.client.resource<Pod>(PODS), { timers: t, name: 'endpoint:pods' });
    this.endpoints = new SharedInformer<Endpoints>(ctx.client.resource<Endpoints>(ENDPOINTS), { timers: t, name: 'endpoint' });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'endpoint' });
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), { name: 'endpoint' });
    const enqueue = (o: KubeObject) => this.queue.add(metaNamespaceKey(o.metadata));
    this.services.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: (x) => enqueue(objectOfDelete(x)) });
    this.pods.addEventHandler({
      onAdd: (p) => this.enqueueServicesOf(p),
      onUpdate: (o, n) => this.enqueueServicesOf(n, o),
      onDelete: (x) => this.enqueueServicesOf(objectOfDelete(x)),
    });
    // Someone else changing or removing our Endpoints gets it rewritten.
    this.endpoints.addEventHandler({ onUpdate: (_o, n) => enqueue(n), onDelete: (x) => enqueue(objectOfDelete(x)) });
  }

  start(): void {
    this.services.run();
    this.pods.run();
    this.endpoints.run();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.services.stop();
    this.pods.stop();
    this.endpoints.stop();
  }

  private enqueueServicesOf(pod: KubeObject, old?: KubeObject): void {
    for (const svc of this.services.lister.listNamespace(pod.metadata.namespace!)) {
      if (!hasSelector(svc)) continue;
      const sel = selectorFromSet(svc.spec?.selector);
      if (matchesLabels(sel, pod.metadata.labels) || (old && matchesLabels(sel, old.metadata.labels))) this.queue.add(metaNamespaceKey(svc.metadata));
    }
  }

  /** Converges one service's Endpoints (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.services.hasSynced() || !this.pods.hasSynced() || !this.endpoints.hasSynced()) return void this.queue.addAfter(key, 100);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const res = this.ctx.client.resource<Endpoints>(ENDPOINTS, namespace);
    const svc = this.services.lister.get(namespace, name);
    if (!svc) {
      try {
        if (this.endpoints.lister.get(namespace, name)) await res.delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    // Without a selector the Endpoints are the user's to manage.
    if (!hasSelector(svc) || svc.metadata.deletionTimestamp) return;
    const subsets = desiredSubsets(svc, selectedPods(svc, this.pods.lister.listNamespace(namespace)));
    const labels = endpointsLabels(svc);
    const current = this.endpoints.lister.get(namespace, name);
    if (!current) {
      const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels } };
      if (subsets.length) ep.subsets = subsets;
      await res.create(ep);
      return;
    }
    const same = JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets) && JSON.stringify(current.metadata.labels ?? {}) === JSON.stringify(labels);
    if (same) return;
    const next = structuredClone(current) as Endpoints;
    next.metadata.labels = labels;
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;
    await res.update(next);
  }
}
