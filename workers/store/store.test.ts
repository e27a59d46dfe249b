import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { Store, bookmarkRevision } from './store';
import { StoreError, type StoreEvent } from './types';

function pod(name: string, ns = 'default', extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, ...extra };
}

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('expected a StoreError');
}

function names(items: KubeObject[]): string[] {
  return items.map((o) => o.metadata.name!);
}

describe('Store writes', () => {
  it('gives each write exactly one revision and sets resourceVersion', () => {
    const s = new Store();
    const a = s.create('/registry/pods/default/a', pod('a'));
    const b = s.update('/registry/pods/default/a', { ...a, spec: { x: 1 } });
    const c = s.delete('/registry/pods/default/a');
    expect([a, b, c].map((o) => o.metadata.resourceVersion)).toEqual(['1', '2', '3']);
    expect(s.revision).toBe(3);
    expect(s.get('/registry/pods/default/a')).toBeUndefined();
  });

  it('freezes stored objects deeply, does not touch the input, and shares them on read', () => {
    const s = new Store();
    const input = pod('a');
    const stored = s.create('/registry/pods/default/a', input);
    expect(input.metadata.resourceVersion).toBeUndefined();
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen((stored.spec as { containers: object[] }).containers[0])).toBe(true);
    expect(s.get('/registry/pods/default/a')!.object).toBe(stored);
    expect(s.list('/registry/pods/').items[0]).toBe(stored);
  });

  it('tracks create and mod revisions', () => {
    const s = new Store();
    s.create('/registry/pods/default/a', pod('a'));
    s.create('/registry/pods/default/b', pod('b'));
    s.update('/registry/pods/default/a', pod('a'));
    expect(s.get('/registry/pods/default/a')).toMatchObject({ createRevision: 1, modRevision: 3 });
  });

  it.each([
    ['create of an existing key', 'AlreadyExists', (s: Store) => s.create('/registry/pods/default/a', pod('a'))],
    ['update of a missing key', 'NotFound', (s: Store) => s.update('/registry/pods/default/zz', pod('zz'))],
    ['delete of a missing key', 'NotFound', (s: Store) => s.delete('/registry/pods/default/zz')],
    ['update with a stale modRevision', 'Conflict', (s: Store) => s.update('/registry/pods/default/a', pod('a'), 0)],
    ['delete with a stale modRevision', 'Conflict', (s: Store) => s.delete('/registry/pods/default/a', 2)],
  ])('%s fails with %s and writes nothing', (_name, code, op) => {
    const s = new Store();
    s.create('/registry/pods/default/a', pod('a'));
    const err = storeError(() => op(s));
    expect(err.code).toBe(code);
    expect(s.revision).toBe(1);
  });

  it('accepts a matching modRevision', () => {
    const s = new Store();
    s.create('/registry/pods/default/a', pod('a'));
    expect(s.update('/registry/pods/default/a', pod('a'), 1).metadata.resourceVersion).toBe('2');
    expect(s.delete('/registry/pods/default/a', 2).metadata.resourceVersion).toBe('3');
  });
});

