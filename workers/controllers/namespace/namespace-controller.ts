/**
 * The namespace controller (upstream pkg/controller/namespace): watches namespaces and, for each one
 * marked for deletion, runs the deleter until the namespace's content is gone and it is finalized.
 */
import type { ComponentContext } from '../../client/component';
import { SharedInformer } from '../../client/informer';
import { WorkQueue } from '../../client/workqueue';
import type { KubeObject } from '../../api/types';
import { QueueWorker } from '../shared/queue-worker';
import { NamespacedResourcesDeleter, ResourcesRemainingError } from './namespaced-resources-deleter';

/** Upstream waits this long after seeing a deletion so that every apiserver has observed it. */
export const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5_000;

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

/** Empties and finalizes terminating namespaces. */
export class NamespaceController {
  readonly namespaces: SharedInformer;
  readonly queue: WorkQueue<string>;
  readonly deleter: NamespacedResourcesDeleter;
  private readonly worker: QueueWorker;

  /** `workers`: upstream --concurrent-namespace-syncs (default 10). */
  constructor(ctx: ComponentContext, opts: { workers?: number } = {}) {
    this.namespaces = new SharedInformer(ctx.client.resource(NAMESPACES), { timers: ctx.timers, name: 'namespace', resyncPeriodMs: 5 * 60_000 });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: ctx.timers, name: 'namespace' });
    this.deleter = new NamespacedResourcesDeleter(ctx.client, ctx.clock);
    this.worker = new QueueWorker(this.queue, ctx.timers, (k) => this.sync(k), { name: 'namespace', workers: opts.workers ?? 10 });
    const enqueue = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.queue.addAfter(ns.metadata.name!, NAMESPACE_DELETION_GRACE_PERIOD_MS);
    };
    this.namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
  }

  start(): void {
    this.namespaces.run();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.namespaces.stop();
  }

  /** One deletion pass; content still terminating brings the key back after half the estimate. */
  async sync(key: string): Promise<void> {
    try {
      await this.deleter.delete(key);
    } catch (err) {
      if (!(err instanceof ResourcesRemainingError)) throw err;
      this.queue.addAfter(key, (Math.floor(err.estimateSeconds / 2) + 1) * 1000);
    }
  }
}
