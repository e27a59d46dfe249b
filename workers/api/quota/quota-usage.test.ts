import { describe, expect, it } from 'vitest';
import { resources } from '../registry';
import type { KubeObject } from '../types';
import { podInScope } from './quota-scopes';
import { objectUsage, podCountsTowardQuota } from './quota-usage';

const PODS = resources.find((r) => r.group === '' && r.resource === 'pods')!;
const SERVICES = resources.find((r) => r.group === '' && r.resource === 'services')!;
const PVCS = resources.find((r) => r.group === '' && r.resource === 'persistentvolumeclaims')!;

const res = (requests?: Record<string, string>, limits?: Record<string, string>) => ({ resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } });

function pod(spec: Record<string, unknown>, meta: Partial<KubeObject['metadata']> = {}, phase = 'Running'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...meta }, spec, status: { phase } };
}

const text = (u: Map<string, { toString(): string }>) => Object.fromEntries([...u].map(([k, v]) => [k, v.toString()]).sort());

describe('objectUsage', () => {
  it.each([
    ['containers add up; cpu and memory aliases are requests', pod({ containers: [{ name: 'a', ...res({ cpu: '100m', memory: '64Mi' }, { cpu: '200m' }) }, { name: 'b', ...res({ cpu: '150m' }) }] }),
      { 'count/pods': '1', pods: '1', cpu: '250m', 'requests.cpu': '250m', 'limits.cpu': '200m', memory: '64Mi', 'requests.memory': '64Mi' }],
    ['a larger init container wins, sidecars add to both', pod({
      initContainers: [{ name: 'side', restartPolicy: 'Always', ...res({ cpu: '100m' }) }, { name: 'init', ...res({ cpu: '1' }) }],
      containers: [{ name: 'a', ...res({ cpu: '200m' }) }],
    }), { 'count/pods': '1', pods: '1', cpu: '1100m', 'requests.cpu': '1100m' }],
    ['extended resources and hugepages, plus overhead', pod({
      overhead: { cpu: '10m' }, containers: [{ name: 'a', ...res({ cpu: '90m', 'example.com/gpu': '1', 'hugepages-2Mi': '4Mi' }) }],
    }), { 'count/pods': '1', pods: '1', cpu: '100m', 'requests.cpu': '100m', 'requests.example.com/gpu': '1', 'hugepages-2Mi': '4Mi', 'requests.hugepages-2Mi': '4Mi' }],
  ])('%s', (_n, p, want) => {
    expect(text(objectUsage(PODS, p))).toEqual(Object.fromEntries(Object.entries(want).sort()));
  });

  it('services and claims', () => {
    const lb = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }, { port: 443 }] } };
    expect(text(objectUsage(SERVICES, lb))).toEqual({ 'count/services': '1', services: '1', 'services.loadbalancers': '1', 'services.nodeports': '2' });
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } };
    expect(text(objectUsage(PVCS, pvc))).toEqual({
      'count/persistentvolumeclaims': '1', persistentvolumeclaims: '1', 'requests.storage': '1Gi',
      'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1', 'fast.storageclass.storage.k8s.io/requests.storage': '1Gi',
    });
  });
});

describe('which pods count', () => {
  const T = Date.UTC(2026, 0, 1);
  it.each([
    ['running', pod({}), true],
    ['succeeded', pod({}, {}, 'Succeeded'), false],
    ['terminating within its grace period', pod({}, { deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 }), true],
    ['stuck terminating past it', pod({}, { deletionTimestamp: '2025-12-31T23:58:00Z', deletionGracePeriodSeconds: 30 }), false],
  ])('%s', (_n, p, want) => {
    expect(podCountsTowardQuota(p, T)).toBe(want);
  });

  it.each([
    ['BestEffort', { scopes: ['BestEffort'] }, pod({ containers: [{ name: 'a' }] }), true],
    ['NotBestEffort', { scopes: ['NotBestEffort'] }, pod({ containers: [{ name: 'a' }] }), false],
    ['Terminating', { scopes: ['Terminating'] }, pod({ activeDeadlineSeconds: 60, containers: [] }), true],
    ['PriorityClass In', { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } }, pod({ priorityClassName: 'high' }), true],
    ['PriorityClass Exists without one', { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Exists' }] } }, pod({}), false],
  ])('scope %s', (_n, spec, p, want) => {
    expect(podInScope(spec, p)).toBe(want);
  });
});
