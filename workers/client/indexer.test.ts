import { describe, expect, it } from 'vitest';
import { parseLabelSelector, matchesLabels } from '../api/selectors';
import type { KubeObject } from '../api/types';
import { SeededRng } from '../sim/rng';
import { Indexer, LABEL_INDEX, Lister, NAMESPACE_INDEX, NODE_NAME_INDEX, OWNER_UID_INDEX } from './indexer';
import { makePod } from './testing/builders';

function randomPod(rng: SeededRng): KubeObject {
  const labels: Record<string, string> = {};
  for (const k of ['app', 'tier', 'env']) if (rng.int(3) > 0) labels[k] = `v${rng.int(3)}`;
  const owners = Array.from({ length: rng.int(3) }, () => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: `u${rng.int(4)}` }));
  return makePod(`p${rng.int(25)}`, {
    namespace: `ns${rng.int(3)}`,
    labels,
    nodeName: rng.int(4) === 0 ? undefined : `node-${rng.int(4)}`,
    owners,
  });
}

/** Every index as sorted value -> sorted keys, to compare an incremental indexer with a rebuilt one. */
function dump(ix: Indexer): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const name of ix.indexNames()) {
    out[name] = {};
    for (const v of ix.indexValues(name).sort()) out[name][v] = ix.indexKeys(name, v).sort();
  }
  return out;
}

/** The plain algorithm (remove the values lost, add the values gained), as order-exact reference. */
class ReferenceIndexer {
  readonly items = new Map<string, KubeObject>();
  readonly indices = new Map<string, Map<string, Set<string>>>();
  constructor(private readonly fns: Record<string, (o: KubeObject) => string[]>) {
    for (const name of Object.keys(fns)) this.indices.set(name, new Map());
  }
  upsert(obj: KubeObject): void {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    const old = this.items.get(key);
    this.items.set(key, obj);
    for (const [name, fn] of Object.entries(this.fns)) {
      const index = this.indices.get(name)!;
      const before = old ? fn(old) : [];
      const after = fn(obj);
      for (const v of before) {
        if (after.includes(v)) continue;
        const keys = index.get(v);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(v);
      }
      for (const v of after) {
        if (before.includes(v)) continue;
        if (!index.has(v)) index.set(v, new Set());
        index.get(v)!.add(key);
      }
    }
  }
}

/** Every index in its iteration order (values and keys unsorted). */
function orderedDump(names: string[], values: (n: string) => string[], keys: (n: string, v: string) => string[]): string[] {
  return names.flatMap((n) => values(n).map((v) => `${n} ${v}: ${keys(n, v).join(',')}`));
}

