import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../api/types';
import { asResponse, asWatch, newTestServer, request } from '../testkit';

const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { v: name } });
const path = '/api/v1/namespaces/default/configmaps';

async function setup() {
  const t = await newTestServer();
  const post = async (body: unknown) => asResponse(await t.server.handle(request('POST', path, body)));
  const rvOf = (r: { body: unknown }) => (r.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  return { ...t, post, rvOf };
}

function collect(events: WatchEvent[]) {
  return events.map((e) => `${e.type} ${(e.object.metadata as { name?: string }).name ?? ''}`.trim());
}

describe('watch', () => {
  it('with resourceVersion unset sends the current state as ADDED, then live events', async () => {
    const { server, post } = await setup();
    await post(cm('a'));
    await post(cm('b'));
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true' } })));
    const events: WatchEvent[] = [];
    w.stream.start((e) => events.push(e));
    expect(collect(events)).toEqual(['ADDED a', 'ADDED b']);
    await post(cm('c'));
    await server.handle(request('DELETE', `${path}/a`));
    expect(collect(events)).toEqual(['ADDED a', 'ADDED b', 'ADDED c', 'DELETED a']);
    w.stream.close();
    await post(cm('d'));
    expect(events).toHaveLength(4);
  });

  it('with resourceVersion 0 behaves like unset', async () => {
    const { server, post } = await setup();
    await post(cm('a'));
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true', resourceVersion: '0' } })));
    const events: WatchEvent[] = [];
    w.stream.start((e) => events.push(e));
    expect(collect(events)).toEqual(['ADDED a']);
  });

  it('with resourceVersion N replays history after N', async () => {
    const { server, post, rvOf } = await setup();
    const a = await post(cm('a'));
    await post(cm('b'));
    await server.handle(request('PUT', `${path}/a`, { ...cm('a'), data: { v: 'changed' } }));
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true', resourceVersion: rvOf(a) } })));
    const events: WatchEvent[] = [];
    w.stream.start((e) => events.push(e));
    expect(collect(events)).toEqual(['ADDED b', 'MODIFIED a']);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs[0]).toBeLessThan(rvs[1]);
  });

  it('below the compaction floor sends one ERROR event with a 410 Expired Status and closes', async () => {
    const { server, store, post, rvOf } = await setup();
    const a = await post(cm('a'));
    await post(cm('b'));
    await post(cm('c'));
    store.compact(store.revision);
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true', resourceVersion: rvOf(a) } })));
    const events: WatchEvent[] = [];
    let closed = false;
    w.stream.start((e) => events.push(e), () => (closed = true));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired', status: 'Failure' });
    expect((events[0].object as unknown as { message: string }).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    expect(closed).toBe(true);
  });

  it('filters by label selector, turning objects that leave the selection into DELETED', async () => {
    const { server, post } = await setup();
    await post(cm('a', { tier: 'web' }));
    await post(cm('b', { tier: 'db' }));
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true', labelSelector: 'tier=web' } })));
    const events: WatchEvent[] = [];
    w.stream.start((e) => events.push(e));
    await server.handle(request('PUT', `${path}/a`, cm('a', { tier: 'db' })));
    await server.handle(request('PUT', `${path}/b`, cm('b', { tier: 'web' })));
    expect(collect(events)).toEqual(['ADDED a', 'DELETED a', 'ADDED b']);
  });

  it('watches one object by name through the legacy /watch/ prefix', async () => {
    const { server, post } = await setup();
    await post(cm('a'));
    await post(cm('b'));
    const w = asWatch(await server.handle(request('GET', '/api/v1/watch/namespaces/default/configmaps/b')));
    const events: WatchEvent[] = [];
    w.stream.start((e) => events.push(e));
    await server.handle(request('PUT', `${path}/a`, { ...cm('a'), data: { v: 'x' } }));
    await server.handle(request('PUT', `${path}/b`, { ...cm('b'), data: { v: 'x' } }));
    expect(collect(events)).toEqual(['ADDED b', 'MODIFIED b']);
  });

  it('sends bookmarks in virtual time and closes after timeoutSeconds', async () => {
    const { server, post, timers } = await setup();
    await post(cm('a'));
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true', allowWatchBookmarks: 'true', timeoutSeconds: '150' } })));
    const events: WatchEvent[] = [];
    let closed = false;
    w.stream.start((e) => events.push(e), () => (closed = true));
    timers.advance(61_000);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(events[1].object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect(events[1].object.metadata.resourceVersion).toMatch(/^\d+$/);
    timers.advance(100_000);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK', 'BOOKMARK']);
    expect(closed).toBe(true);
    await post(cm('late'));
    expect(events).toHaveLength(3);
  });

  it('with sendInitialEvents ends the initial state with an annotated bookmark', async () => {
    const { server, post } = await setup();
    await post(cm('a'));
    const q = { watch: 'true', sendInitialEvents: 'true', allowWatchBookmarks: 'true', resourceVersionMatch: 'NotOlderThan' };
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: q })));
    const events: WatchEvent[] = [];
    w.stream.start((e) => events.push(e));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(events[1].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  it('streams Table events when kubectl get -w asks for a Table', async () => {
    const { server, post } = await setup();
    await post(cm('a'));
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true' }, headers: { accept } })));
    const events: WatchEvent[] = [];
    w.stream.start((e) => events.push(e));
    await post(cm('b'));
    expect(events.map((e) => [e.type, e.object.kind])).toEqual([
      ['ADDED', 'Table'],
      ['ADDED', 'Table'],
    ]);
    type Table = { apiVersion: string; columnDefinitions: { name: string }[] | null; rows: { cells: unknown[]; object: { kind: string; metadata: { name: string } } }[]; metadata: { resourceVersion: string } };
    const [first, second] = events.map((e) => e.object as unknown as Table);
    expect(first.apiVersion).toBe('meta.k8s.io/v1');
    expect(first.columnDefinitions!.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(first.rows.map((r) => r.cells.slice(0, 2))).toEqual([['a', 1]]);
    expect(first.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'a' } });
    // Upstream converts every later event with NoHeaders: the field is there, and null.
    expect(second.columnDefinitions).toBeNull();
    expect('columnDefinitions' in second).toBe(true);
    expect(second.rows.map((r) => r.cells.slice(0, 2))).toEqual([['b', 1]]);
    expect(second.metadata.resourceVersion).toBe((second.rows[0].object.metadata as { resourceVersion?: string }).resourceVersion);
  });

  it('ends a watch whose consumer throws without failing the write', async () => {
    const { server, post } = await setup();
    const w = asWatch(await server.handle(request('GET', path, undefined, { query: { watch: 'true', resourceVersion: '0' } })));
    const types: string[] = [];
    let closed = false;
    w.stream.start(
      (e) => {
        types.push(e.type);
        if (e.type === 'ADDED') throw new Error('consumer broke');
      },
      () => (closed = true),
    );
    const r = await post(cm('a'));
    expect(r.status).toBe(201);
    expect(types).toEqual(['ADDED', 'ERROR']);
    expect(closed).toBe(true);
  });
});
