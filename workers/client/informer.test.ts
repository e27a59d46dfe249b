import { describe, expect, it } from 'vitest';
import { statusFailure } from '../api/errors';
import type { KubeObject } from '../api/types';
import { Kernel } from '../sim/kernel';
import { FakeHostTimer } from '../sim/fake-host-timer';
import { Client } from './client';
import { SharedInformer, isTombstone, type DeletedFinalStateUnknown } from './informer';
import { REFLECTOR_BACKOFF_INITIAL_MS } from './reflector';
import { FakeApiServer } from './testing/fake-apiserver';
import { advance } from './testing/drive';
import { makePod, PODS } from './testing/builders';

const user = { username: 'system:kube-scheduler', groups: [] };

function setup(pageSize = 2) {
  const kernel = new Kernel({ epochMs: Date.UTC(2026, 0, 1), host: new FakeHostTimer() });
  const fake = new FakeApiServer(() => kernel.now());
  const pods = new Client(fake, user).resource(PODS);
  const informer = new SharedInformer(pods, { timers: kernel, pageSize, name: 'pods' });
  const log: string[] = [];
  const deleted: (KubeObject | DeletedFinalStateUnknown<KubeObject>)[] = [];
  informer.addEventHandler({
    onAdd: (o, initial) => log.push(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`),
    onUpdate: (a, b) => log.push(`update ${b.metadata.name} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o) => {
      deleted.push(o);
      log.push(isTombstone(o) ? `delete ${o.key} (tombstone)` : `delete ${o.metadata.name}`);
    },
  });
  return { kernel, fake, pods, informer, log, deleted };
}

const watchRequests = (fake: FakeApiServer) => fake.requests.filter((r) => r.query?.watch === 'true');