describe('Store lists', () => {
  function filled(): Store {
    const s = new Store();
    for (const [ns, n] of [['b', 'x'], ['a', 'z'], ['a', 'y'], ['c', 'w']]) s.create(`/registry/pods/${ns}/${n}`, pod(n, ns));
    s.create('/registry/services/a/x', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' } });
    return s;
  }

  it('lists by prefix in key order and counts', () => {
    const s = filled();
    expect(names(s.list('/registry/pods/').items)).toEqual(['y', 'z', 'x', 'w']);
    expect(names(s.list('/registry/pods/a/').items)).toEqual(['y', 'z']);
    expect(s.count('/registry/pods/')).toBe(4);
    expect(s.count('/registry/pods/a/')).toBe(2);
    expect(s.count('/registry/nodes/')).toBe(0);
  });

  it('pages with limit, lastKey and remaining', () => {
    const s = filled();
    const p1 = s.list('/registry/pods/', { limit: 3 });
    expect(names(p1.items)).toEqual(['y', 'z', 'x']);
    expect(p1).toMatchObject({ lastKey: '/registry/pods/b/x', remaining: 1, revision: 5 });
    const p2 = s.list('/registry/pods/', { limit: 3, startAfterKey: p1.lastKey, revision: p1.revision });
    expect(names(p2.items)).toEqual(['w']);
    expect(p2.lastKey).toBeUndefined();
  });

  it('applies the predicate before the limit', () => {
    const s = filled();
    const r = s.list('/registry/pods/', { limit: 1, predicate: (o) => o.metadata.name !== 'y' });
    expect(names(r.items)).toEqual(['z']);
    expect(r.remaining).toBe(1);
  });

  it('lists a past revision and continues a page at it despite later writes', () => {
    const s = filled();
    const p1 = s.list('/registry/pods/', { limit: 2 });
    s.delete('/registry/pods/c/w');
    s.create('/registry/pods/b/v', pod('v', 'b'));
    s.update('/registry/pods/b/x', pod('x2', 'b'));
    const p2 = s.list('/registry/pods/', { limit: 5, startAfterKey: p1.lastKey, revision: p1.revision });
    expect(names(p2.items)).toEqual(['x', 'w']);
    expect(names(s.list('/registry/pods/').items)).toEqual(['y', 'z', 'v', 'x2']);
    expect(names(s.list('/registry/pods/', { revision: 2 }).items)).toEqual(['z', 'x']);
  });

  it('expires lists below the compaction floor with the requested and oldest revisions', () => {
    const s = filled();
    s.compact(3);
    expect(names(s.list('/registry/pods/', { revision: 3 }).items)).toEqual(['y', 'z', 'x']);
    const err = storeError(() => s.list('/registry/pods/', { revision: 2 }));
    expect(err.code).toBe('Expired');
    expect(err.revisions).toEqual({ requested: 2, oldest: 3 });
  });

  it('compacts on its own beyond historyLimit', () => {
    const s = new Store({ historyLimit: 3 });
    for (let i = 0; i < 10; i++) s.create(`/registry/pods/default/p${i}`, pod(`p${i}`));
    expect(s.compactRevision).toBe(7);
    expect(storeError(() => s.watch('/registry/pods/', 6, () => {})).code).toBe('Expired');
  });
});

describe('Store watches', () => {
  it('replays history after fromRevision, then live events, under the prefix only', () => {
    const s = new Store();
    s.create('/registry/pods/a/p', pod('p', 'a'));
    s.create('/registry/pods/b/q', pod('q', 'b'));
    s.create('/registry/pods/a/r', pod('r', 'a'));
    const seen: StoreEvent[] = [];
    s.watch('/registry/pods/a/', 1, (e) => seen.push(e));
    s.update('/registry/pods/a/p', pod('p', 'a'));
    s.delete('/registry/pods/b/q');
    s.delete('/registry/pods/a/r');
    expect(seen.map((e) => [e.type, e.key, e.revision])).toEqual([
      ['ADDED', '/registry/pods/a/r', 3],
      ['MODIFIED', '/registry/pods/a/p', 4],
      ['DELETED', '/registry/pods/a/r', 6],
    ]);
    expect(seen[2].object.metadata.resourceVersion).toBe('6');
    expect(seen[2].prevObject!.metadata.resourceVersion).toBe('3');
    expect(seen[1].prevObject!.metadata.resourceVersion).toBe('1');
  });

  it('watches a single key and arbitrary prefixes', () => {
    const s = new Store();
    const exact: string[] = [];
    const partial: string[] = [];
    s.watch('/registry/pods/a/web', 0, (e) => exact.push(e.key));
    s.watch('/registry/pods/a/we', 0, (e) => partial.push(e.key));
    s.create('/registry/pods/a/web', pod('web', 'a'));
    s.create('/registry/pods/a/web-2', pod('web-2', 'a'));
    s.create('/registry/pods/a/x', pod('x', 'a'));
    expect(exact).toEqual(['/registry/pods/a/web', '/registry/pods/a/web-2']);
    expect(partial).toEqual(['/registry/pods/a/web', '/registry/pods/a/web-2']);
  });

  it('stops delivering at cancel, even within one fan-out', () => {
    const s = new Store();
    const got: number[] = [];
    let second: { cancel(): void } | undefined;
    s.watch('/registry/', 0, () => second?.cancel());
    second = s.watch('/registry/', 0, (e) => got.push(e.revision));
    s.create('/registry/pods/a/x', pod('x', 'a'));
    expect(got).toEqual([]);
    expect(s.watcherCount).toBe(1);
  });

  it('keeps order for every watcher when a callback writes', () => {
    const s = new Store();
    const first: number[] = [];
    const second: number[] = [];
    s.watch('/registry/', 0, (e) => {
      first.push(e.revision);
      if (e.revision === 1) s.create('/registry/pods/a/echo', pod('echo', 'a'));
    });
    s.watch('/registry/', 0, (e) => second.push(e.revision));
    s.create('/registry/pods/a/x', pod('x', 'a'));
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
  });

  it('expires watches below the floor and rejects future revisions', () => {
    const s = new Store();
    for (let i = 0; i < 5; i++) s.create(`/registry/pods/a/p${i}`, pod(`p${i}`, 'a'));
    s.compact(3);
    const err = storeError(() => s.watch('/registry/pods/', 2, () => {}));
    expect(err.code).toBe('Expired');
    expect(err.revisions).toEqual({ requested: 2, oldest: 3 });
    const seen: number[] = [];
    s.watch('/registry/pods/', 3, (e) => seen.push(e.revision));
    expect(seen).toEqual([4, 5]);
    expect(() => s.watch('/registry/pods/', 6, () => {})).toThrow(RangeError);
    expect(bookmarkRevision(s)).toBe(5);
  });

  it('keeps delivering to other watchers when one throws', async () => {
    const s = new Store();
    const got: number[] = [];
    s.watch('/registry/', 0, () => {
      throw new Error('boom');
    });
    s.watch('/registry/', 0, (e) => got.push(e.revision));
    const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    s.create('/registry/pods/a/x', pod('x', 'a'));
    expect(got).toEqual([1]);
    expect(s.revision).toBe(1);
    expect(String(await uncaught)).toContain('boom');
  });
});
