import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { deploymentRevisions } from './revisions-model';

const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': '3' } } } as KubeObject;

function rs(name: string, revision: string | undefined, image: string, extra: { owner?: string; namespace?: string; replicas?: number; ready?: number; cause?: string } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      uid: `u-${name}`,
      namespace: extra.namespace ?? 'default',
      annotations: { ...(revision !== undefined && { 'deployment.kubernetes.io/revision': revision }), ...(extra.cause && { 'kubernetes.io/change-cause': extra.cause }) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: extra.owner ?? 'd1', controller: true }],
    },
    spec: { replicas: extra.replicas ?? 0, template: { spec: { containers: [{ name: 'nginx', image }] } } },
    status: { readyReplicas: extra.ready },
  } as KubeObject;
}

describe('deploymentRevisions', () => {
  it('lists the ReplicaSets the Deployment controls, newest revision first, the current one marked', () => {
    const rows = deploymentRevisions(deploy, [
      rs('web-a', '1', 'nginx:1.26'),
      rs('web-c', '3', 'nginx:1.28', { replicas: 2, ready: 2, cause: 'kubectl set image' }),
      rs('web-b', '2', 'nginx:1.27'),
      rs('other', '9', 'x', { owner: 'd2' }),
      rs('web-x', '4', 'x', { namespace: 'shop' }),
      rs('web-n', undefined, 'x'),
      rs('web-bad', 'two', 'x'),
      deploy,
    ]);
    expect(rows).toEqual([
      { revision: 3, uid: 'u-web-c', name: 'web-c', images: ['nginx=nginx:1.28'], replicas: 2, readyReplicas: 2, current: true, changeCause: 'kubectl set image' },
      { revision: 2, uid: 'u-web-b', name: 'web-b', images: ['nginx=nginx:1.27'], replicas: 0, readyReplicas: 0, current: false },
      { revision: 1, uid: 'u-web-a', name: 'web-a', images: ['nginx=nginx:1.26'], replicas: 0, readyReplicas: 0, current: false },
    ]);
  });
});
