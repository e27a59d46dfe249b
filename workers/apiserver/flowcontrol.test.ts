import { describe, expect, it } from 'vitest';
import { classifyRequest } from './flowcontrol';
import { parseRequestInfo } from './requestinfo';

const user = (username: string, ...groups: string[]) => ({ username, groups: [...groups, 'system:authenticated'] });

describe('classifyRequest (upstream bootstrap FlowSchemas)', () => {
  it.each([
    [user('kubernetes-admin', 'system:masters'), 'GET', '/api/v1/pods', 'exempt', 'exempt'],
    [user('system:kube-scheduler'), 'PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler', 'system-leader-election', 'leader-election'],
    [user('system:kube-scheduler'), 'POST', '/api/v1/namespaces/default/pods/web/binding', 'kube-scheduler', 'workload-high'],
    [user('system:node:worker-1', 'system:nodes'), 'PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-1', 'system-node-high', 'node-high'],
    [user('system:node:worker-1', 'system:nodes'), 'PATCH', '/api/v1/namespaces/default/pods/web/status', 'system-nodes', 'system'],
    [user('system:serviceaccount:kube-system:replicaset-controller', 'system:serviceaccounts'), 'POST', '/api/v1/namespaces/default/pods', 'kube-system-service-accounts', 'workload-high'],
    [user('system:serviceaccount:dev:viewer', 'system:serviceaccounts'), 'GET', '/api/v1/namespaces/dev/pods', 'service-accounts', 'workload-low'],
    [user('jane'), 'GET', '/api/v1/namespaces/dev/pods', 'global-default', 'global-default'],
    [{ username: 'system:anonymous', groups: ['system:unauthenticated'] as string[] }, 'GET', '/healthz', 'probes', 'exempt'],
  ] as const)('%s %s %s', (u, method, path, flowSchema, priorityLevel) => {
    expect(classifyRequest({ username: u.username, groups: [...u.groups] }, parseRequestInfo(method, path, {}))).toEqual({ flowSchema, priorityLevel, detail: `${flowSchema} / ${priorityLevel}` });
  });
});
