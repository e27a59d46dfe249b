import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { ApiHandler, ApiRequest, ApiResult } from '../apiserver/types';
import { Client } from './client';
import { resourcePath, splitMetaNamespaceKey, metaNamespaceKey } from './paths';
import { FakeApiServer } from './testing/fake-apiserver';
import { makePod, PODS } from './testing/builders';

const admin = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };

/** Records requests and answers 200 with an empty object. */
class Recorder implements ApiHandler {
  readonly seen: ApiRequest[] = [];
  async handle(req: ApiRequest): Promise<ApiResult> {
    this.seen.push(req);
    return { kind: 'response', status: 200, headers: {}, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 } };
  }
}

describe('resourcePath', () => {
  it.each([
    [{ group: '', version: 'v1', resource: 'pods' }, 'default', 'x', undefined, '/api/v1/namespaces/default/pods/x'],
    [{ group: 'apps', version: 'v1', resource: 'deployments' }, 'default', 'x', 'scale', '/apis/apps/v1/namespaces/default/deployments/x/scale'],
    [{ group: '', version: 'v1', resource: 'nodes' }, undefined, undefined, undefined, '/api/v1/nodes'],
    [{ group: '', version: 'v1', resource: 'nodes' }, undefined, 'n1', 'status', '/api/v1/nodes/n1/status'],
    [{ group: 'apps', version: 'v1', resource: 'deployments' }, undefined, undefined, undefined, '/apis/apps/v1/deployments'],
  ])('%o ns=%s name=%s sub=%s -> %s', (gvr, ns, name, sub, want) => {
    expect(resourcePath(gvr, ns, name, sub)).toBe(want);
  });

  it('keys split and join as client-go cache keys', () => {
    expect(metaNamespaceKey({ namespace: 'kube-system', name: 'coredns' })).toBe('kube-system/coredns');
    expect(metaNamespaceKey({ name: 'node-1' })).toBe('node-1');
    expect(splitMetaNamespaceKey('a/b')).toEqual({ namespace: 'a', name: 'b' });
    expect(splitMetaNamespaceKey('n')).toEqual({ namespace: '', name: 'n' });
    expect(() => splitMetaNamespaceKey('a/b/c')).toThrow('unexpected key format');
  });
});

describe('Client requests', () => {
  it('sends the identity, verbs, query options and bodies as client-go does', async () => {
    const rec = new Recorder();
    const c = new Client(rec, admin);
    const pods = c.resource(PODS, 'default');
    const deploys = c.resource({ group: 'apps', version: 'v1', resource: 'deployments' }, 'web');
    await pods.list({ labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1', limit: 50, continue: 'tok', resourceVersion: '10', resourceVersionMatch: 'NotOlderThan' });
    await pods.create(makePod('a'), { dryRun: true, fieldValidation: 'Strict', fieldManager: 'kcm' });
    await pods.delete('a', { propagationPolicy: 'Foreground', gracePeriodSeconds: 0, preconditions: { uid: 'u1' } });
    await pods.patch('a', 'strategic', { metadata: { labels: { x: 'y' } } });
    await pods.bind('a', 'node-1');
    await pods.evict('a');
    await deploys.updateScale('d', { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'd' }, spec: { replicas: 3 } });
    await pods.updateStatus(makePod('a'));
    const r = rec.seen;
    expect(r.every((q) => q.user === admin)).toBe(true);
    expect(r.map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /api/v1/namespaces/default/pods',
      'POST /api/v1/namespaces/default/pods',
      'DELETE /api/v1/namespaces/default/pods/a',
      'PATCH /api/v1/namespaces/default/pods/a',
      'POST /api/v1/namespaces/default/pods/a/binding',
      'POST /api/v1/namespaces/default/pods/a/eviction',
      'PUT /apis/apps/v1/namespaces/web/deployments/d/scale',
      'PUT /api/v1/namespaces/default/pods/a/status',
    ]);
    expect(r[0].query).toEqual({ labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1', limit: '50', continue: 'tok', resourceVersion: '10', resourceVersionMatch: 'NotOlderThan' });
    expect(r[1].query).toEqual({ dryRun: 'All', fieldValidation: 'Strict', fieldManager: 'kcm' });
    expect(r[2].body).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', gracePeriodSeconds: 0, preconditions: { uid: 'u1' } });
    expect(r[3].headers?.['content-type']).toBe('application/strategic-merge-patch+json');
    expect(r[4].body).toMatchObject({ kind: 'Binding', metadata: { name: 'a', namespace: 'default' }, target: { kind: 'Node', name: 'node-1' } });
    expect(r[5].body).toMatchObject({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'a' } });
  });

  it('throws ApiError carrying the server Status on non-2xx', async () => {
    const fake = new FakeApiServer();
    const pods = new Client(fake, admin).resource(PODS, 'default');
    const err = await pods.get('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(404);
    expect((err as ApiError).status.message).toBe('pods "missing" not found');
    await pods.create(makePod('a'));
    const dup = (await pods.create(makePod('a')).catch((e: unknown) => e)) as ApiError;
    expect([dup.code, dup.reason, dup.message]).toEqual([409, 'AlreadyExists', 'pods "a" already exists']);
    const got = await pods.get('a');
    const stale = { ...got, metadata: { ...got.metadata, resourceVersion: '999' } };
    const c = (await pods.update(stale).catch((e: unknown) => e)) as ApiError;
    expect(c.reason).toBe('Conflict');
    expect(c.message).toContain('the object has been modified');
  });

  it('builds a Status when the body is not one, and refuses apply without fieldManager', async () => {
    const h: ApiHandler = { handle: async () => ({ kind: 'response', status: 503, headers: {}, body: 'overloaded' }) };
    const e = (await new Client(h, admin).resource(PODS).list().catch((x: unknown) => x)) as ApiError;
    expect([e.code, e.reason, e.message]).toEqual([503, 'ServiceUnavailable', 'overloaded']);
    await expect(new Client(h, admin).resource(PODS, 'a').patch('x', 'apply', {})).rejects.toThrow('fieldManager');
  });
});
