/**
 * Where a controller gets its informers. kube-controller-manager shares one informer per resource
 * between all its controllers (SharedInformerFactory); a controller given an InformerSource takes
 * its informers from there, one built alone makes its own. Either way it registers its handlers
 * through an InformerSet, which runs what it uses and, on stop, removes its handlers and stops only
 * the informers it made itself.
 */
import type { KubeObject } from '../api/types';
import type { ComponentContext } from '../client/component';
import { SharedInformer, type EventHandler, type InformerOptions } from '../client/informer';
import type { IndexFunc } from '../client/indexer';
import type { GroupVersionResource } from '../client/paths';

/** A supplier of shared informers, by resource and (optional) namespace. */
export interface InformerSource {
  informer<T extends KubeObject>(gvr: GroupVersionResource, namespace?: string): SharedInformer<T>;
}

/** What a controller may pass when it needs an informer of its own (selectors, resync). */
export type OwnInformerOptions = Pick<InformerOptions<KubeObject>, 'labelSelector' | 'fieldSelector' | 'resyncPeriodMs'>;

function keyOf(gvr: GroupVersionResource, namespace?: string): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}/${namespace ?? ''}`;
}

/** One informer per resource and namespace, made on first use: the factory the integrator can share. */
export class SharedInformerSource implements InformerSource {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();

  constructor(private readonly ctx: Pick<ComponentContext, 'client' | 'timers'>) {}

  informer<T extends KubeObject>(gvr: GroupVersionResource, namespace?: string): SharedInformer<T> {
    const key = keyOf(gvr, namespace);
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new SharedInformer(this.ctx.client.resource(gvr, namespace), { timers: this.ctx.timers, name: `shared:${gvr.resource}.${gvr.group}` });
      this.informers.set(key, inf);
    }
    return inf as unknown as SharedInformer<T>;
  }

  /** Objects each shared informer's cache holds now (`pods`, `deployments.apps`), by resource. */
  cacheSizes(): { resource: string; objects: number }[] {
    return [...this.informers.entries()]
      .map(([key, inf]) => {
        const [group, , resource, namespace] = key.split('/');
        return { resource: `${resource}${group ? `.${group}` : ''}${namespace ? ` (${namespace})` : ''}`, objects: inf.indexer.size };
      })
      .sort((a, b) => (a.resource < b.resource ? -1 : 1));
  }

  /** Stops every informer made (the process owning the source is going away). */
  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}

/** The informers one controller uses, shared or its own. */
export class InformerSet {
  private readonly used: SharedInformer<KubeObject>[] = [];
  private readonly own = new Set<SharedInformer<KubeObject>>();
  private readonly removers: (() => void)[] = [];
  private running = false;

  constructor(
    private readonly ctx: Pick<ComponentContext, 'client' | 'timers'>,
    private readonly source?: InformerSource,
  ) {}

  /**
   * The informer of a resource: from the source when there is one and no own options are asked for,
   * else a new one named `name`.
   */
  get<T extends KubeObject>(gvr: GroupVersionResource, name: string, namespace?: string, own?: OwnInformerOptions): SharedInformer<T> {
    let inf: SharedInformer<T>;
    if (this.source && !own) inf = this.source.informer<T>(gvr, namespace);
    else {
      inf = new SharedInformer<T>(this.ctx.client.resource<T>(gvr, namespace), { timers: this.ctx.timers, name, ...own });
      this.own.add(inf as unknown as SharedInformer<KubeObject>);
    }
    this.used.push(inf as unknown as SharedInformer<KubeObject>);
    if (this.running) inf.run();
    return inf;
  }

  /**
   * Adds the index functions the informer lacks. Controllers sharing an informer share its indexes
   * by name (upstream's AddIndexers on a shared informer), so an index already there is kept.
   */
  index<T extends KubeObject>(inf: SharedInformer<T>, indexers: Record<string, IndexFunc<T>>): SharedInformer<T> {
    const have = new Set(inf.indexer.indexNames());
    const missing = Object.fromEntries(Object.entries(indexers).filter(([name]) => !have.has(name)));
    if (Object.keys(missing).length) inf.indexer.addIndexers(missing);
    return inf;
  }

  /** Registers a handler, removed again on stop. */
  on<T extends KubeObject>(inf: SharedInformer<T>, handler: EventHandler<NoInfer<T>>): void {
    this.removers.push(inf.addEventHandler(handler));
  }

  /** Runs every informer used (running a shared one again does nothing). */
  start(): void {
    this.running = true;
    for (const i of this.used) i.run();
  }

  stop(): void {
    this.running = false;
    for (const r of this.removers.splice(0)) r();
    for (const i of this.own) i.stop();
  }

  /** True once every informer used has listed. */
  synced(): boolean {
    return this.used.every((i) => i.hasSynced());
  }
}
