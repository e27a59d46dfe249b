import { describe, expect, it } from 'vitest';
import { getSchema, getSchemaWithDescriptions, schemaNameFor } from './schema';

describe('schemaNameFor', () => {
  it.each([
    ['', 'v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['apps', 'v1', 'DeploymentList', 'io.k8s.api.apps.v1.DeploymentList'],
    ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'io.k8s.api.rbac.v1.ClusterRole'],
    ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler'],
    ['autoscaling', 'v1', 'Scale', 'io.k8s.api.autoscaling.v1.Scale'],
    ['policy', 'v1', 'Eviction', 'io.k8s.api.policy.v1.Eviction'],
    ['', 'v1', 'Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.Status'],
    ['apps', 'v1', 'DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'],
    ['', 'v1', 'DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'],
  ])('%s/%s %s -> %s', (group, version, kind, want) => {
    expect(schemaNameFor(group, version, kind)).toBe(want);
  });

  it('is undefined for what is not served', () => {
    expect(schemaNameFor('apps', 'v1beta1', 'Deployment')).toBeUndefined();
    expect(schemaNameFor('', 'v1', 'Deployment')).toBeUndefined();
    expect(schemaNameFor('flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema')).toBeUndefined();
  });
});

describe('getSchema', () => {
  it('returns structure without descriptions', () => {
    const spec = getSchema('io.k8s.api.apps.v1.DeploymentSpec');
    expect(spec?.required).toEqual(['selector', 'template']);
    expect(spec?.description).toBeUndefined();
    expect(spec?.properties?.replicas).toEqual({ type: 'integer', format: 'int32' });
  });

  it('does not resolve prototype names', () => {
    expect(getSchema('constructor')).toBeUndefined();
    expect(getSchema('__proto__')).toBeUndefined();
    expect(getSchema('io.k8s.api.core.v1.Nope')).toBeUndefined();
  });
});

describe('getSchemaWithDescriptions', () => {
  it('merges the schema and property descriptions into a copy', async () => {
    const s = await getSchemaWithDescriptions('io.k8s.api.apps.v1.DeploymentStrategy');
    expect(s?.description).toBe('DeploymentStrategy describes how to replace existing pods with new ones.');
    expect(s?.properties?.type.description).toMatch(/Recreate/);
    expect(getSchema('io.k8s.api.apps.v1.DeploymentStrategy')?.properties?.type.description).toBeUndefined();
    expect(await getSchemaWithDescriptions('nope')).toBeUndefined();
  });
});