describe('SharedInformer', () => {
  it('lists page by page, then watches from the list resourceVersion with bookmarks', async () => {
    const { kernel, fake, pods, informer, log } = setup(2);
    for (const n of ['a', 'b', 'c']) await pods.client.resource(PODS, 'default').create(makePod(n));
    informer.run();
    await advance(kernel, 0);
    expect(informer.hasSynced()).toBe(true);
    expect(log).toEqual(['add a (initial)', 'add b (initial)', 'add c (initial)']);
    const lists = fake.requests.filter((r) => r.method === 'GET' && r.query?.watch === undefined);
    expect(lists.map((r) => [r.query?.limit, r.query?.continue !== undefined])).toEqual([['2', false], ['2', true]]);
    expect(watchRequests(fake)[0].query).toMatchObject({ resourceVersion: '3', allowWatchBookmarks: 'true' });
    // The cache holds the very objects the server sent: frozen, never copied.
    const b = informer.lister.get('default', 'b')!;
    expect(Object.isFrozen(b)).toBe(true);
    expect(b).toBe(fake.objects.get('/pods/default/b'));
  });

  it('a handler added or removed while others run takes effect from the next notification', async () => {
    const { kernel, pods, informer } = setup();
    informer.run();
    await advance(kernel, 0);
    const heard: string[] = [];
    let removeLate: (() => void) | undefined;
    const removeSecond = informer.addEventHandler({ onAdd: (o) => heard.push(`second ${o.metadata.name}`) });
    informer.addEventHandler({
      onAdd: (o) => {
        heard.push(`third ${o.metadata.name}`);
        removeSecond();
        removeLate ??= informer.addEventHandler({ onAdd: (x) => heard.push(`late ${x.metadata.name}`) });
      },
    });
    const ns = pods.client.resource(PODS, 'default');
    await ns.create(makePod('a'));
    await ns.create(makePod('b'));
    await advance(kernel, 0);
    expect(heard).toEqual(['second a', 'third a', 'late a', 'third b', 'late b']);
    removeLate?.();
  });

  it('delivers adds, updates with the old object, and deletes', async () => {
    const { kernel, pods, informer, log } = setup();
    informer.run();
    await advance(kernel, 0);
    const ns = pods.client.resource(PODS, 'default');
    const a = await ns.create(makePod('a', { labels: { app: 'web' } }));
    await ns.update({ ...a, metadata: { ...a.metadata, labels: { app: 'api' } } });
    await ns.delete('a');
    await advance(kernel, 0);
    expect(log).toEqual(['add a', 'update a 1->2', 'delete a']);
    expect(informer.indexer.size).toBe(0);
    expect(informer.indexer.indexValues('label')).toEqual([]);
  });

  it('resumes from the last resourceVersion when the server closes the stream', async () => {
    const { kernel, fake, pods, informer, log } = setup();
    informer.run();
    await advance(kernel, 0);
    const ns = pods.client.resource(PODS, 'default');
    await ns.create(makePod('a'));
    fake.bookmark();
    fake.closeWatches();
    await ns.create(makePod('b')); // written while no watch is open
    await advance(kernel, 0);
    const w = watchRequests(fake);
    expect(w.map((r) => r.query?.resourceVersion)).toEqual(['0', '1']);
    expect(log).toEqual(['add a', 'add b']);
    expect(informer.reflector.listCount).toBe(1);
    expect(informer.lastSyncResourceVersion).toBe('2');
  });

  it('relists on 410 Expired and reports objects deleted meanwhile as tombstones', async () => {
    const { kernel, fake, pods, informer, log, deleted } = setup();
    const ns = pods.client.resource(PODS, 'default');
    for (const n of ['a', 'b', 'c']) await ns.create(makePod(n));
    informer.run();
    await advance(kernel, 0);
    const lastA = informer.lister.get('default', 'a');
    fake.closeWatches();
    await ns.delete('a');
    const c = await ns.get('c');
    await ns.update({ ...c, metadata: { ...c.metadata, labels: { v: '2' } } });
    fake.compact(); // the resumed watch (from rv 3) is now too old
    await advance(kernel, 0);
    expect(informer.reflector.lastWatchError?.code).toBe(410);
    expect(informer.reflector.listCount).toBe(1);
    await advance(kernel, REFLECTOR_BACKOFF_INITIAL_MS);
    expect(informer.reflector.listCount).toBe(2);
    expect(log.slice(3)).toEqual(['update b 2->2', 'update c 3->5', 'delete default/a (tombstone)']);
    const t = deleted[0] as DeletedFinalStateUnknown<KubeObject>;
    expect(t.obj).toBe(lastA);
    expect(informer.indexer.listKeys().sort()).toEqual(['default/b', 'default/c']);
    expect(watchRequests(fake).at(-1)!.query?.resourceVersion).toBe('5');
  });

  it('relists when an open watch gets an ERROR event with code 410', async () => {
    const { kernel, fake, informer } = setup();
    informer.run();
    await advance(kernel, 0);
    fake.expireWatches();
    await advance(kernel, REFLECTOR_BACKOFF_INITIAL_MS - 1);
    expect(fake.openWatches).toBe(0);
    expect(informer.reflector.listCount).toBe(1);
    await advance(kernel, 1);
    expect(informer.reflector.listCount).toBe(2);
    expect(fake.openWatches).toBe(1);
    // A second expiry in a row doubles the back-off.
    fake.expireWatches();
    await advance(kernel, 2 * REFLECTOR_BACKOFF_INITIAL_MS - 1);
    expect(informer.reflector.listCount).toBe(2);
    await advance(kernel, 1);
    expect(informer.reflector.listCount).toBe(3);
  });

  it('backs off 800 ms after a refused watch, then lists and watches again', async () => {
    const { kernel, fake, informer } = setup();
    fake.failNext((r) => r.query?.watch === 'true', statusFailure(500, 'InternalError', 'boom'));
    informer.run();
    await advance(kernel, 0);
    expect(fake.openWatches).toBe(0);
    expect(informer.reflector.currentBackoffMs).toBe(REFLECTOR_BACKOFF_INITIAL_MS);
    await advance(kernel, REFLECTOR_BACKOFF_INITIAL_MS - 1);
    expect(fake.openWatches).toBe(0);
    await advance(kernel, 1);
    expect(fake.openWatches).toBe(1);
    expect(informer.reflector.listCount).toBe(2);
  });

  it('retries only the watch after 429 TooManyRequests', async () => {
    const { kernel, fake, informer } = setup();
    fake.failNext((r) => r.query?.watch === 'true', statusFailure(429, 'TooManyRequests', 'slow down'));
    informer.run();
    await advance(kernel, REFLECTOR_BACKOFF_INITIAL_MS);
    expect(fake.openWatches).toBe(1);
    expect(informer.reflector.listCount).toBe(1);
  });

  it('a late handler hears of the cached objects; resync replays updates; stop closes the watch', async () => {
    const kernel = new Kernel({ epochMs: 0, host: new FakeHostTimer() });
    const fake = new FakeApiServer(() => kernel.now());
    const pods = new Client(fake, user).resource(PODS);
    await pods.client.resource(PODS, 'default').create(makePod('a'));
    const informer = new SharedInformer(pods, { timers: kernel, resyncPeriodMs: 30_000 });
    informer.run();
    await advance(kernel, 0);
    const log: string[] = [];
    informer.addEventHandler({ onAdd: (o, i) => log.push(`add ${o.metadata.name} ${i}`), onUpdate: (_, o) => log.push(`resync ${o.metadata.name}`) });
    await advance(kernel, 30_000);
    expect(log).toEqual(['add a true', 'resync a']);
    informer.stop();
    expect(fake.openWatches).toBe(0);
    await pods.client.resource(PODS, 'default').create(makePod('b'));
    await advance(kernel, 60_000);
    expect(log).toEqual(['add a true', 'resync a']);
  });
});