describe('Indexer', () => {
  it('indexes by namespace, label, spec.nodeName and owner uid', () => {
    const ix = new Indexer();
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid' };
    ix.upsert(makePod('a', { labels: { app: 'web' }, nodeName: 'n1', owners: [owner] }));
    ix.upsert(makePod('b', { namespace: 'kube-system', labels: { app: 'dns' }, nodeName: 'n1' }));
    ix.upsert(makePod('c', { labels: { app: 'web', tier: 'fe' } }));
    const names = (os: KubeObject[]) => os.map((o) => o.metadata.name).sort();
    expect(names(ix.byIndex(NAMESPACE_INDEX, 'default'))).toEqual(['a', 'c']);
    expect(names(ix.byIndex(LABEL_INDEX, 'app=web'))).toEqual(['a', 'c']);
    expect(names(ix.byIndex(NODE_NAME_INDEX, 'n1'))).toEqual(['a', 'b']);
    expect(names(ix.byIndex(OWNER_UID_INDEX, 'rs-uid'))).toEqual(['a']);
    expect(names(ix.list(parseLabelSelector('app=web,tier!=fe')))).toEqual(['a']);
    expect(names(ix.list(parseLabelSelector('app in (web,dns)'), 'kube-system'))).toEqual(['b']);
    expect(names(ix.list(undefined, 'default'))).toEqual(['a', 'c']);
    expect(ix.get('kube-system', 'b')?.metadata.name).toBe('b');
    expect(() => ix.byIndex('nope', 'x')).toThrow('index with name nope does not exist');
    // A moved pod leaves its old index entries.
    ix.upsert(makePod('a', { labels: { app: 'api' }, nodeName: 'n2' }));
    expect(names(ix.byIndex(NODE_NAME_INDEX, 'n1'))).toEqual(['b']);
    expect(ix.indexValues(OWNER_UID_INDEX)).toEqual([]);
    const lister = new Lister(ix);
    expect(names(lister.listNamespace('default', parseLabelSelector('app')))).toEqual(['a', 'c']);
  });

  it('custom index functions index objects already held', () => {
    const ix = new Indexer();
    ix.upsert(makePod('a', { nodeName: 'n1' }));
    ix.addIndexers({ byName: (o) => [o.metadata.name!.toUpperCase()] });
    expect(ix.indexKeys('byName', 'A')).toEqual(['default/a']);
    expect(() => ix.addIndexers({ byName: () => [] })).toThrow('indexer conflict');
  });

  // Updates that keep (shared, frozen) labels or owners take a shortcut; the order stays the plain one.
  it.each([1, 2, 3, 7])('seed %i: an update keeps its place under the values it keeps', (seed) => {
    const rng = new SeededRng(`indexer-order-${seed}`);
    const ix = new Indexer();
    const ref = new ReferenceIndexer({ namespace: (o) => (o.metadata.namespace ? [o.metadata.namespace] : []), label: (o) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`), 'spec.nodeName': (o) => ((o.spec as { nodeName?: string }).nodeName ? [(o.spec as { nodeName: string }).nodeName] : []), ownerUid: (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid) });
    const labelSets = ([{ app: 'a' }, { app: 'b', tier: 'x' }, {}, { tier: 'x' }] as Record<string, string>[]).map((l) => (rng.int(2) ? Object.freeze(l) : l));
    for (let step = 0; step < 500; step++) {
      const owners = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: `u${rng.int(2)}` }];
      const pod = makePod(`p${rng.int(8)}`, { namespace: `ns${rng.int(2)}`, labels: labelSets[rng.int(labelSets.length)], nodeName: rng.int(3) ? `n${rng.int(2)}` : undefined, owners: rng.int(4) ? owners : [...owners, ...owners] });
      ix.upsert(rng.int(2) ? Object.freeze(pod) : pod);
      ref.upsert(pod);
      const names = [...ref.indices.keys()];
      const want = orderedDump(names, (n) => [...ref.indices.get(n)!.keys()], (n, v) => [...ref.indices.get(n)!.get(v)!]);
      expect(orderedDump(names, (n) => ix.indexValues(n), (n, v) => ix.indexKeys(n, v)), `seed ${seed} step ${step}`).toEqual(want);
    }
  });

  // Seeded random operations; every step the incremental indexes must equal a rebuild from scratch.
  it.each([1, 2, 3, 4, 5, 42, 1337])('seed %i: incremental indexes equal a rebuild', (seed) => {
    const rng = new SeededRng(`indexer-${seed}`);
    const ix = new Indexer();
    const sel = parseLabelSelector('app=v1,env!=v2');
    for (let step = 0; step < 400; step++) {
      const op = rng.int(10);
      if (op < 6) ix.upsert(randomPod(rng));
      else if (op < 9) ix.deleteKey(`ns${rng.int(3)}/p${rng.int(25)}`);
      else ix.replace(Array.from({ length: rng.int(10) }, () => randomPod(rng)));
      const rebuilt = new Indexer();
      rebuilt.replace(ix.list());
      const at = `seed ${seed} step ${step}`;
      expect(dump(ix), at).toEqual(dump(rebuilt));
      const brute = ix.list().filter((o) => matchesLabels(sel, o.metadata.labels)).map((o) => o.metadata.name).sort();
      expect(ix.list(sel).map((o) => o.metadata.name).sort(), at).toEqual(brute);
    }
  });
});
