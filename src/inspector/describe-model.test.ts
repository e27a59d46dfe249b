import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { describeSummary } from './describe-model';

const deploy: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1' } };
const rs: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-abc', namespace: 'default', uid: 'r1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
};
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-abc-x', namespace: 'default', uid: 'p1', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'r1', controller: true }] },
  spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [side]' }],
    containerStatuses: [
      { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } },
      { name: 'side', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } },
    ],
  },
};
const byUid = new Map([deploy, rs, pod].map((o) => [o.metadata.uid!, o]));

describe('describeSummary', () => {
  it('follows the controller owners up to the Deployment', () => {
    expect(describeSummary(pod, (u) => byUid.get(u)).owners).toEqual([
      { kind: 'ReplicaSet', name: 'web-abc', uid: 'r1', present: true },
      { kind: 'Deployment', name: 'web', uid: 'd1', present: true },
    ]);
  });

  it('marks an owner that is gone', () => {
    expect(describeSummary(rs, () => undefined).owners).toEqual([{ kind: 'Deployment', name: 'web', uid: 'd1', present: false }]);
  });

  it('lists conditions and container states with their reasons', () => {
    const s = describeSummary(pod, (u) => byUid.get(u));
    expect(s.conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [side]' }]);
    expect(s.containers).toEqual([
      { name: 'app', init: false, image: 'nginx:1.27', state: 'Running', reason: '', message: '', ready: true, restarts: 0, lastState: '' },
      { name: 'side', init: false, image: 'busybox', state: 'Waiting', reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container', ready: false, restarts: 2, lastState: 'Terminated: Error (exit code 1)' },
    ]);
    expect(s.facts).toContainEqual(['Node', 'worker-1']);
    expect(s.facts).toContainEqual(['Labels', 'app=web']);
  });
});
