import { describe, expect, it } from 'vitest';
import { asResponse, newTestServer, request, user } from '../testkit';

const ssar = (verb: string, resource: string, namespace = 'default') => ({
  apiVersion: 'authorization.k8s.io/v1',
  kind: 'SelfSubjectAccessReview',
  spec: { resourceAttributes: { namespace, verb, resource } },
});

describe('review resources', () => {
  it('answers kubectl auth can-i with a SelfSubjectAccessReview', async () => {
    const { server } = await newTestServer();
    const path = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
    const admin = asResponse(await server.handle(request('POST', path, ssar('create', 'pods'))));
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ kind: 'SelfSubjectAccessReview', status: { allowed: true } });
    const bob = asResponse(await server.handle(request('POST', path, ssar('create', 'pods'), { user: user('bob') })));
    expect(bob.status).toBe(201);
    expect(bob.body).toMatchObject({ status: { allowed: false } });
    const health = asResponse(
      await server.handle(request('POST', path, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } } }, { user: user('bob') })),
    );
    expect(health.body).toMatchObject({ status: { allowed: true } });
  });

  it('reviews another subject and tells who you are', async () => {
    const { server } = await newTestServer();
    const sar = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: 'system:kube-scheduler', groups: ['system:authenticated'], resourceAttributes: { verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default' } },
    };
    const r = asResponse(await server.handle(request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', sar)));
    expect(r.body).toMatchObject({ status: { allowed: true } });
    const who = asResponse(
      await server.handle(request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })),
    );
    expect(who.body).toMatchObject({ status: { userInfo: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] } } });
  });
});

describe('SelfSubjectRulesReview', () => {
  it('lists the rules that apply to the user in a namespace', async () => {
    const { server } = await newTestServer();
    const r = asResponse(
      await server.handle(
        request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } }, { user: user('bob') }),
      ),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const status = (r.body as { status: { resourceRules: { resources: string[] }[]; nonResourceRules: { nonResourceURLs: string[] }[]; incomplete: boolean } }).status;
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules.some((x) => x.resources.includes('selfsubjectaccessreviews'))).toBe(true);
    expect(status.nonResourceRules.some((x) => x.nonResourceURLs.includes('/healthz'))).toBe(true);
  });
});

describe('serviceaccounts/token', () => {
  it('mints a token that authenticates as the service account', async () => {
    const { server } = await newTestServer();
    await server.handle(request('POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }));
    const r = asResponse(
      await server.handle(request('POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } })),
    );
    expect(r.status).toBe(201);
    const status = (r.body as { status: { token: string; expirationTimestamp: string } }).status;
    expect(status.expirationTimestamp).toBe('2026-01-01T00:10:00Z');
    const who = asResponse(
      await server.handle(
        request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, { headers: { authorization: `Bearer ${status.token}` } }),
      ),
    );
    expect(who.body).toMatchObject({ status: { userInfo: { username: 'system:serviceaccount:default:robot', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] } } });
    const missing = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/serviceaccounts/ghost/token', {})));
    expect(missing.status).toBe(404);
  });
});
