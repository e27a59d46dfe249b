/**
 * The service account controller (upstream pkg/controller/serviceaccount ServiceAccountsController):
 * every active namespace has a `default` ServiceAccount; one deleted is created again.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, type SharedInformer } from '../../client/informer';
import { WorkQueue } from '../../client/workqueue';
import { isAlreadyExists, isNamespaceTerminating, isNotFound } from '../api-errors';
import { InformerSet, type InformerSource } from '../informer-set';
import { QueueWorker } from '../shared/queue-worker';

/** The accounts every namespace gets. */
export const REQUIRED_SERVICE_ACCOUNTS = ['default'];

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };
const SERVICE_ACCOUNTS = { group: '', version: 'v1', resource: 'serviceaccounts' };

/** Keeps the required ServiceAccounts in every namespace. */
export class ServiceAccountsController {
  readonly namespaces: SharedInformer;
  readonly serviceAccounts: SharedInformer;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;

  private readonly informerSet: InformerSet;

  /** `informers`: a shared source (kube-controller-manager's factory). */
  constructor(private readonly ctx: ComponentContext, opts: { informers?: InformerSource } = {}) {
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.namespaces = inf.get(NAMESPACES, 'serviceaccounts:namespaces');
    this.serviceAccounts = inf.get(SERVICE_ACCOUNTS, 'serviceaccounts');
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: ctx.timers, name: 'serviceaccount' });
    this.worker = new QueueWorker(this.queue, ctx.timers, (k) => this.sync(k), { name: 'serviceaccount' });
    inf.on(this.namespaces, {
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (_old, ns) => this.queue.add(ns.metadata.name!),
    });
    inf.on(this.serviceAccounts, {
      onDelete: (x) => {
        const sa = objectOfDelete(x);
        if (REQUIRED_SERVICE_ACCOUNTS.includes(sa.metadata.name!)) this.queue.add(sa.metadata.namespace!);
      },
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

  /** Creates the missing required accounts of one namespace (key = namespace name). */
  async sync(key: string): Promise<void> {
    // Until both caches are filled, "missing" might only mean "not listed yet".
    if (!this.informerSet.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const ns = this.namespaces.lister.get('', key);
    // Only an Active namespace gets accounts (upstream checks the phase alone).
    if (!ns || (ns.status as { phase?: string } | undefined)?.phase !== 'Active') return;
    for (const name of REQUIRED_SERVICE_ACCOUNTS) {
      if (this.serviceAccounts.lister.get(key, name)) continue;
      const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: key } };
      try {
        await this.ctx.client.resource(SERVICE_ACCOUNTS, key).create(sa);
      } catch (err) {
        // Someone else made it, or the namespace began terminating meanwhile: nothing to do.
        if (isAlreadyExists(err) || isNotFound(err) || isNamespaceTerminating(err)) continue;
        throw err;
      }
    }
  }
}

