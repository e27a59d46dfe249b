import { describe, expect, it } from 'vitest';
import {
  apiVersionOf,
  findResource,
  preferredVersion,
  removedKindMessage,
  resourceFor,
  resourceForKind,
  resources,
  resourcesByGroupVersion,
} from './registry';

describe('resources', () => {
  it('has one row per group/version/resource', () => {
    const keys = resources.map((r) => `${apiVersionOf(r)}/${r.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    ['', 'v1', 'pods', 'Pod', true, ['po'], ['all'], ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status']],
    ['', 'v1', 'namespaces', 'Namespace', false, ['ns'], [], ['finalize', 'status']],
    ['', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa'], [], ['token']],
    ['', 'v1', 'replicationcontrollers', 'ReplicationController', true, ['rc'], ['all'], ['scale', 'status']],
    ['apps', 'v1', 'deployments', 'Deployment', true, ['deploy'], ['all'], ['scale', 'status']],
    ['apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds'], ['all'], ['status']],
    ['batch', 'v1', 'cronjobs', 'CronJob', true, ['cj'], ['all'], ['status']],
    ['autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], ['all'], ['status']],
    ['policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'], [], ['status']],
    ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false, [], [], []],
    ['scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, ['pc'], [], []],
  ])('%s/%s %s', (group, version, resource, kind, namespaced, shortNames, categories, subresources) => {
    const r = resourceFor(group, version, resource);
    expect(r).toMatchObject({ kind, listKind: `${kind}List`, namespaced, shortNames, categories, subresources });
    expect(r?.singular).toBe(kind.toLowerCase());
  });

  it('serves the verbs discovery reports', () => {
    expect(resourceFor('', 'v1', 'bindings')?.verbs).toEqual(['create']);
    expect(resourceFor('', 'v1', 'namespaces')?.verbs).not.toContain('deletecollection');
    expect(resourceFor('apps', 'v1', 'deployments')?.verbs).toEqual([
      'create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch',
    ]);
  });

  it('looks kinds up by apiVersion', () => {
    expect(resourceForKind('autoscaling/v1', 'HorizontalPodAutoscaler')?.version).toBe('v1');
    expect(resourceForKind('batch/v1beta1', 'CronJob')).toBeUndefined();
  });
});

describe('group versions', () => {
  it('prefers autoscaling/v2 and orders groups as /apis does', () => {
    expect(preferredVersion('autoscaling')).toBe('v2');
    expect(preferredVersion('')).toBe('v1');
    expect(preferredVersion('extensions')).toBeUndefined();
    const gvs = [...resourcesByGroupVersion().keys()];
    expect(gvs.slice(0, 3)).toEqual(['v1', 'apps/v1', 'events.k8s.io/v1']);
    expect(gvs.indexOf('autoscaling/v2')).toBe(gvs.indexOf('autoscaling/v1') - 1);
  });
});

describe('findResource', () => {
  it.each([
    ['deploy', 'apps', 'deployments'],
    ['deployment', 'apps', 'deployments'],
    ['Deployment', 'apps', 'deployments'],
    ['deployments.apps', 'apps', 'deployments'],
    ['deployments.v1.apps', 'apps', 'deployments'],
    ['po', '', 'pods'],
    ['svc', '', 'services'],
    ['ev', '', 'events'],
    ['events.events.k8s.io', 'events.k8s.io', 'events'],
    ['hpa', 'autoscaling', 'horizontalpodautoscalers'],
    ['netpol', 'networking.k8s.io', 'networkpolicies'],
    ['pods.v1', '', 'pods'],
  ])('%s', (text, group, resource) => {
    expect(findResource(text)).toMatchObject({ group, resource });
  });

  it('prefers the preferred version', () => {
    expect(findResource('hpa')?.version).toBe('v2');
    expect(findResource('horizontalpodautoscalers.v1.autoscaling')?.version).toBe('v1');
  });

  it('finds nothing for unknown names', () => {
    expect(findResource('widgets')).toBeUndefined();
    expect(findResource('deployments.extensions')).toBeUndefined();
  });
});

describe('removedKindMessage', () => {
  it.each([
    ['batch/v1beta1', 'CronJob', 'v1.25', 'use apiVersion batch/v1 instead'],
    ['extensions/v1beta1', 'Deployment', 'v1.16', 'use apiVersion apps/v1 instead'],
    ['apps/v1beta2', 'StatefulSet', 'v1.16', 'use apiVersion apps/v1 instead'],
    ['networking.k8s.io/v1beta1', 'Ingress', 'v1.22', 'use apiVersion networking.k8s.io/v1 instead'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'v1.26', 'use apiVersion autoscaling/v2 instead'],
    ['policy/v1beta1', 'PodDisruptionBudget', 'v1.25', 'use apiVersion policy/v1 instead'],
  ])('%s %s', (apiVersion, kind, release, instead) => {
    expect(removedKindMessage(apiVersion, kind)).toBe(
      `no matches for kind "${kind}" in version "${apiVersion}"\n${kind} ${apiVersion} was removed in Kubernetes ${release}; ${instead}.`,
    );
  });

  it('says nothing of kinds that were never removed', () => {
    expect(removedKindMessage('apps/v1', 'Deployment')).toBeUndefined();
    expect(removedKindMessage('example.com/v1', 'Widget')).toBeUndefined();
    expect(removedKindMessage('batch/v1beta1', 'Job')).toBeUndefined();
  });
});
