import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../apiserver/trace';
import { parseRequestInfo } from '../apiserver/requestinfo';
import { componentOf, explainRequest, explainWatch } from './explain';
import { EXPLAIN_TEMPLATES, explanationText } from './explain-text';

/** A trace record as the apiserver writes it: the path's parts as its RequestInfo reads them. */
function rec(over: Partial<TraceRecord>): TraceRecord {
  const r: TraceRecord = { requestId: 'x', timeMs: 0, user: 'kubernetes-admin', verb: 'create', path: '/', stages: [], code: 201, ...over };
  const ri = parseRequestInfo('GET', r.path, {});
  return ri.isResourceRequest ? { ...r, resource: ri.resource, subresource: ri.subresource, namespace: ri.namespace, name: ri.name } : r;
}

describe('componentOf', () => {
  it.each([
    ['system:kube-scheduler', { component: 'kube-scheduler' }],
    ['system:node:worker-1', { component: 'kubelet', detail: 'worker-1' }],
    ['system:serviceaccount:kube-system:replicaset-controller', { component: 'kube-controller-manager', detail: 'replicaset-controller' }],
    ['system:serviceaccount:kube-system:kube-proxy', { component: 'kube-proxy' }],
    ['system:serviceaccount:kube-system:pod-garbage-collector', { component: 'kube-controller-manager', detail: 'pod-garbage-collector' }],
    ['system:serviceaccount:kube-system:coredns', { component: 'user', detail: 'system:serviceaccount:kube-system:coredns' }],
    ['kubernetes-admin', { component: 'kubectl', detail: 'kubernetes-admin' }],
    ['system:serviceaccount:dev:viewer', { component: 'user', detail: 'system:serviceaccount:dev:viewer' }],
  ])('%s', (user, want) => expect(componentOf(user)).toEqual(want));
});

describe('explanations', () => {
  it('say who bound a pod where, in both languages', () => {
    const e = explainRequest(rec({ user: 'system:kube-scheduler', path: '/api/v1/namespaces/default/pods/web-7d4b9-x2x9k/binding', boundTo: 'worker-1' }));
    expect(explanationText(e, 'en')).toBe('kube-scheduler binds pod web-7d4b9-x2x9k to worker-1: POST /api/v1/namespaces/default/pods/web-7d4b9-x2x9k/binding');
    expect(explanationText(e, 'zh-CN')).toBe('kube-scheduler 把 Pod web-7d4b9-x2x9k 绑定到 worker-1：POST /api/v1/namespaces/default/pods/web-7d4b9-x2x9k/binding');
  });

  it('name the controller and the stage where a request stopped', () => {
    const created = explainRequest(
      rec({ user: 'system:serviceaccount:kube-system:replicaset-controller', path: '/api/v1/namespaces/default/pods', stages: [{ stage: 'storage', outcome: 'ok', detail: 'created /registry/pods/default/web-7d4b9-x2x9k' }] }),
    );
    expect(explanationText(created, 'en')).toBe('kube-controller-manager (replicaset-controller) creates pod web-7d4b9-x2x9k: POST /api/v1/namespaces/default/pods');
    const denied = explainRequest(
      rec({ user: 'kubernetes-admin', impersonatedUser: 'system:serviceaccount:dev:viewer', code: 403, stages: [{ stage: 'authorization', outcome: 'denied', detail: 'no RBAC policy matched' }] }),
    );
    expect(explanationText(denied, 'en')).toBe('system:serviceaccount:dev:viewer is refused at authorization (403 Forbidden): no RBAC policy matched');
    const heartbeat = explainRequest(rec({ user: 'system:node:worker-2', verb: 'update', code: 200, path: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-2' }));
    expect(explanationText(heartbeat, 'en')).toBe('the kubelet on worker-2 renews its node Lease (a heartbeat): PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-2');
  });

  it('word requests outside the resource tree by their path', () => {
    const e = explainRequest(rec({ verb: 'get', code: 200, path: '/openapi/v3/apis/apps/v1' }));
    expect(explanationText(e, 'en')).toBe('kubectl (kubernetes-admin): GET /openapi/v3/apis/apps/v1');
    expect(explanationText(explainRequest(rec({ verb: 'get', code: 200, path: '/apis/apps' })), 'en')).toBe('kubectl (kubernetes-admin): GET /apis/apps');
  });

  it('tell which watcher heard of what', () => {
    const e = explainWatch({ timeMs: 0, user: 'system:node:worker-1', resource: 'pods', type: 'MODIFIED', namespace: 'default', name: 'web-1', resourceVersion: '42' });
    expect(explanationText(e, 'en')).toBe('kube-apiserver tells the kubelet on worker-1: pod web-1 changed (resourceVersion 42)');
  });

  it('exist in both languages with the same keys and placeholders', () => {
    const en = EXPLAIN_TEMPLATES.en;
    const zh = EXPLAIN_TEMPLATES['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(en)) expect(holes(zh[k]), k).toEqual(holes(en[k]));
  });
});
