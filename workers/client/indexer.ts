/**
 * The informer cache with indexes (client-go's cache.Indexer): objects by `namespace/name` key, plus
 * inverted indexes maintained incrementally on every add, update and delete. Objects are stored as
 * received (frozen, shared): never copied, never mutated.
 */
import { matchesLabels, requiredEquality, type LabelSelector } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { metaNamespaceKey } from './paths';
import { BoundedMemo } from '../api/bounded-memo';

/** Computes the index values of an object (several allowed, none means "not indexed"). */
export type IndexFunc<T> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';
export const LABEL_INDEX = 'label';
export const NODE_NAME_INDEX = 'spec.nodeName';
export const OWNER_UID_INDEX = 'ownerUid';

/** One shared (read-only) value list per namespace: every object indexes by one of a few. */
const namespaceValues = new BoundedMemo<string, string[]>(10_000);
const NO_VALUES = Object.freeze([]) as unknown as string[];

/** Indexes by namespace (the array may be shared: read it, never change it). */
export const namespaceIndexFunc: IndexFunc<KubeObject> = (o) => {
  const ns = o.metadata.namespace;
  if (!ns) return NO_VALUES;
  return namespaceValues.get(ns) ?? namespaceValues.remember(ns, Object.freeze([ns]) as unknown as string[]);
};
/**
 * The `key=value` pairs of frozen label maps, by map: cache objects share their labels across
 * revisions, so most updates find theirs here. A mutable map is never remembered.
 */
const labelPairs = new WeakMap<object, string[]>();

/** Indexes by every `key=value` label pair (the array may be shared: read it, never change it). */
export const labelIndexFunc: IndexFunc<KubeObject> = (o) => {
  const labels = o.metadata.labels;
  if (!labels) return [];
  const known = labelPairs.get(labels);
  if (known) return known;
  const pairs: string[] = [];
  for (const k of Object.keys(labels)) pairs.push(`${k}=${labels[k]}`);
  if (Object.isFrozen(labels)) labelPairs.set(labels, pairs);
  return pairs;
};
/** Indexes pods by the node they are bound to. */
export const nodeNameIndexFunc: IndexFunc<KubeObject> = (o) => {
  const n = (o.spec as { nodeName?: unknown } | undefined)?.nodeName;
  return typeof n === 'string' && n ? [n] : [];
};
/** Indexes by the uid of every owner reference. */
export const ownerUidIndexFunc: IndexFunc<KubeObject> = (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid);

/**
 * For the built-in index functions: whether two revisions of an object give the same values, judged
 * from the very inputs the function reads (shared by the store across revisions when unchanged), so
 * most updates compute no values at all.
 */
const sameInputs = new Map<IndexFunc<KubeObject>, (a: KubeObject, b: KubeObject) => boolean>([
  [namespaceIndexFunc, (a, b) => a.metadata.namespace === b.metadata.namespace],
  [labelIndexFunc, (a, b) => a.metadata.labels === b.metadata.labels],
  [nodeNameIndexFunc, (a, b) => (a.spec as { nodeName?: unknown } | undefined)?.nodeName === (b.spec as { nodeName?: unknown } | undefined)?.nodeName],
  [ownerUidIndexFunc, (a, b) => a.metadata.ownerReferences === b.metadata.ownerReferences],
]);

/** The hot-path indexes every informer keeps (DESIGN.md section 8). */
export function defaultIndexers(): Record<string, IndexFunc<KubeObject>> {
  return {
    [NAMESPACE_INDEX]: namespaceIndexFunc,
    [LABEL_INDEX]: labelIndexFunc,
    [NODE_NAME_INDEX]: nodeNameIndexFunc,
    [OWNER_UID_INDEX]: ownerUidIndexFunc,
  };
}

