import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { asResponse, newTestServer, request, user } from './testkit';

const role = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'pod-reader' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
};
const binding = (subject: Record<string, string>) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'read-pods' },
  subjects: [subject],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
});
const rbacPath = '/apis/rbac.authorization.k8s.io/v1/namespaces/default';

describe('RBAC', () => {
  it('denies an impersonated user with upstream 403 wording, and allows after a RoleBinding', async () => {
    const { server } = await newTestServer();
    const asJane = { headers: { 'impersonate-user': 'jane' } };
    const denied = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/pods', undefined, asJane)));
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
      details: { kind: 'pods' },
    });
    const named = asResponse(await server.handle(request('GET', '/apis/apps/v1/namespaces/default/deployments/web', undefined, asJane)));
    expect((named.body as { message: string }).message).toBe(
      'deployments.apps "web" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" in the namespace "default"',
    );
    const sub = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/pods/web/eviction', {}, asJane)));
    expect((sub.body as { message: string }).message).toBe(
      'pods "web" is forbidden: User "jane" cannot create resource "pods/eviction" in API group "" in the namespace "default"',
    );
    const cluster = asResponse(await server.handle(request('GET', '/api/v1/nodes', undefined, asJane)));
    expect((cluster.body as { message: string }).message).toBe('nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope');
    await server.handle(request('POST', `${rbacPath}/roles`, role));
    await server.handle(request('POST', `${rbacPath}/rolebindings`, binding({ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' })));
    const allowed = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/pods', undefined, asJane)));
    expect(allowed.status).toBe(200);
    const otherNs = asResponse(await server.handle(request('GET', '/api/v1/namespaces/kube-system/pods', undefined, asJane)));
    expect(otherNs.status).toBe(403);
    const write = asResponse(await server.handle(request('DELETE', '/api/v1/namespaces/default/pods/x', undefined, asJane)));
    expect((write.body as { message: string }).message).toBe(
      'pods "x" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('says which role is missing in the reason', async () => {
    const { server } = await newTestServer();
    await server.handle(request('POST', `${rbacPath}/rolebindings`, binding({ kind: 'Group', name: 'devs' })));
    const r = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/pods', undefined, { user: user('bob', 'devs') })));
    expect((r.body as { message: string }).message).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "pod-reader" not found',
    );
  });

  it('checks the impersonate verb', async () => {
    const { server } = await newTestServer();
    const r = asResponse(await server.handle(request('GET', '/api/v1/namespaces', undefined, { user: user('bob'), headers: { 'impersonate-user': 'alice' } })));
    expect(r.status).toBe(403);
    expect((r.body as { message: string }).message).toBe('users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
    const g = asResponse(await server.handle(request('GET', '/api/v1/namespaces', undefined, { headers: { 'impersonate-user': 'alice', 'impersonate-group': 'system:masters' } })));
    expect(g.status).toBe(200);
    const audit = server.audit.events().at(-1)!;
    expect(audit.user.username).toBe('kubernetes-admin');
    expect(audit.impersonatedUser).toEqual({ username: 'alice', groups: ['system:masters', 'system:authenticated'] });
  });

  it('grants service accounts through bearer tokens', async () => {
    const { server } = await newTestServer();
    await server.handle(request('POST', `${rbacPath}/roles`, role));
    await server.handle(request('POST', `${rbacPath}/rolebindings`, binding({ kind: 'ServiceAccount', name: 'robot', namespace: 'default' })));
    const token = server.mintServiceAccountToken('default', 'robot');
    const ok = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/pods', undefined, { headers: { authorization: `Bearer ${token}` } })));
    expect(ok.status).toBe(200);
    const bad = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/pods', undefined, { headers: { authorization: 'Bearer nope' } })));
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
    const denied = asResponse(await server.handle(request('GET', '/api/v1/secrets', undefined, { headers: { authorization: `Bearer ${token}` } })));
    expect((denied.body as { message: string }).message).toBe(
      'secrets is forbidden: User "system:serviceaccount:default:robot" cannot list resource "secrets" in API group "" at the cluster scope',
    );
  });

  it('lets every authenticated user read discovery and health, nothing else by URL', async () => {
    const { server } = await newTestServer();
    const bob = { user: user('bob') };
    expect(asResponse(await server.handle(request('GET', '/healthz', undefined, bob))).body).toBe('ok');
    const nope = asResponse(await server.handle(request('GET', '/metrics', undefined, bob)));
    expect(nope.status).toBe(403);
    expect((nope.body as { message: string }).message).toBe('forbidden: User "bob" cannot get path "/metrics"');
  });

  it('bootstraps the aggregated admin/edit/view roles and their labels', async () => {
    const { server } = await newTestServer();
    const get = async (name: string) =>
      asResponse(await server.handle(request('GET', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`))).body as KubeObject & { rules: { resources?: string[]; verbs: string[] }[] };
    const view = await get('view');
    const edit = await get('edit');
    const admin = await get('admin');
    expect(view.metadata.labels).toMatchObject({ 'kubernetes.io/bootstrapping': 'rbac-defaults', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' });
    expect(view.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] });
    const has = (r: typeof view, resource: string, verb: string) => r.rules.some((x) => x.resources?.includes(resource) && x.verbs.includes(verb));
    expect(has(view, 'pods', 'list')).toBe(true);
    expect(has(view, 'pods', 'create')).toBe(false);
    expect(has(edit, 'pods', 'list') && has(edit, 'deployments', 'create')).toBe(true);
    expect(has(edit, 'rolebindings', 'create')).toBe(false);
    expect(has(admin, 'rolebindings', 'create') && has(admin, 'pods', 'list') && has(admin, 'deployments/scale', 'patch')).toBe(true);
    const crb = asResponse(await server.handle(request('GET', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin'))).body;
    expect(crb).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:masters' }] });
  });

  it('grants the admin role through a RoleBinding to a ClusterRole', async () => {
    const { server } = await newTestServer();
    await server.handle(
      request('POST', `${rbacPath}/rolebindings`, { ...binding({ kind: 'User', name: 'dev' }), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' } }),
    );
    const dev = { user: user('dev') };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    expect(asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm, dev))).status).toBe(201);
    expect(asResponse(await server.handle(request('POST', `${rbacPath}/roles`, role, dev))).status).toBe(403);
  });

  it('gives kubelets the system:node rules (Node authorizer stand-in)', async () => {
    const { server } = await newTestServer();
    const kubelet = { user: { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] } };
    expect(asResponse(await server.handle(request('GET', '/api/v1/pods', undefined, kubelet))).status).toBe(200);
    expect(asResponse(await server.handle(request('DELETE', '/api/v1/namespaces/default/configmaps/x', undefined, kubelet))).status).toBe(403);
  });

  it('answers by object name when a rule lists resourceNames, also once decisions are cached', async () => {
    const { server } = await newTestServer();
    const asJane = { headers: { 'impersonate-user': 'jane' } };
    const named = { ...role, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'], verbs: ['get'] }] };
    await server.handle(request('POST', `${rbacPath}/roles`, named));
    await server.handle(request('POST', `${rbacPath}/rolebindings`, binding({ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' })));
    const get = async (name: string) => asResponse(await server.handle(request('GET', `/api/v1/namespaces/default/configmaps/${name}`, undefined, asJane))).status;
    expect([await get('a'), await get('b'), await get('a'), await get('b')]).toEqual([404, 403, 404, 403]);
  });

  it('a binding to one user or service account reaches only that one, whatever groups others share', async () => {
    const { server } = await newTestServer();
    const status = async (u: ReturnType<typeof user>) => asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/pods', undefined, { user: u }))).status;
    const sa = user('system:serviceaccount:default:builder', 'system:serviceaccounts');
    const otherSa = user('system:serviceaccount:default:other', 'system:serviceaccounts');
    // Asked first, so their (denied) rule sets are cached before any binding names them.
    expect([await status(user('jane', 'devs')), await status(user('joe', 'devs')), await status(sa), await status(otherSa)]).toEqual([403, 403, 403, 403]);
    await server.handle(request('POST', `${rbacPath}/roles`, role));
    await server.handle(request('POST', `${rbacPath}/rolebindings`, binding({ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' })));
    await server.handle(request('POST', `${rbacPath}/rolebindings`, { ...binding({ kind: 'ServiceAccount', name: 'builder' }), metadata: { name: 'builder-reads' } }));
    expect([await status(user('jane', 'devs')), await status(user('joe', 'devs')), await status(sa), await status(otherSa)]).toEqual([200, 403, 200, 403]);
    // A kubelet reads its own node's pods through the Node authorizer; a user merely named like one does not.
    expect(await status(user('system:node:worker-1', 'system:nodes'))).toBe(200);
    expect(await status(user('system:node:worker-1'))).toBe(403);
  });
});
