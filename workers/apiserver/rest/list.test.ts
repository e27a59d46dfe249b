import { describe, expect, it } from 'vitest';
import { asResponse, newTestServer, request } from '../testkit';

const path = '/api/v1/namespaces/default/configmaps';
const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });

async function seeded(n: number) {
  const t = await newTestServer();
  for (let i = 0; i < n; i++) {
    await t.server.handle(request('POST', path, cm(`c${String(i).padStart(2, '0')}`, { parity: i % 2 ? 'odd' : 'even' })));
  }
  const list = async (query: Record<string, string>) => asResponse(await t.server.handle(request('GET', path, undefined, { query })));
  return { ...t, list };
}

type List = { items: { metadata: { name: string } }[]; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number } };
const names = (r: { body: unknown }) => (r.body as List).items.map((i) => i.metadata.name);

describe('list', () => {
  it('pages with limit and continue at one consistent revision', async () => {
    const { server, list } = await seeded(5);
    const p1 = await list({ limit: '2' });
    const b1 = p1.body as List;
    expect(names(p1)).toEqual(['c00', 'c01']);
    expect(b1.metadata.remainingItemCount).toBe(3);
    expect(b1.metadata.continue).toMatch(/^[A-Za-z0-9_-]+$/);
    // A write between pages does not show up in the continued list.
    await server.handle(request('POST', path, cm('c02a')));
    const p2 = await list({ limit: '2', continue: b1.metadata.continue! });
    expect(names(p2)).toEqual(['c02', 'c03']);
    expect((p2.body as List).metadata.resourceVersion).toBe(b1.metadata.resourceVersion);
    const p3 = await list({ limit: '2', continue: (p2.body as List).metadata.continue! });
    expect(names(p3)).toEqual(['c04']);
    expect((p3.body as List).metadata.continue).toBeUndefined();
  });

  it('answers 410 Expired with a fresh continue token when the snapshot was compacted', async () => {
    const { store, list, server } = await seeded(4);
    const p1 = await list({ limit: '2' });
    await server.handle(request('POST', path, cm('zz')));
    store.compact(store.revision);
    const r = await list({ limit: '2', continue: (p1.body as List).metadata.continue! });
    expect(r.status).toBe(410);
    expect(r.body).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect((r.body as { message: string }).message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list/);
    const next = (r.body as { metadata: { continue: string } }).metadata.continue;
    expect(next).toBeTruthy();
    const inconsistent = await list({ limit: '10', continue: next });
    expect(names(inconsistent)).toEqual(['c02', 'c03', 'zz']);
  });

  it('filters by label and field selectors', async () => {
    const { list } = await seeded(4);
    expect(names(await list({ labelSelector: 'parity=odd' }))).toEqual(['c01', 'c03']);
    expect(names(await list({ fieldSelector: 'metadata.name=c02' }))).toEqual(['c02']);
    const bad = await list({ fieldSelector: 'spec.nodeName=x' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ message: '"spec.nodeName" is not a known field selector: only "metadata.name", "metadata.namespace"' });
  });

  it('honours resourceVersion and resourceVersionMatch', async () => {
    const { list, store, server } = await seeded(3);
    const rv = String(store.revision);
    await server.handle(request('POST', path, cm('later')));
    expect(names(await list({ resourceVersion: rv, resourceVersionMatch: 'Exact' }))).toEqual(['c00', 'c01', 'c02']);
    expect(names(await list({ resourceVersion: rv }))).toContain('later');
    expect(names(await list({ resourceVersion: '0' }))).toContain('later');
    const tooLarge = await list({ resourceVersion: String(store.revision + 100) });
    expect(tooLarge.status).toBe(504);
    expect(tooLarge.body).toMatchObject({ reason: 'Timeout', message: `Too large resource version: ${store.revision + 100}, current: ${store.revision}` });
    const noRv = await list({ resourceVersionMatch: 'Exact' });
    expect(noRv.status).toBe(422);
    expect((noRv.body as { message: string }).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
    store.compact(store.revision);
    const old = await list({ resourceVersion: rv, resourceVersionMatch: 'Exact' });
    expect(old.status).toBe(410);
    expect(old.body).toMatchObject({ reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' });
  });

  it('lists across namespaces at /api/v1/<resource>', async () => {
    const { server } = await seeded(1);
    await server.handle(request('POST', '/api/v1/namespaces/kube-public/configmaps', cm('pub')));
    const r = asResponse(await server.handle(request('GET', '/api/v1/configmaps')));
    expect(names(r).sort()).toEqual(['c00', 'pub']);
  });

  it('renders PartialObjectMetadataList and Table when asked', async () => {
    const { server } = await seeded(2);
    const partial = asResponse(
      await server.handle(request('GET', path, undefined, { headers: { accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' } })),
    );
    expect(partial.body).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
    expect((partial.body as { items: unknown[] }).items[0]).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'c00' } });
    expect((partial.body as { items: Record<string, unknown>[] }).items[0].data).toBeUndefined();
    const table = asResponse(
      await server.handle(request('GET', path, undefined, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } })),
    );
    expect(table.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
  });
});
