/**
 * The Endpoints controller (upstream pkg/controller/endpoint): one core/v1 Endpoints per selector
 * Service (not ExternalName), named like it, rewritten when its subsets or labels change, with the
 * last-change-trigger-time and over-capacity annotations, and deleted with the Service. At start it
 * looks at every existing Endpoints once, so leftovers of deleted services go too.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, type SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { isNamespaceTerminating, isNotFound } from '../api-errors';
import { HEADLESS_LABEL, hasSelector, isExternalName, isServiceIPSet, sameLabels, selectedPods, type Pod, type Service } from '../endpointslice/endpoint-pods';
import { servicesForPodChange } from '../endpointslice/pod-service-membership';
import { setTriggerTimeAnnotation, TriggerTimeTracker } from '../endpointslice/trigger-time-tracker';
import { InformerSet, type InformerSource } from '../informer-set';
import { rfc3339 } from '../meta-time';
import { QueueWorker } from '../shared/queue-worker';
import { countAddresses, desiredSubsets, MAX_ENDPOINTS_CAPACITY, OVER_CAPACITY_ANNOTATION, truncateSubsets, type EndpointSubset, type Endpoints } from './desired-endpoints';
import { cloneJson } from '../../api/patch/json-values';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const ENDPOINTS = { group: '', version: 'v1', resource: 'endpoints' };

/** Leader-election records live in Endpoints without a Service; they are never cleaned up. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** Upstream's maxRetries for a service key. */
const MAX_RETRIES = 15;

/** JSON with sorted keys, so stored and desired subsets compare by content. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function withoutLabel(labels: Record<string, string> | undefined, key: string): Record<string, string> {
  const out = { ...labels };
  delete out[key];
  return out;
}

/** Keeps the legacy Endpoints of selector Services. */
export class EndpointsController {
  readonly services: SharedInformer<Service>;
  readonly pods: SharedInformer<Pod>;
  readonly endpoints: SharedInformer<Endpoints>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly informerSet: InformerSet;

  /** `workers`: upstream --concurrent-endpoint-syncs (default 5); `informers`: a shared source. */
  constructor(private readonly ctx: ComponentContext, opts: { workers?: number; informers?: InformerSource } = {}) {
    const t = ctx.timers;
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.services = inf.get<Service>(SERVICES, 'endpoint:services');
    this.pods = inf.get<Pod>(PODS, 'endpoint:pods');
    this.endpoints = inf.get<Endpoints>(ENDPOINTS, 'endpoint');
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'endpoint' });
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), { name: 'endpoint', workers: opts.workers ?? 5, maxRetries: MAX_RETRIES });
    const enqueue = (o: KubeObject) => this.queue.add(metaNamespaceKey(o.metadata));
    inf.on(this.services, { onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: (x) => enqueue(objectOfDelete(x)) });
    const podChanged = (cur: Pod, old?: Pod) => {
      for (const s of servicesForPodChange(this.services.lister.listNamespace(cur.metadata.namespace!), cur, old)) enqueue(s);
    };
    inf.on(this.pods, { onAdd: (p) => podChanged(p), onUpdate: (o, n) => podChanged(n, o), onDelete: (x) => podChanged(objectOfDelete(x)) });
    inf.on(this.endpoints, {
      // The first list is upstream's checkLeftoverEndpoints: Endpoints whose Service is gone get deleted.
      onAdd: (ep, initial) => {
        if (initial && !ep.metadata.annotations?.[LEADER_ANNOTATION]) enqueue(ep);
      },
      onDelete: (x) => enqueue(objectOfDelete(x)),
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

  /** Converges one service's Endpoints (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.informerSet.synced()) return void this.queue.addAfter(key, 100);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const res = this.ctx.client.resource<Endpoints>(ENDPOINTS, namespace);
    const svc = this.services.lister.get(namespace, name);
    if (!svc) {
      try {
        await res.delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.triggerTimes.deleteService(key);
      return;
    }
    // Without a selector the Endpoints are someone else's (the apiserver's for `kubernetes`).
    if (isExternalName(svc) || !hasSelector(svc)) return;
    const pods = selectedPods(svc, (sel) => this.pods.lister.listNamespace(namespace, sel));
    // Computed on every pass, so the tracker's memory moves on even when nothing is written.
    const triggerMs = this.triggerTimes.compute(key, svc, pods);
    const subsets = desiredSubsets(svc, pods);
    const current = this.endpoints.lister.get(namespace, name);
    if (current && this.upToDate(current, subsets, svc)) return;
    const next = this.nextEndpoints(current, svc, subsets, triggerMs);
    try {
      if (current) await res.update(next);
      else await res.create(next);
    } catch (err) {
      // A terminating namespace refuses creates for good: drop the work.
      if (!current && isNamespaceTerminating(err)) return;
      const msg = (err as Error).message;
      if (current) this.ctx.recorder.event(next, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${key}: ${msg}`);
      else this.ctx.recorder.event(next, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${key}: ${msg}`);
      throw err;
    }
  }

  private upToDate(current: Endpoints, subsets: EndpointSubset[], svc: Service): boolean {
    const overCapacity = countAddresses(current.subsets) > MAX_ENDPOINTS_CAPACITY;
    const capacityOk = !overCapacity && !current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION];
    return (
      canonical(current.subsets ?? []) === canonical(subsets) &&
      sameLabels(withoutLabel(current.metadata.labels, HEADLESS_LABEL), svc.metadata.labels) &&
      capacityOk
    );
  }

  private nextEndpoints(current: Endpoints | undefined, svc: Service, subsets: EndpointSubset[], triggerMs: number | undefined): Endpoints {
    const next: Endpoints = current
      ? (cloneJson(current) as Endpoints)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace } };
    const annotations: Record<string, string> = { ...next.metadata.annotations };
    setTriggerTimeAnnotation(annotations, triggerMs, rfc3339);
    const truncated = truncateSubsets(subsets);
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    if (Object.keys(annotations).length) next.metadata.annotations = annotations;
    else delete next.metadata.annotations;
    const out = truncated ?? subsets;
    if (out.length) next.subsets = out;
    else delete next.subsets;
    const labels = { ...svc.metadata.labels };
    if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    next.metadata.labels = labels;
    return next;
  }
}
