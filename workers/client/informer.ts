/**
 * A shared informer (client-go SharedIndexInformer): a reflector feeding an indexed cache, and event
 * handlers told of every change. After a relist, objects the cache held but the list lacks are
 * reported deleted as DeletedFinalStateUnknown tombstones. Handlers run synchronously, in
 * registration order, so the simulation stays deterministic.
 */
import type { KubeObject } from '../api/types';
import type { TimerId, Timers, Rng } from '../sim/types';
import { Indexer, Lister, type IndexFunc } from './indexer';
import { metaNamespaceKey } from './paths';
import { Reflector, type ListerWatcher, type ReflectorSink } from './reflector';

/** A deleted object whose final state was missed (it vanished between a watch gap and a relist). */
export interface DeletedFinalStateUnknown<T> {
  kind: 'DeletedFinalStateUnknown';
  key: string;
  /** The last state the cache held. */
  obj: T;
}

/** True for a tombstone rather than an object. */
export function isTombstone<T>(x: T | DeletedFinalStateUnknown<T>): x is DeletedFinalStateUnknown<T> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'DeletedFinalStateUnknown' && 'key' in x;
}

/** The object behind a delete notification, tombstone or not. */
export function objectOfDelete<T>(x: T | DeletedFinalStateUnknown<T>): T {
  return isTombstone(x) ? x.obj : x;
}

/** What an informer tells its handlers. */
export interface EventHandler<T> {
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export interface InformerOptions<T> {
  timers: Timers;
  /** Extra indexes next to the default ones. */
  indexers?: Record<string, IndexFunc<T>>;
  /** When set, handlers get onUpdate(obj, obj) for every cached object this often (virtual ms). */
  resyncPeriodMs?: number;
  pageSize?: number;
  labelSelector?: string;
  fieldSelector?: string;
  rng?: Rng;
  name?: string;
}

/** List+watch into an indexed cache, fanned out to event handlers. */
export class SharedInformer<T extends KubeObject = KubeObject> implements ReflectorSink<T> {
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  readonly reflector: Reflector<T>;
  /** Replaced, never changed in place: a notification loop keeps the list it started with. */
  private handlers: readonly EventHandler<T>[] = [];
  private synced = false;
  private resyncTimer: TimerId | undefined;
  private running = false;

  constructor(
    lw: ListerWatcher<T>,
    private readonly opts: InformerOptions<T>,
  ) {
    this.indexer = new Indexer<T>();
    if (opts.indexers) this.indexer.addIndexers(opts.indexers);
    this.lister = new Lister(this.indexer);
    this.reflector = new Reflector<T>(lw, this, {
      timers: opts.timers,
      pageSize: opts.pageSize,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      rng: opts.rng,
      name: opts.name,
    });
  }

  /** Registers a handler; one added late first hears of every cached object as an add. Returns its remover. */
  addEventHandler(h: EventHandler<T>): () => void {
    this.handlers = [...this.handlers, h];
    if (this.synced) for (const o of this.indexer.list()) h.onAdd?.(o, true);
    return () => {
      const i = this.handlers.indexOf(h);
      if (i >= 0) this.handlers = [...this.handlers.slice(0, i), ...this.handlers.slice(i + 1)];
    };
  }

  /** True once the first list has reached the cache and the handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion of the last list or event seen. */
  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  run(): void {
    if (this.running) return;
    this.running = true;
    this.reflector.run();
    this.scheduleResync();
  }

  stop(): void {
    this.running = false;
    this.reflector.stop();
    if (this.resyncTimer !== undefined) this.opts.timers.cancel(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  private scheduleResync(): void {
    const period = this.opts.resyncPeriodMs;
    if (!period || period <= 0) return;
    this.resyncTimer = this.opts.timers.after(period, () => {
      if (!this.running) return;
      if (this.synced) for (const o of this.indexer.list()) for (const h of this.handlers) h.onUpdate?.(o, o);
      this.scheduleResync();
    }, `informer:${this.opts.name ?? ''}:resync`);
  }

  replace(items: T[], _resourceVersion: string): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const obj of items) {
      seen.add(metaNamespaceKey(obj.metadata));
      const old = this.indexer.upsert(obj);
      if (old) this.notifyUpdate(old, obj);
      else for (const h of this.handlers) h.onAdd?.(obj, initial);
    }
    for (const key of this.indexer.listKeys()) {
      if (seen.has(key)) continue;
      const last = this.indexer.deleteKey(key)!;
      const tombstone: DeletedFinalStateUnknown<T> = { kind: 'DeletedFinalStateUnknown', key, obj: last };
      for (const h of this.handlers) h.onDelete?.(tombstone);
    }
    this.synced = true;
  }

  add(obj: T): void {
    const old = this.indexer.upsert(obj);
    if (old) this.notifyUpdate(old, obj);
    else for (const h of this.handlers) h.onAdd?.(obj, false);
  }

  update(obj: T): void {
    this.add(obj);
  }

  delete(obj: T): void {
    this.indexer.delete(obj);
    for (const h of this.handlers) h.onDelete?.(obj);
  }

  private notifyUpdate(old: T, obj: T): void {
    // An unchanged object after a relist is still an update, as upstream (handlers compare RVs if they care).
    for (const h of this.handlers) h.onUpdate?.(old, obj);
  }
}
