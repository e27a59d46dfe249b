import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import type { KubeObject } from '../api/types';
import { Store } from './store';
import { DexiePersistence } from './dexie-persistence';
import { MemoryPersistence } from './memory-persistence';
import type { StoreEvent } from './types';

function cm(name: string, data: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v: data } };
}

let dbCount = 0;
const freshName = () => `dexie-persistence-test-${++dbCount}`;

describe('DexiePersistence', () => {
  it('loads nothing from an empty database', async () => {
    expect(await new DexiePersistence(freshName()).load()).toBeUndefined();
  });

  it('keeps only flushed writes, and un-awaited flushes commit in order', async () => {
    const name = freshName();
    const store = await Store.open({ persistence: new DexiePersistence(name) });
    store.create('/registry/configmaps/default/a', cm('a', '1'));
    void store.flush();
    store.update('/registry/configmaps/default/a', cm('a', '2'));
    store.create('/registry/configmaps/default/b', cm('b', '1'));
    void store.flush();
    store.delete('/registry/configmaps/default/b');
    await store.flush();
    store.create('/registry/configmaps/default/lost', cm('lost', '1'));
    const reopened = await Store.open({ persistence: new DexiePersistence(name) });
    expect(reopened.revision).toBe(4);
    expect(reopened.list('/registry/configmaps/').items).toEqual([{ ...cm('a', '2'), metadata: { ...cm('a', '2').metadata, resourceVersion: '2' } }]);
    expect(reopened.get('/registry/configmaps/default/a')).toMatchObject({ createRevision: 1, modRevision: 2 });
  });

  it('resumes a watch from before the reload and rebuilds past lists', async () => {
    const name = freshName();
    const store = await Store.open({ persistence: new DexiePersistence(name, 2) });
    for (let i = 0; i < 6; i++) store.create(`/registry/configmaps/default/c${i}`, cm(`c${i}`, '1'));
    store.delete('/registry/configmaps/default/c0');
    store.compact(2);
    await store.flush();
    const reopened = await Store.open({ persistence: new DexiePersistence(name, 2) });
    expect(reopened.compactRevision).toBe(2);
    const seen: StoreEvent[] = [];
    reopened.watch('/registry/configmaps/', 4, (e) => seen.push(e));
    expect(seen.map((e) => [e.type, e.revision])).toEqual([
      ['ADDED', 5],
      ['ADDED', 6],
      ['DELETED', 7],
    ]);
    expect(seen[2].prevObject?.metadata.resourceVersion).toBe('1');
    expect(reopened.list('/registry/configmaps/', { revision: 3 }).items.map((o) => o.metadata.name)).toEqual(['c0', 'c1', 'c2']);
    expect(() => reopened.list('/registry/configmaps/', { revision: 1 })).toThrow(/compacted/);
  });

  it('writes the objects table only for events leaving the checkpoint lag, once per key', async () => {
    const name = freshName();
    const store = await Store.open({ persistence: new DexiePersistence(name, 3) });
    store.create('/registry/configmaps/default/a', cm('a', '1'));
    for (let i = 2; i <= 5; i++) store.update('/registry/configmaps/default/a', cm('a', String(i)));
    store.create('/registry/configmaps/default/b', cm('b', '1'));
    await store.flush();
    const db = new Dexie(name);
    await db.open();
    const rows = await db.table('objects').toArray();
    const meta = await db.table('meta').get('meta');
    db.close();
    // Revision 6, lag 3: the checkpoint is revision 3, where `a` was at its third version.
    expect(meta).toMatchObject({ revision: 6, checkpointRevision: 3 });
    expect(rows.map((r) => [r.key, r.modRevision, JSON.parse(r.json).data.v])).toEqual([['/registry/configmaps/default/a', 3, '3']]);
  });

  it('tells no other tab about its writes (Dexie live queries are off: nobody observes this database)', async () => {
    // Dexie posts every write transaction's keys on this channel unless its Observability middleware is gone.
    // (Creating the database is announced once; that is not what this is about.)
    const store = await Store.open({ persistence: new DexiePersistence(freshName()) });
    await new Promise((r) => setTimeout(r, 50));
    const channel = new BroadcastChannel('x-storagemutated-1');
    const heard: unknown[] = [];
    channel.onmessage = (e) => heard.push(e.data);
    for (let i = 0; i < 5; i++) {
      store.create(`/registry/configmaps/default/c${i}`, cm(`c${i}`, '1'));
      await store.flush();
    }
    await new Promise((r) => setTimeout(r, 50));
    channel.close();
    expect(heard).toEqual([]);
  });

  it('clear() forgets everything', async () => {
    const name = freshName();
    const p = new DexiePersistence(name);
    const store = await Store.open({ persistence: p });
    store.create('/registry/configmaps/default/a', cm('a', '1'));
    await store.flush();
    await p.clear();
    expect(await new DexiePersistence(name).load()).toBeUndefined();
  });
});

describe('MemoryPersistence', () => {
  it('resumes objects, revision, floor and history', async () => {
    const p = new MemoryPersistence();
    const store = await Store.open({ persistence: p });
    for (let i = 0; i < 4; i++) store.create(`/registry/configmaps/default/c${i}`, cm(`c${i}`, '1'));
    store.compact(1);
    await store.flush();
    store.create('/registry/configmaps/default/unflushed', cm('x', '1'));
    const reopened = await Store.open({ persistence: p });
    expect([reopened.revision, reopened.compactRevision, reopened.count('/registry/')]).toEqual([4, 1, 4]);
    const seen: number[] = [];
    reopened.watch('/registry/', 1, (e) => seen.push(e.revision));
    expect(seen).toEqual([2, 3, 4]);
  });
});
