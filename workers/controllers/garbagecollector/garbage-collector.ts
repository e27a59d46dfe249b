/**
 * The garbage collector (upstream pkg/controller/garbagecollector): informers over every listable
 * resource feed a dependency graph built from ownerReferences; changes enqueue object UIDs, and the
 * workers delete dependents whose owners are gone (background), delete blocking dependents of an
 * owner with `foregroundDeletion` and then release it, or strip references for an `orphan` owner.
 */
import { resources, type ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, type SharedInformer } from '../../client/informer';
import type { GroupVersionResource } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import { InformerSet, type InformerSource } from '../informer-set';
import { QueueWorker } from '../shared/queue-worker';
import { attemptToDelete, attemptToOrphan, type CollectorDeps } from './attempt-to-delete';
import { DependencyGraph, type GraphChange } from './dependency-graph';

/** Upstream never collects Events (both API groups): they have no owners and churn a lot. */
const IGNORED = new Set(['events.', 'events.events.k8s.io']);

/** Wait before looking again at a key that arrived before every informer had listed. */
const NOT_SYNCED_RETRY_MS = 1_000;

/** The resources the collector watches: listable and watchable, preferred version of each. */
export function monitoredResources(): ResourceInfo[] {
  const seen = new Set<string>();
  const out: ResourceInfo[] = [];
  for (const r of resources) {
    const gr = `${r.resource}.${r.group}`;
    if (seen.has(gr) || IGNORED.has(gr) || !r.verbs.includes('list') || !r.verbs.includes('watch') || !r.verbs.includes('delete')) continue;
    seen.add(gr);
    out.push(r);
  }
  return out;
}

/** The garbage collector controller. */
export class GarbageCollector {
  readonly graph = new DependencyGraph();
  readonly informers: SharedInformer[] = [];
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  private readonly deps: CollectorDeps;
  private readonly informerSet: InformerSet;

  /** `informers`: a shared source (kube-controller-manager's factory); absent: one informer per resource of its own. */
  constructor(ctx: ComponentContext, opts: { informers?: InformerSource } = {}) {
    this.informerSet = new InformerSet(ctx, opts.informers);
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: ctx.timers, name: 'garbage_collector' });
    this.worker = new QueueWorker(this.queue, ctx.timers, (k) => this.sync(k), { name: 'garbage_collector' });
    this.deps = { graph: this.graph, client: ctx.client, recorder: ctx.recorder, enqueueDelete: (uid) => this.queue.add(`delete/${uid}`) };
    for (const info of monitoredResources()) {
      const gvr = { group: info.group, version: info.version, resource: info.resource };
      const informer = this.informerSet.get(gvr, `gc:${info.resource}.${info.group}`);
      this.informerSet.on(informer, {
        onAdd: (o) => this.onChange(o, gvr),
        onUpdate: (_old, o) => this.onChange(o, gvr),
        onDelete: (x) => this.onDelete(objectOfDelete(x)),
      });
      this.informers.push(informer);
    }
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
  }

  /** True once every monitored resource has been listed into the graph. */
  hasSynced(): boolean {
    return this.informers.every((i) => i.hasSynced());
  }

  private onChange(obj: KubeObject, gvr: GroupVersionResource): void {
    if (!obj.metadata.uid) return;
    this.react(this.graph.observe(obj, gvr));
  }

  /** Turns a graph transition into keys (upstream processTransitions and the owner checks). */
  private react(change: GraphChange): void {
    const { node } = change;
    if (change.startedOrphaning) this.queue.add(`orphan/${node.uid}`);
    if (change.startedDeletingDependents) {
      for (const dep of this.graph.dependents(node.uid)) this.deps.enqueueDelete(dep);
      this.deps.enqueueDelete(node.uid);
    }
    // A new reference to an owner we do not know, or one deleting in the foreground, needs a look.
    if (change.addedOwners.some((o) => !this.graph.get(o) || this.graph.get(o)!.deletingDependents)) this.deps.enqueueDelete(node.uid);
    // A blocking reference went away: the foreground owner may be free now.
    for (const o of change.removedOwners) if (this.graph.get(o)?.deletingDependents) this.deps.enqueueDelete(o);
  }

  private onDelete(obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const node = this.graph.remove(uid);
    if (!node) return;
    for (const dep of this.graph.dependents(uid)) this.deps.enqueueDelete(dep);
    for (const o of node.owners) if (this.graph.get(o.uid)?.deletingDependents) this.deps.enqueueDelete(o.uid);
  }

  /** Handles `delete/<uid>` (attemptToDelete) and `orphan/<uid>` (attemptToOrphan). */
  async sync(key: string): Promise<void> {
    if (!this.hasSynced()) {
      this.queue.addAfter(key, NOT_SYNCED_RETRY_MS);
      return;
    }
    const slash = key.indexOf('/');
    const op = key.slice(0, slash);
    const uid = key.slice(slash + 1);
    if (op === 'orphan') await attemptToOrphan(this.deps, uid);
    else await attemptToDelete(this.deps, uid);
  }
}