/** Objects by key, with inverted indexes. */
export class Indexer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name -> index value -> keys (most values index one object: a lone key is kept without a Set) */
  private readonly indices = new Map<string, Map<string, IndexEntry>>();

  constructor(indexers: Record<string, IndexFunc<T>> = defaultIndexers() as Record<string, IndexFunc<T>>) {
    this.addIndexers(indexers);
  }

  /** Adds index functions, indexing the objects already held. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
      this.indexers.set(name, fn);
      const index = new Map<string, IndexEntry>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) addToIndex(index, fn(obj), key);
    }
  }

  /** Names of the indexes kept. */
  indexNames(): string[] {
    return [...this.indexers.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Adds or replaces an object; returns the object it replaced. */
  upsert(obj: T): T | undefined {
    const key = metaNamespaceKey(obj.metadata);
    const old = this.items.get(key);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) {
      if (old && sameInputs.get(fn as IndexFunc<KubeObject>)?.(old, obj)) continue;
      const index = this.indices.get(name)!;
      const values = fn(obj);
      if (!old) {
        addToIndex(index, values, key);
        continue;
      }
      const oldValues = fn(old);
      // Kept values keep the key where it is (no churn on the hot path: most updates change no
      // index value); lost values let it go; new values take it at the end.
      if (!sameValues(oldValues, values)) updateIndex(index, oldValues, values, key);
    }
    return old;
  }

  /** Removes the object with this key; returns what was held. */
  deleteKey(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    for (const [name, fn] of this.indexers) removeFromIndex(this.indices.get(name)!, fn(old), key);
    return old;
  }

  /** Removes an object by its namespace and name. */
  delete(obj: T): T | undefined {
    return this.deleteKey(metaNamespaceKey(obj.metadata));
  }

  /** Replaces the whole content (after a list), rebuilding the indexes. */
  replace(objs: readonly T[]): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const o of objs) this.upsert(o);
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  /** The object `namespace/name` (namespace '' for cluster-scoped). */
  get(namespace: string, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Every object matching the label selector (all when none), optionally in one namespace. */
  list(selector?: LabelSelector, namespace?: string): T[] {
    if (selector?.nothing) return [];
    let candidates: Iterable<T>;
    const eq = selector && requiredEquality(selector);
    if (eq !== undefined && this.indices.has(LABEL_INDEX)) candidates = this.byIndex(LABEL_INDEX, `${eq.key}=${eq.value}`);
    else if (namespace && this.indices.has(NAMESPACE_INDEX)) candidates = this.byIndex(NAMESPACE_INDEX, namespace);
    else candidates = this.items.values();
    const out: T[] = [];
    for (const o of candidates) {
      if (namespace && o.metadata.namespace !== namespace) continue;
      if (selector && !matchesLabels(selector, o.metadata.labels)) continue;
      out.push(o);
    }
    return out;
  }

  /** Keys of the objects whose index `name` holds `value`. */
  indexKeys(name: string, value: string): string[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index with name ${name} does not exist`);
    const keys = index.get(value);
    if (keys === undefined) return [];
    return typeof keys === 'string' ? [keys] : [...keys];
  }

  /** The objects whose index `name` holds `value`. */
  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index with name ${name} does not exist`);
    const out: T[] = [];
    const keys = index.get(value);
    if (typeof keys === 'string') out.push(this.items.get(keys)!);
    else if (keys) for (const k of keys) out.push(this.items.get(k)!);
    return out;
  }

  /** The values an index holds (for tests and debugging). */
  indexValues(name: string): string[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index with name ${name} does not exist`);
    return [...index.keys()];
  }
}

/** The keys of one index value, in the order they came: one key alone, or a Set of several. */
type IndexEntry = string | Set<string>;

function addToIndex(index: Map<string, IndexEntry>, values: string[], key: string): void {
  for (const v of values) {
    const keys = index.get(v);
    if (keys === undefined) index.set(v, key);
    else if (typeof keys !== 'string') keys.add(key);
    else if (keys !== key) index.set(v, new Set([keys, key]));
  }
}

function removeFromIndex(index: Map<string, IndexEntry>, values: string[], key: string): void {
  for (const v of values) {
    const keys = index.get(v);
    if (keys === undefined) continue;
    if (typeof keys === 'string') {
      // Empty values are dropped so the index equals a rebuild from scratch.
      if (keys === key) index.delete(v);
      continue;
    }
    keys.delete(key);
    if (keys.size === 0) index.delete(v);
    else if (keys.size === 1) index.set(v, keys.values().next().value as string);
  }
}

function sameValues(a: string[], b: string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Moves `key` from the values it lost to the values it gained; values in both are left alone. */
function updateIndex(index: Map<string, IndexEntry>, oldValues: string[], values: string[], key: string): void {
  const lost = oldValues.filter((v) => !values.includes(v));
  const gained = values.filter((v) => !oldValues.includes(v));
  removeFromIndex(index, lost, key);
  addToIndex(index, gained, key);
}

/** Read-only view of an Indexer, as client-go's listers. */
export class Lister<T extends KubeObject = KubeObject> {
  constructor(private readonly indexer: Indexer<T>) {}
  /** Objects matching the selector across all namespaces. */
  list(selector?: LabelSelector): T[] {
    return this.indexer.list(selector);
  }
  /** Objects matching the selector in one namespace. */
  listNamespace(namespace: string, selector?: LabelSelector): T[] {
    return this.indexer.list(selector, namespace);
  }
  /** One object, or undefined when the cache does not hold it. */
  get(namespace: string, name: string): T | undefined {
    return this.indexer.get(namespace, name);
  }
  byIndex(name: string, value: string): T[] {
    return this.indexer.byIndex(name, value);
  }
}
