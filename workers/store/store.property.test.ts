/**
 * Seeded random operations against the store, checked against a plain model: watch streams, past and
 * chunked lists, compaction, and reload from fake-indexeddb. A failure names its seed; failing seeds
 * become named regression tests at the bottom.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { Store } from './store';
import { StoreError, type StoreEvent } from './types';
import { DexiePersistence } from './dexie-persistence';
import { MemoryPersistence } from './memory-persistence';

/** mulberry32: small, seeded, good enough to pick operations. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESOURCES = ['pods', 'services', 'configmaps'];
const NAMESPACES = ['a', 'b', 'c'];
const PREFIXES = ['/registry/', '/registry/pods/', '/registry/pods/a/', '/registry/services/b/', '/registry/configmaps/', '/registry/pods/a/n1'];

/** The model's log entry: what revision r did. */
interface ModelWrite {
  revision: number;
  type: StoreEvent['type'];
  key: string;
  object: KubeObject;
}

interface WatchProbe {
  prefix: string;
  from: number;
  events: StoreEvent[];
  state: Map<string, KubeObject>;
  cancelledAt?: number;
  cancel(): void;
}

class Model {
  writes: ModelWrite[] = [];
  live = new Map<string, { object: KubeObject; createRevision: number; modRevision: number }>();

  stateAt(revision: number, prefix: string): KubeObject[] {
    const state = new Map<string, KubeObject>();
    for (const w of this.writes) {
      if (w.revision > revision) break;
      if (!w.key.startsWith(prefix)) continue;
      if (w.type === 'DELETED') state.delete(w.key);
      else state.set(w.key, w.object);
    }
    return [...state.keys()].sort().map((k) => state.get(k)!);
  }
}

function fail(seed: number, message: string): never {
  throw new Error(`seed ${seed}: ${message}`);
}

function same(seed: number, what: string, actual: unknown, expected: unknown): void {
  try {
    expect(actual).toEqual(expected);
  } catch (e) {
    fail(seed, `${what}: ${(e as Error).message}`);
  }
}

/** Lists `prefix` at `revision` in pages of `limit`, as a client following continue tokens does. */
function pagedList(store: Store, prefix: string, revision: number, limit: number): KubeObject[] {
  const items: KubeObject[] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.list(prefix, { revision, limit, startAfterKey: after });
    items.push(...page.items);
    if (page.lastKey === undefined) return items;
    after = page.lastKey;
  }
}

function startWatch(store: Store, prefix: string, from: number): WatchProbe {
  const state = new Map<string, KubeObject>();
  for (const o of store.list(prefix, { revision: from || store.revision }).items) state.set(keyOf(o), o);
  if (from === 0) state.clear();
  const probe: WatchProbe = { prefix, from, events: [], state, cancel: () => {} };
  const w = store.watch(prefix, from, (e) => {
    probe.events.push(e);
    if (e.type === 'DELETED') state.delete(e.key);
    else state.set(e.key, e.object);
  });
  probe.cancel = () => {
    w.cancel();
    probe.cancelledAt = store.revision;
  };
  return probe;
}

