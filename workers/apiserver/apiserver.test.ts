import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { asResponse, newTestServer, request } from './testkit';

const cmPath = '/api/v1/namespaces/default/configmaps';

describe('ApiServer', () => {
  it('bootstraps what a fresh kubeadm cluster has, idempotently', async () => {
    const { server } = await newTestServer();
    const ns = asResponse(await server.handle(request('GET', '/api/v1/namespaces'))).body as { items: KubeObject[] };
    expect(ns.items.map((n) => n.metadata.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(ns.items[0]).toMatchObject({ status: { phase: 'Active' }, spec: { finalizers: ['kubernetes'] } });
    const svc = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/services/kubernetes'))).body;
    expect(svc).toMatchObject({ spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] } });
    const pcs = asResponse(await server.handle(request('GET', '/apis/scheduling.k8s.io/v1/priorityclasses'))).body as { items: KubeObject[] };
    expect(pcs.items.map((p) => [p.metadata.name, p.value])).toEqual([
      ['system-cluster-critical', 2000000000],
      ['system-node-critical', 2000001000],
    ]);
    expect(server.bootstrap()).toBe(0);
  });

  it('publishes the apiserver endpoints when its address is known', async () => {
    const { server, store } = await newTestServer({ advertiseAddress: '172.18.0.2' });
    expect(store.get('/registry/endpoints/default/kubernetes')!.object).toMatchObject({
      subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    });
    expect(store.get('/registry/endpointslices/default/kubernetes')!.object).toMatchObject({
      addressType: 'IPv4',
      endpoints: [{ addresses: ['172.18.0.2'], conditions: { ready: true } }],
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    });
    void server;
  });

  it('warns about unknown fields by default and refuses them with fieldValidation=Strict', async () => {
    const { server } = await newTestServer();
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' }, data: { a: 'b' }, bogus: 1 };
    const warn = asResponse(await server.handle(request('POST', cmPath, body)));
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toBe('299 - "unknown field \\"bogus\\""');
    const strict = asResponse(await server.handle(request('POST', cmPath, { ...body, metadata: { name: 's' } }, { query: { fieldValidation: 'Strict' } })));
    expect(strict.status).toBe(400);
    expect(strict.body).toMatchObject({ reason: 'BadRequest' });
    expect((strict.body as { message: string }).message).toContain('unknown field "bogus"');
    const bad = asResponse(await server.handle(request('POST', cmPath, body, { query: { fieldValidation: 'Loose' } })));
    expect(bad.status).toBe(400);
  });

  it('answers a Table when kubectl asks for one', async () => {
    const { server } = await newTestServer();
    const r = asResponse(
      await server.handle(
        request('GET', '/api/v1/namespaces/default', undefined, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' } }),
      ),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    const table = r.body as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].cells.slice(0, 2)).toEqual(['default', 'Active']);
  });

  it('serves health checks and 404s unknown paths with a Status', async () => {
    const { server } = await newTestServer();
    const h = asResponse(await server.handle(request('GET', '/readyz')));
    expect(h).toMatchObject({ status: 200, body: 'ok' });
    const nf = asResponse(await server.handle(request('GET', '/nothing/here')));
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    expect(nf.headers['audit-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('turns unexpected exceptions into 500 InternalError without a stack', async () => {
    const { server } = await newTestServer();
    server.setLogProvider(() => {
      throw new Error('kubelet exploded');
    });
    await server.handle(request('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } }));
    const r = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/pods/p/log')));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Internal error occurred: kubelet exploded', reason: 'InternalError', code: 500 });
  });

  it('is deterministic: the same requests give the same uids and names', async () => {
    const run = async () => {
      const { server } = await newTestServer();
      const r = asResponse(await server.handle(request('POST', cmPath, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } })));
      return (r.body as KubeObject).metadata;
    };
    const [a, b] = [await run(), await run()];
    expect(a.uid).toBe(b.uid);
    expect(a.name).toBe(b.name);
  });
});
