/**
 * The resource quota controller (upstream pkg/controller/resourcequota): keeps each ResourceQuota's
 * status (hard as in spec, used as measured) up to date, recomputing a namespace's quotas whenever
 * an object they measure changes, and all of them every full resync period.
 */
import type { ResourceInfo } from '../../api/registry';
import { Quantity } from '../../api/quantity';
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, type SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { isConflict, isNotFound } from '../api-errors';
import { InformerSet, type InformerSource } from '../informer-set';
import { QueueWorker } from '../shared/queue-worker';
import { hasScopes, podInScope, type QuotaScopeSpec } from '../../api/quota/quota-scopes';
import { resourceForQuotaKey, usageOf } from '../../api/quota/quota-usage';
import { cloneJson } from '../../api/patch/json-values';

/** Upstream --resource-quota-sync-period. */
export const QUOTA_FULL_RESYNC_MS = 5 * 60_000;

const QUOTAS = { group: '', version: 'v1', resource: 'resourcequotas' };

type ResourceQuota = KubeObject & { spec?: QuotaScopeSpec & { hard?: Record<string, string> }; status?: { hard?: Record<string, string>; used?: Record<string, string> } };

/** Measures quota usage. */
export class ResourceQuotaController {
  readonly quotas: SharedInformer<ResourceQuota>;
  /** Informers of measured resources, started as quotas come to need them. */
  private readonly measured = new Map<string, SharedInformer>();
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  private readonly informerSet: InformerSet;

  /** `informers`: a shared source (kube-controller-manager's factory) for the measured resources. */
  constructor(private readonly ctx: ComponentContext, opts: { informers?: InformerSource } = {}) {
    this.informerSet = new InformerSet(ctx, opts.informers);
    // Its own quota informer: the full resync every 5 minutes is this controller's alone.
    this.quotas = this.informerSet.get<ResourceQuota>(QUOTAS, 'resourcequota', undefined, { resyncPeriodMs: QUOTA_FULL_RESYNC_MS });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: ctx.timers, name: 'resourcequota_primary' });
    this.worker = new QueueWorker(this.queue, ctx.timers, (k) => this.sync(k), { name: 'resourcequota' });
    const enqueue = (q: KubeObject) => this.queue.add(metaNamespaceKey(q.metadata));
    this.informerSet.on(this.quotas, { onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
    // Pods are what quotas measure most; watch them from the start.
    this.informerFor(resourceForQuotaKey('pods')!);
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
  }

  private informerFor(info: ResourceInfo): SharedInformer {
    const id = `${info.resource}.${info.group}`;
    let inf = this.measured.get(id);
    if (inf) return inf;
    const gvr = { group: info.group, version: info.version, resource: info.resource };
    inf = this.informerSet.get(gvr, `resourcequota:${id}`);
    // Any change in a namespace may move its quotas' usage (replenishment included).
    const touch = (o: KubeObject) => this.enqueueNamespace(o.metadata.namespace);
    this.informerSet.on(inf, { onAdd: touch, onUpdate: (_o, n) => touch(n), onDelete: (x) => touch(objectOfDelete(x)) });
    this.measured.set(id, inf);
    return inf;
  }

  private enqueueNamespace(namespace: string | undefined): void {
    if (!namespace) return;
    for (const q of this.quotas.lister.listNamespace(namespace)) this.queue.add(metaNamespaceKey(q.metadata));
  }

  /** Recomputes one quota's status (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.quotas.hasSynced()) return void this.queue.addAfter(key, 100);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const quota = this.quotas.lister.get(namespace, name);
    if (!quota) return;
    const hard = quota.spec?.hard ?? {};
    const byResource = new Map<ResourceInfo, string[]>();
    for (const k of Object.keys(hard)) {
      const info = resourceForQuotaKey(k);
      if (info) byResource.set(info, [...(byResource.get(info) ?? []), k]);
    }
    const used: Record<string, string> = {};
    const scoped = hasScopes(quota.spec);
    for (const [info, keys] of byResource) {
      const isPods = !info.group && info.resource === 'pods';
      // A scoped quota tracks pods only, and only those in its scopes.
      if (scoped && !isPods) continue;
      const inf = this.informerFor(info);
      if (!inf.hasSynced()) return void this.queue.addAfter(key, 100);
      let objects = inf.lister.listNamespace(namespace);
      if (scoped) objects = objects.filter((p) => podInScope(quota.spec, p));
      const usage = usageOf(info, objects, keys, this.ctx.clock.now());
      for (const k of keys) used[k] = (usage.get(k) ?? Quantity.fromInt(0)).toString();
    }
    const sorted = (r: Record<string, string>) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
    if (sorted(quota.status?.hard ?? {}) === sorted(hard) && sorted(quota.status?.used ?? {}) === sorted(used)) return;
    const next = cloneJson(quota) as ResourceQuota;
    next.status = { hard: { ...hard }, used };
    try {
      await this.ctx.client.resource<ResourceQuota>(QUOTAS, namespace).updateStatus(next);
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) return void this.queue.addAfter(key, 100);
      throw err;
    }
  }
}
