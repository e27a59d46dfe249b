import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { CONTROLLER_SERVICE_ACCOUNT_FOR, CONTROLLER_SERVICE_ACCOUNTS, controllerUser } from './controller-identities';
import type { AuthzAttributes } from './rbac-rules';
import { asResponse, newTestServer, request } from './testkit';

const rbacApi = '/apis/rbac.authorization.k8s.io/v1';
const events = { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] };

function attrs(user: AuthzAttributes['user'], verb: string, apiGroup: string, resource: string, namespace = '', subresource = '', name = ''): AuthzAttributes {
  return { user, verb, isResourceRequest: true, apiGroup, resource, subresource, namespace, name, path: '' };
}

describe('controller roles', () => {
  it('serves system:controller:deployment-controller as kubectl shows it upstream', async () => {
    const { server } = await newTestServer();
    const role = asResponse(await server.handle(request('GET', `${rbacApi}/clusterroles/system:controller:deployment-controller`))).body as KubeObject;
    expect(role.metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults' });
    expect(role.metadata.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    expect(role.aggregationRule).toBeUndefined();
    expect(role.rules).toEqual([
      { apiGroups: ['apps', 'extensions'], resources: ['deployments'], verbs: ['get', 'list', 'update', 'watch'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments/status'], verbs: ['update'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments/finalizers'], verbs: ['update'] },
      { apiGroups: ['apps', 'extensions'], resources: ['replicasets'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'update', 'watch'] },
      events,
    ]);
  });

  it('binds every controller role to its kube-system service account', async () => {
    const { server } = await newTestServer();
    const list = asResponse(await server.handle(request('GET', `${rbacApi}/clusterrolebindings`))).body as { items: KubeObject[] };
    const bindings = new Map(list.items.map((b) => [b.metadata.name, b]));
    expect(CONTROLLER_SERVICE_ACCOUNTS).toContain('replicaset-controller');
    for (const sa of CONTROLLER_SERVICE_ACCOUNTS) {
      const b = bindings.get(`system:controller:${sa}`);
      expect(b, sa).toBeDefined();
      expect(b!.metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults' });
      expect(b!.metadata.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
      expect(b!.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `system:controller:${sa}` });
      expect(b!.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: 'kube-system' }]);
    }
    for (const sa of Object.values(CONTROLLER_SERVICE_ACCOUNT_FOR)) expect(CONTROLLER_SERVICE_ACCOUNTS).toContain(sa);
  });

  it('builds the service-account identity kube-controller-manager uses', () => {
    expect(controllerUser('replicaset-controller')).toEqual({
      username: 'system:serviceaccount:kube-system:replicaset-controller',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
    });
    expect(controllerUser('node-controller', 'u-1').uid).toBe('u-1');
    expect(CONTROLLER_SERVICE_ACCOUNT_FOR['taint-eviction-controller']).toBe('node-controller');
  });

  it('authorizes the replicaset controller for its own work only', async () => {
    const { server } = await newTestServer();
    const rs = controllerUser('replicaset-controller');
    const table: [AuthzAttributes, boolean][] = [
      [attrs(rs, 'create', '', 'pods', 'default'), true],
      [attrs(rs, 'delete', '', 'pods', 'default', '', 'web-1'), true],
      [attrs(rs, 'update', 'apps', 'replicasets', 'default', 'status', 'web'), true],
      [attrs(rs, 'watch', 'apps', 'replicasets'), true],
      [attrs(rs, 'create', 'events.k8s.io', 'events', 'default'), true],
      [attrs(rs, 'delete', '', 'nodes', '', '', 'worker-1'), false],
      [attrs(rs, 'update', 'apps', 'deployments', 'default', 'status', 'web'), false],
      [attrs(rs, 'get', '', 'pods', 'default', '', 'web-1'), false],
    ];
    for (const [a, allowed] of table) expect(server.rbac.authorize(a).allowed, `${a.verb} ${a.resource}/${a.subresource}`).toBe(allowed);
    expect(server.rbac.authorize(table[0][0]).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"',
    );
  });

  it('answers 403 with upstream wording when a controller oversteps, through the request pipeline', async () => {
    const { server } = await newTestServer();
    const asRs = { user: controllerUser('replicaset-controller') };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    expect(asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/pods', pod, asRs))).status).toBe(201);
    const denied = asResponse(await server.handle(request('DELETE', '/api/v1/nodes/worker-1', undefined, asRs)));
    expect(denied.status).toBe(403);
    expect((denied.body as { message: string }).message).toBe(
      'nodes "worker-1" is forbidden: User "system:serviceaccount:kube-system:replicaset-controller" cannot delete resource "nodes" in API group "" at the cluster scope',
    );
    // The garbage collector may delete anything; the namespace controller may deletecollection anything.
    const gc = controllerUser('generic-garbage-collector');
    expect(server.rbac.authorize(attrs(gc, 'delete', 'apps', 'replicasets', 'default', '', 'x')).allowed).toBe(true);
    expect(server.rbac.authorize(attrs(gc, 'create', '', 'pods', 'default')).allowed).toBe(false);
    const ns = controllerUser('namespace-controller');
    expect(server.rbac.authorize(attrs(ns, 'deletecollection', 'apps', 'deployments', 'doomed')).allowed).toBe(true);
    expect(server.rbac.authorize(attrs(ns, 'update', '', 'namespaces', '', 'finalize', 'doomed')).allowed).toBe(true);
  });
});