function keyOf(o: KubeObject): string {
  return `/registry/${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
}

interface RunOptions {
  ops: number;
  dexie: boolean;
}

function objectFor(key: string, rev: number): KubeObject {
  const [, , kind, namespace, name] = key.split('/');
  return { apiVersion: 'v1', kind, metadata: { name, namespace, resourceVersion: String(rev) }, data: { seq: String(rev) } };
}

/** One run: the store, the model it is checked against, and the watch probes. */
class Harness {
  readonly model = new Model();
  readonly probes: WatchProbe[] = [];

  constructor(
    readonly seed: number,
    readonly store: Store,
    readonly random: () => number,
  ) {}

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)];
  }

  /**
   * Predicts the outcome in the model first (so writes made from watch callbacks, which land inside
   * the outer write, are recorded in revision order), then checks the store agrees.
   */
  write(op: 'create' | 'update' | 'delete', key: string, expected?: number): void {
    const { model, store, seed } = this;
    const entry = model.live.get(key);
    const next = store.revision + 1;
    const code = op === 'create' ? (entry ? 'AlreadyExists' : undefined) : !entry ? 'NotFound' : expected !== undefined && expected !== entry.modRevision ? 'Conflict' : undefined;
    if (!code) {
      if (op === 'delete') model.live.delete(key);
      else model.live.set(key, { object: objectFor(key, next), createRevision: entry && op === 'update' ? entry.createRevision : next, modRevision: next });
      const gone = entry && { ...entry.object, metadata: { ...entry.object.metadata, resourceVersion: String(next) } };
      const type = op === 'create' ? 'ADDED' : op === 'update' ? 'MODIFIED' : 'DELETED';
      model.writes.push({ revision: next, type, key, object: op === 'delete' ? gone! : objectFor(key, next) });
    }
    try {
      if (op === 'create') store.create(key, { ...objectFor(key, next), metadata: { ...objectFor(key, next).metadata, resourceVersion: 'ignored' } });
      else if (op === 'update') store.update(key, objectFor(key, next), expected);
      else store.delete(key, expected);
      if (code) fail(seed, `${op} of ${key} should have failed with ${code}`);
    } catch (e) {
      if (!(e instanceof StoreError) || e.code !== code) throw e;
    }
  }

  randomWrite(): void {
    const key = `/registry/${this.pick(RESOURCES)}/${this.pick(NAMESPACES)}/n${Math.floor(this.random() * 12)}`;
    const r = this.random();
    const entry = this.model.live.get(key);
    const expected = !entry ? undefined : r < 0.2 ? entry.modRevision - 1 : r < 0.6 ? entry.modRevision : undefined;
    this.write(r < 0.45 ? 'create' : r < 0.75 ? 'update' : 'delete', key, expected);
  }

  /** Starts a probe at a random revision near the floor; below it the store must refuse with Expired. */
  randomWatch(): void {
    const { store } = this;
    const from = Math.max(0, store.compactRevision - 5 + Math.floor(this.random() * (store.revision - store.compactRevision + 6)));
    const prefix = this.pick(PREFIXES);
    if (from >= store.compactRevision) {
      this.probes.push(startWatch(store, prefix, from));
      return;
    }
    try {
      store.watch(prefix, from, () => {});
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Expired') return;
      throw e;
    }
    fail(this.seed, `watch from ${from} below floor ${store.compactRevision} did not expire`);
  }

  /** A watcher that writes and starts watches from inside its callback, as controllers do. */
  addReactor(): void {
    // On the widest prefix and first in line, so its writes land before others saw the current event.
    this.store.watch('/registry/', this.store.revision, (e) => {
      if (!e.key.startsWith('/registry/configmaps/')) return;
      const r = this.random();
      if (r < 0.15) this.write(e.type === 'DELETED' ? 'create' : 'update', `/registry/pods/a/n${e.revision % 12}`);
      else if (r < 0.2) this.randomWatch();
    });
  }

  async step(): Promise<void> {
    const { store } = this;
    const r = this.random();
    if (r < 0.7) this.randomWrite();
    else if (r < 0.73) store.compact(store.compactRevision + Math.floor(this.random() * (store.revision - store.compactRevision + 1)));
    else if (r < 0.85) checkList(this.seed, store, this.model, this.pick(PREFIXES), this.random);
    else if (r < 0.9) this.randomWatch();
    else if (r < 0.92) {
      const live = this.probes.filter((p) => p.cancelledAt === undefined);
      if (live.length) this.pick(live).cancel();
    } else if (r < 0.95) await store.flush();
  }
}

async function run(seed: number, opts: RunOptions): Promise<void> {
  const random = seededRandom(seed);
  const dbName = `store-property-${seed}`;
  // A short checkpoint lag makes the objects table move during the run, not only the log.
  const checkpointLag = 1 + Math.floor(random() * 300);
  const reopen = () => (opts.dexie ? new DexiePersistence(dbName, checkpointLag) : persistence);
  const persistence = opts.dexie ? new DexiePersistence(dbName, checkpointLag) : new MemoryPersistence();
  await persistence.clear();
  const historyLimit = 50 + Math.floor(random() * 400);
  const store = await Store.open({ persistence, historyLimit });
  const h = new Harness(seed, store, random);
  h.addReactor();
  for (let i = 0; i < opts.ops; i++) {
    await h.step();
    if (random() < 0.003) {
      await store.flush();
      await checkReload(seed, store, reopen(), historyLimit);
    }
  }
  checkFinal(seed, store, h.model, h.probes);
  await store.flush();
  await checkReload(seed, store, reopen(), historyLimit);
  await persistence.close();
}

function checkList(seed: number, store: Store, model: Model, prefix: string, random: () => number): void {
  const floor = store.compactRevision;
  const revision = Math.max(1, floor - 3 + Math.floor(random() * (store.revision - floor + 4)));
  if (store.revision === 0) return;
  if (revision < floor) {
    try {
      store.list(prefix, { revision, limit: 2 });
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Expired' && e.revisions?.oldest === floor) return;
      throw e;
    }
    fail(seed, `list at ${revision} below floor ${floor} did not expire`);
  }
  const whole = store.list(prefix, { revision });
  same(seed, `list ${prefix} at ${revision}`, whole.items, model.stateAt(revision, prefix));
  const limit = 1 + Math.floor(random() * 5);
  same(seed, `chunked list ${prefix} at ${revision} by ${limit}`, pagedList(store, prefix, revision, limit), whole.items);
  const first = store.list(prefix, { revision, limit });
  if (first.lastKey !== undefined) same(seed, `remaining of ${prefix}`, first.remaining, whole.items.length - limit);
}

function checkFinal(seed: number, store: Store, model: Model, probes: WatchProbe[]): void {
  const latest = store.revision;
  for (const p of probes) {
    const until = p.cancelledAt ?? latest;
    const expected = model.writes.filter((w) => w.revision > p.from && w.revision <= until && w.key.startsWith(p.prefix));
    same(seed, `watch ${p.prefix} from ${p.from} revisions`, p.events.map((e) => e.revision), expected.map((w) => w.revision));
    same(seed, `watch ${p.prefix} from ${p.from} events`, p.events.map((e) => [e.type, e.key, e.object]), expected.map((w) => [w.type, w.key, w.object]));
    const rebuilt = [...p.state.keys()].sort().map((k) => p.state.get(k)!);
    same(seed, `state from watch ${p.prefix}@${p.from}`, rebuilt, model.stateAt(until, p.prefix));
    if (p.cancelledAt === undefined) same(seed, `list vs watch ${p.prefix}@${p.from}`, store.list(p.prefix).items, rebuilt);
  }
  for (const [key, e] of model.live) same(seed, `entry ${key}`, store.get(key), e);
  same(seed, 'count', store.count('/registry/'), model.live.size);
}

async function checkReload(seed: number, before: Store, persistence: DexiePersistence | MemoryPersistence, historyLimit: number): Promise<void> {
  const after = await Store.open({ persistence, historyLimit });
  same(seed, 'reloaded revision', after.revision, before.revision);
  same(seed, 'reloaded floor', after.compactRevision, before.compactRevision);
  same(seed, 'reloaded list', after.list('/registry/').items, before.list('/registry/').items);
  for (const o of before.list('/registry/').items) same(seed, `reloaded entry ${keyOf(o)}`, after.get(keyOf(o)), before.get(keyOf(o)));
  const history = (s: Store) => {
    const out: StoreEvent[] = [];
    s.watch('/registry/', s.compactRevision, (e) => out.push(e)).cancel();
    return out;
  };
  same(seed, 'reloaded history', history(after), history(before));
  const mid = Math.floor((before.compactRevision + before.revision) / 2);
  same(seed, `reloaded list at ${mid}`, after.list('/registry/', { revision: mid }).items, before.list('/registry/', { revision: mid }).items);
}

describe('Store property', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => 1000 + i);
  it.each(seeds)('random operations with memory persistence, seed %i', async (seed) => {
    await run(seed, { ops: 3000, dexie: false });
  });

  it.each(seeds.slice(0, 4))('random operations with fake-indexeddb, seed %i', async (seed) => {
    await run(seed, { ops: 2000, dexie: true });
  });

  it('regression seed 42: long run with many compactions and reloads', async () => {
    await run(42, { ops: 6000, dexie: true });
  });
});
