import { describe, expect, it, vi } from 'vitest';

// The field descriptions are a lazily loaded chunk: this file starts from a fresh module graph, so
// nothing has loaded them yet when the apiserver is built.
async function freshServer() {
  vi.resetModules();
  const testkit = await import('./testkit');
  const schema = await import('../api/schema/schema');
  const { server } = await testkit.newTestServer();
  return { server, testkit, schema };
}

const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

describe('field descriptions load lazily', () => {
  it('handle() loads them before serving an OpenAPI document', async () => {
    const { server, testkit, schema } = await freshServer();
    expect(() => schema.loadedDescriptions()).toThrow(/not loaded yet/);
    const res = testkit.asResponse(await server.handle(testkit.request('GET', '/openapi/v3/apis/apps/v1')));
    expect(res.status).toBe(200);
    const doc = res.body as { components: { schemas: Record<string, { description?: string }> } };
    expect(doc.components.schemas['io.k8s.api.apps.v1.Deployment'].description).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
  });

  it('handle() loads them before printing a Table, whose columns carry them', async () => {
    const { server, testkit } = await freshServer();
    const res = testkit.asResponse(await server.handle(testkit.request('GET', '/api/v1/namespaces', undefined, { headers: { accept: tableAccept } })));
    const table = res.body as { columnDefinitions: { name: string; description: string }[] };
    expect(table.columnDefinitions[0]).toMatchObject({ name: 'Name' });
    expect(table.columnDefinitions[0].description).toMatch(/^Name must be unique within a namespace/);
  });

  it('a JSON request does not wait for them, and a synchronous Table before they load is an internal error, not empty text', async () => {
    const { server, testkit, schema } = await freshServer();
    expect(testkit.asResponse(await server.handle(testkit.request('GET', '/api/v1/namespaces'))).status).toBe(200);
    expect(() => schema.loadedDescriptions()).toThrow(/not loaded yet/);
    const sync = testkit.asResponse(server.handleSync(testkit.request('GET', '/api/v1/namespaces', undefined, { headers: { accept: tableAccept } })));
    expect(sync.status).toBe(500);
  });
});
