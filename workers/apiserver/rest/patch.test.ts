import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { asResponse, newTestServer, request } from '../testkit';

const path = '/apis/apps/v1/namespaces/default/deployments';
const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
const manifest = (image: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', labels: { app: 'nginx' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] } },
  },
});

async function setup() {
  const t = await newTestServer();
  const call = async (method: 'GET' | 'POST' | 'PATCH', p: string, body?: unknown, headers?: Record<string, string>, query?: Record<string, string>) =>
    asResponse(await t.server.handle(request(method, p, body, { headers, query })));
  return { ...t, call };
}

describe('PATCH', () => {
  it('applies the strategic merge patch kubectl apply sends', async () => {
    const { call } = await setup();
    const first = manifest('nginx:1.14.2', 3);
    const withAnnotation = { ...first, metadata: { ...first.metadata, annotations: { [lastApplied]: JSON.stringify(first) } } };
    const created = await call('POST', path, withAnnotation, { 'content-type': 'application/json' }, { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' });
    expect(created.status).toBe(201);
    const second = manifest('nginx:1.16.1', 3);
    // What kubectl computes from last-applied, the live object and the new manifest.
    const patch = {
      metadata: { annotations: { [lastApplied]: JSON.stringify(second) } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.16.1', name: 'nginx' }] } } },
    };
    const r = await call('PATCH', `${path}/nginx-deployment`, JSON.stringify(patch), { 'content-type': 'application/strategic-merge-patch+json' }, { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const obj = r.body as KubeObject & { spec: { template: { spec: { containers: { name: string; image: string; ports: unknown[] }[] } } } };
    expect(obj.spec.template.spec.containers).toHaveLength(1);
    expect(obj.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.16.1', ports: [{ containerPort: 80 }] });
    expect(obj.metadata.generation).toBe(2);
    expect(obj.metadata.annotations?.[lastApplied]).toBe(JSON.stringify(second));
  });

  it('applies merge and JSON patches, and 415 for other media types', async () => {
    const { call } = await setup();
    await call('POST', path, manifest('nginx', 1));
    const m = await call('PATCH', `${path}/nginx-deployment`, '{"metadata":{"labels":{"tier":"web"}}}', { 'content-type': 'application/merge-patch+json' });
    expect((m.body as KubeObject).metadata.labels).toEqual({ app: 'nginx', tier: 'web' });
    expect((m.body as KubeObject).metadata.generation).toBe(1);
    const j = await call('PATCH', `${path}/nginx-deployment`, '[{"op":"replace","path":"/spec/replicas","value":4}]', { 'content-type': 'application/json-patch+json' });
    expect(j.body).toMatchObject({ spec: { replicas: 4 }, metadata: { generation: 2 } });
    const bad = await call('PATCH', `${path}/nginx-deployment`, '{}', { 'content-type': 'text/plain' });
    expect(bad.status).toBe(415);
    expect(bad.body).toMatchObject({ reason: 'UnsupportedMediaType' });
    const missing = await call('PATCH', `${path}/nope`, '{}', { 'content-type': 'application/merge-patch+json' });
    expect(missing.status).toBe(404);
  });

  it('server-side apply creates, then merges, recording the field manager', async () => {
    const { call } = await setup();
    const yaml = (image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\nspec:\n  selector:\n    matchLabels: {app: ssa}\n  template:\n    metadata:\n      labels: {app: ssa}\n    spec:\n      containers:\n      - name: web\n        image: ${image}\n`;
    const headers = { 'content-type': 'application/apply-patch+yaml' };
    const c = await call('PATCH', `${path}/ssa`, yaml('nginx:1'), headers, { fieldManager: 'kubectl' });
    expect(c.status).toBe(201);
    expect((c.body as KubeObject).metadata.managedFields).toMatchObject([{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' }]);
    const u = await call('PATCH', `${path}/ssa`, yaml('nginx:2'), headers, { fieldManager: 'kubectl' });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } }, metadata: { generation: 2 } });
    expect((u.body as KubeObject).metadata.managedFields).toHaveLength(1);
  });

  it('patches the status subresource without touching spec', async () => {
    const { call } = await setup();
    await call('POST', path, manifest('nginx', 1));
    const r = await call('PATCH', `${path}/nginx-deployment/status`, '{"status":{"replicas":1},"spec":{"replicas":9}}', { 'content-type': 'application/merge-patch+json' });
    expect(r.body).toMatchObject({ spec: { replicas: 1 }, status: { replicas: 1 } });
  });
});

describe('no-op writes', () => {
  const merge = { 'content-type': 'application/merge-patch+json' };
  async function withDeployment() {
    const t = await setup();
    const put = async (p: string, body: unknown) => asResponse(await t.server.handle(request('PUT', p, body)));
    const created = await t.call('POST', path, manifest('nginx', 2));
    const rvOf = (r: { body: unknown }) => (r.body as KubeObject).metadata.resourceVersion;
    return { ...t, put, rv: rvOf(created), rvOf };
  }

  it('an identical PUT, a same-replicas scale and an empty patch write nothing', async () => {
    const { call, put, store, rv, rvOf } = await withDeployment();
    const before = store.revision;
    const same = await put(`${path}/nginx-deployment`, manifest('nginx', 2));
    expect(same.status).toBe(200);
    expect(rvOf(same)).toBe(rv);
    const scale = { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'nginx-deployment' }, spec: { replicas: 2 } };
    expect(rvOf(await put(`${path}/nginx-deployment/scale`, scale))).toBe(rv);
    const kubectlScale = await call('PATCH', `${path}/nginx-deployment/scale`, '{"spec":{"replicas":2}}', merge, { fieldManager: 'kubectl-scale' });
    expect(rvOf(kubectlScale)).toBe(rv);
    expect(rvOf(await call('PATCH', `${path}/nginx-deployment`, '{}', merge))).toBe(rv);
    expect(store.revision).toBe(before);
  });

  it('a patch that changes nothing keeps managedFields, so it writes nothing; a real change records the manager', async () => {
    const { call, store, clock, rv, rvOf } = await withDeployment();
    const first = await call('PATCH', `${path}/nginx-deployment`, '{"metadata":{"labels":{"tier":"web"}}}', merge, { fieldManager: 'kubectl-label' });
    const entry = { manager: 'kubectl-label', operation: 'Update', time: '2026-01-01T00:00:00Z' };
    expect((first.body as KubeObject).metadata.managedFields).toMatchObject([entry]);
    const written = store.revision;
    clock.advance(60_000);
    const again = await call('PATCH', `${path}/nginx-deployment`, '{"metadata":{"labels":{"tier":"web"}}}', merge, { fieldManager: 'kubectl-label' });
    expect(rvOf(again)).toBe(rvOf(first));
    expect((again.body as KubeObject).metadata.managedFields).toMatchObject([entry]);
    expect(store.revision).toBe(written);
    expect(rvOf(first)).not.toBe(rv);
  });

  it('server-side apply of the same manifest twice writes once; a new manager is still recorded', async () => {
    const { call, store, clock } = await setup();
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n';
    const headers = { 'content-type': 'application/apply-patch+yaml' };
    const cmPath = '/api/v1/namespaces/default/configmaps/ssa';
    await call('PATCH', cmPath, yaml, headers, { fieldManager: 'kubectl' });
    const after = store.revision;
    clock.advance(60_000);
    const second = await call('PATCH', cmPath, yaml, headers, { fieldManager: 'kubectl' });
    expect(second.status).toBe(200);
    expect(store.revision).toBe(after);
    const other = await call('PATCH', cmPath, yaml, headers, { fieldManager: 'helm' });
    expect((other.body as KubeObject).metadata.managedFields?.map((m) => (m as { manager: string }).manager)).toEqual(['kubectl', 'helm']);
    expect(store.revision).toBe(after + 1);
  });
});
