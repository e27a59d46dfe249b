import { beforeAll, describe, expect, it } from 'vitest';
import { loadDescriptions } from './schema';
import type { ResourceInfo } from '../registry';
import { gvPathOf, openapiV3Document, openapiV3Index } from './openapi';

// Tables and OpenAPI documents carry the field descriptions, which load lazily (the apiserver's handle awaits them).
beforeAll(() => loadDescriptions());

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
function res(group: string, version: string, kind: string, resource: string, namespaced: boolean, subresources: string[] = []): ResourceInfo {
  return {
    group, version, kind, listKind: `${kind}List`, resource, singular: kind.toLowerCase(), namespaced, shortNames: [],
    categories: [], verbs, subresources,
  };
}
const served = [
  res('', 'v1', 'Pod', 'pods', true, ['status', 'binding', 'eviction', 'log', 'exec']),
  res('', 'v1', 'Namespace', 'namespaces', false, ['status', 'finalize']),
  res('apps', 'v1', 'Deployment', 'deployments', true, ['status', 'scale']),
  res('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
];

type Doc = { openapi: string; paths: Record<string, any>; components: { schemas: Record<string, any> } };
const doc = (p: string) => openapiV3Document(p, served) as Doc;

describe('openapiV3Index', () => {
  it('lists each served group/version with a hashed URL', () => {
    const index = openapiV3Index(served) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(index.paths)).toEqual(['api/v1', 'apis/apps/v1', 'apis/rbac.authorization.k8s.io/v1']);
    expect(index.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{16}$/);
    expect(openapiV3Index(served)).toEqual(index);
  });

  it('maps resources to their gv path', () => {
    expect(gvPathOf({ group: '', version: 'v1' })).toBe('api/v1');
    expect(gvPathOf({ group: 'apps', version: 'v1' })).toBe('apis/apps/v1');
  });
});

describe('openapiV3Document', () => {
  it('is undefined for what is not served', () => {
    expect(openapiV3Document('apis/batch/v1', served)).toBeUndefined();
  });

  it('declares the resource operations with their GVK and actions', () => {
    const d = doc('apis/apps/v1');
    expect(d.openapi).toBe('3.0.0');
    const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
    const coll = d.paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
    const item = d.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(coll.get['x-kubernetes-action']).toBe('list');
    expect(coll.post['x-kubernetes-action']).toBe('post');
    expect(coll.delete['x-kubernetes-action']).toBe('deletecollection');
    expect(item.put['x-kubernetes-group-version-kind']).toEqual(gvk);
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual(gvk);
    expect(item.patch.operationId).toBe('patchAppsV1NamespacedDeployment');
    expect(Object.keys(item.patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    expect(d.paths['/apis/apps/v1/deployments'].get.operationId).toBe('listAppsV1DeploymentForAllNamespaces');
    expect(d.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'autoscaling', version: 'v1', kind: 'Scale',
    });
    expect(doc('apis/rbac.authorization.k8s.io/v1').paths['/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}'].get.operationId).toBe(
      'readRbacAuthorizationV1ClusterRole',
    );
  });

  it('puts fieldValidation on POST, PUT and PATCH, where kubectl looks for it', () => {
    const d = doc('api/v1');
    const names = (op: { parameters?: { name: string; in: string }[] }) => (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(names(d.paths['/api/v1/namespaces/{namespace}/pods'].post)).toContain('fieldValidation');
    expect(names(d.paths['/api/v1/namespaces/{namespace}/pods/{name}'].put)).toContain('fieldValidation');
    expect(names(d.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    expect(names(d.paths['/api/v1/namespaces/{namespace}/pods/{name}'].get)).not.toContain('fieldValidation');
    expect(d.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction'].post['x-kubernetes-group-version-kind'].kind).toBe('Eviction');
    expect(d.paths['/api/v1/namespaces/{name}/finalize'].put).toBeDefined();
    expect(d.paths['/api/v1/namespaces/{name}/finalize'].patch).toBeUndefined();
    expect(d.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec']).toBeUndefined();
    expect(d.paths['/api/v1/namespaces/{name}/status'].put).toBeDefined();
  });

  it('carries the referenced schemas with descriptions, refs wrapped in allOf', () => {
    const s = doc('apis/apps/v1').components.schemas;
    const deployment = s['io.k8s.api.apps.v1.Deployment'];
    expect(deployment.description).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(deployment.properties.spec).toEqual({
      description: expect.stringContaining('Specification of the desired behavior'),
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
    });
    // The closure follows refs into core/v1 and meta/v1 and stops there.
    for (const name of ['io.k8s.api.core.v1.PodSpec', 'io.k8s.api.autoscaling.v1.Scale', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch']) {
      expect(s[name], name).toBeDefined();
    }
    expect(s['io.k8s.api.rbac.v1.ClusterRole']).toBeUndefined();
    expect(s['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-patch-merge-key']).toBe('containerPort');
  });
});
