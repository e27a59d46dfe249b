import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import type { ApiRequest, ApiResult } from '../apiserver/types';
import { evaluateCheck, podReason } from './checks';

function pod(status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...meta }, spec: {}, status };
}

describe('podReason (the STATUS column of kubectl get pods)', () => {
  it.each([
    ['waiting container', pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), 'CrashLoopBackOff'],
    ['terminated container', pod({ phase: 'Running', containerStatuses: [{ state: { terminated: { reason: 'Error' } } }] }), 'Error'],
    ['unschedulable', pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }), 'Unschedulable'],
    ['evicted', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted'],
    ['terminating', pod({ phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:00:00Z' }), 'Terminating'],
    ['init container waiting', { ...pod({ phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }] }), spec: { initContainers: [{ name: 'i' }] } }, 'Init:0/1'],
    ['running', pod({ phase: 'Running', containerStatuses: [{ state: { running: {} } }] }), 'Running'],
    ['pending, not yet tried', pod({ phase: 'Pending' }), 'Pending'],
  ])('%s', (_, p, want) => expect(podReason(p)).toBe(want));
});

function cluster(objects: Record<string, unknown>): { request(req: ApiRequest): Promise<ApiResult> } {
  return {
    async request(req) {
      const body = objects[req.path + (req.query?.labelSelector ? `?${req.query.labelSelector}` : '')];
      return body === undefined ? { kind: 'response', status: 404, headers: {}, body: { kind: 'Status' } } : { kind: 'response', status: 200, headers: {}, body };
    },
  };
}

describe('evaluateCheck', () => {
  const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ image: 'nginx:1.28' }] } } }, status: { readyReplicas: 3 } };
  const ctx = cluster({
    '/apis/apps/v1/namespaces/default/deployments/web': deploy,
    '/api/v1/nodes/w1': { spec: { taints: [{ key: 'node.kubernetes.io/unreachable' }] }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
    '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?kubernetes.io/service-name=web': { items: [{ endpoints: [{ conditions: { ready: true } }, { conditions: { ready: false } }, {}] }] },
  });

  it.each([
    [{ type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', field: 'status.readyReplicas', equals: 3 }, true],
    [{ type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', field: 'spec.template.spec.containers[0].image', contains: '1.27' }, false],
    [{ type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone', exists: false }, true],
    [{ type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone' }, false],
    [{ type: 'node', name: 'w1', ready: false, taint: 'node.kubernetes.io/unreachable' }, true],
    [{ type: 'node', name: 'w1', ready: true }, false],
    // An endpoint without conditions counts as ready, as EndpointSlice consumers read it.
    [{ type: 'endpoints', service: 'web', ready: 2 }, true],
    [{ type: 'all', checks: [{ type: 'node', name: 'w1', ready: false }, { type: 'endpoints', service: 'web', ready: 3 }] }, false],
  ] as const)('%j -> %s', async (check, passed) => {
    expect((await evaluateCheck(ctx, check as never)).passed).toBe(passed);
  });
});
