import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { asResponse, newTestServer, request } from '../testkit';

const podPath = '/api/v1/namespaces/default/pods';
const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...extra },
});

async function setup() {
  const t = await newTestServer();
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, query?: Record<string, string>) =>
    asResponse(await t.server.handle(request(method, path, body, query ? { query } : {})));
  return { ...t, call };
}

const meta = (r: { body: unknown }) => (r.body as KubeObject).metadata;

describe('delete', () => {
  it('deletes a scheduled pod gracefully: deletionTimestamp + grace, object stays', async () => {
    const { call, clock } = await setup();
    await call('POST', podPath, pod('p', { nodeName: 'node-1', terminationGracePeriodSeconds: 45 }));
    clock.advance(10_000);
    const r = await call('DELETE', `${podPath}/p`);
    expect(r.status).toBe(200);
    expect(meta(r).deletionTimestamp).toBe('2026-01-01T00:00:55Z');
    expect(meta(r).deletionGracePeriodSeconds).toBe(45);
    expect((await call('GET', `${podPath}/p`)).status).toBe(200);
    const shorter = await call('DELETE', `${podPath}/p`, undefined, { gracePeriodSeconds: '5' });
    expect(meta(shorter).deletionGracePeriodSeconds).toBe(5);
    expect(meta(shorter).deletionTimestamp).toBe('2026-01-01T00:00:15Z');
    const force = await call('DELETE', `${podPath}/p`, undefined, { gracePeriodSeconds: '0' });
    expect(force.status).toBe(200);
    expect(force.body).toMatchObject({ kind: 'Pod', metadata: { name: 'p' } });
    expect((await call('GET', `${podPath}/p`)).status).toBe(404);
  });

  it('deletes an unscheduled pod immediately', async () => {
    const { call } = await setup();
    await call('POST', podPath, pod('pending'));
    const r = await call('DELETE', `${podPath}/pending`);
    expect(r.status).toBe(200);
    expect((await call('GET', `${podPath}/pending`)).status).toBe(404);
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    const { call } = await setup();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f', finalizers: ['example.com/hold'] } };
    await call('POST', '/api/v1/namespaces/default/configmaps', cm);
    const d = await call('DELETE', '/api/v1/namespaces/default/configmaps/f');
    expect(d.status).toBe(200);
    expect(meta(d)).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    const still = await call('GET', '/api/v1/namespaces/default/configmaps/f');
    expect(still.status).toBe(200);
    const again = await call('DELETE', '/api/v1/namespaces/default/configmaps/f');
    expect(meta(again).resourceVersion).toBe(meta(d).resourceVersion);
    const cleared = await call('PUT', '/api/v1/namespaces/default/configmaps/f', { ...cm, metadata: { name: 'f', finalizers: [] } });
    expect(cleared.status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/f')).status).toBe(404);
  });

  it('adds the orphan or foregroundDeletion finalizer for the propagation policy', async () => {
    const { call } = await setup();
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    await call('POST', '/api/v1/namespaces/default/configmaps', cm('fg'));
    await call('POST', '/api/v1/namespaces/default/configmaps', cm('or'));
    await call('POST', '/api/v1/namespaces/default/configmaps', cm('bg'));
    const fg = await call('DELETE', '/api/v1/namespaces/default/configmaps/fg', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' });
    expect(meta(fg).finalizers).toEqual(['foregroundDeletion']);
    const or = await call('DELETE', '/api/v1/namespaces/default/configmaps/or', undefined, { propagationPolicy: 'Orphan' });
    expect(meta(or).finalizers).toEqual(['orphan']);
    const bg = await call('DELETE', '/api/v1/namespaces/default/configmaps/bg', undefined, { propagationPolicy: 'Background' });
    expect(bg.body).toMatchObject({ kind: 'Status', status: 'Success' });
  });

  it('checks uid and resourceVersion preconditions', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pc' } });
    const r = await call('DELETE', '/api/v1/namespaces/default/configmaps/pc', { preconditions: { uid: 'other' } });
    expect(r.status).toBe(409);
    expect((r.body as { message: string }).message).toMatch(/^Operation cannot be fulfilled on configmaps "pc": Precondition failed: UID in precondition: other, UID in object meta: [0-9a-f-]{36}$/);
    const rv = await call('DELETE', '/api/v1/namespaces/default/configmaps/pc', { preconditions: { resourceVersion: '1' } });
    expect(rv.status).toBe(409);
    expect((rv.body as { message: string }).message).toMatch(/Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/);
  });

  it('turns a deleted namespace Terminating, refuses new content, and goes once finalized', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    const d = await call('DELETE', '/api/v1/namespaces/team');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });
    const c = await call('POST', '/api/v1/namespaces/team/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(c.status).toBe(403);
    expect(c.body).toMatchObject({ reason: 'Forbidden', message: 'configmaps "x" is forbidden: unable to create new content in namespace team because it is being terminated' });
    const again = await call('DELETE', '/api/v1/namespaces/team');
    expect(again.status).toBe(409);
    const fin = await call('PUT', '/api/v1/namespaces/team/finalize', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: [] } });
    expect(fin.status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/team')).status).toBe(404);
  });

  it('refuses to delete the system namespaces and to create in a missing one', async () => {
    const { call } = await setup();
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      const r = await call('DELETE', `/api/v1/namespaces/${ns}`);
      expect(r.status).toBe(403);
      expect((r.body as { message: string }).message).toBe(`namespaces "${ns}" is forbidden: this namespace may not be deleted`);
    }
    const r = await call('POST', '/api/v1/namespaces/ghost/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "ghost" not found' });
  });

  it('deletes a collection by label selector', async () => {
    const { call } = await setup();
    for (const [name, app] of [['a', 'x'], ['b', 'x'], ['c', 'y']]) {
      await call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app } } });
    }
    const r = await call('DELETE', '/api/v1/namespaces/default/configmaps', undefined, { labelSelector: 'app=x' });
    expect(r.status).toBe(200);
    expect((r.body as { kind: string; items: KubeObject[] }).items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    const left = await call('GET', '/api/v1/namespaces/default/configmaps');
    expect((left.body as { items: KubeObject[] }).items.map((i) => i.metadata.name)).toEqual(['c']);
  });
});
