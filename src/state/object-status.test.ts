import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { nodeStatus, objectStatus, podStatus, statusText } from './object-status';

const pod = (status: object, meta: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...meta }, status });

describe('object status', () => {
  it('shows a pod as kubectl get pods does', () => {
    expect(podStatus(pod({ phase: 'Pending' }))).toBe('Pending');
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ state: { running: {} } }] }))).toBe('Running');
    expect(podStatus(pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] }))).toBe('ContainerCreating');
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] }))).toBe('CrashLoopBackOff');
    expect(podStatus(pod({ phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] }))).toBe('OOMKilled');
    expect(podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }, { state: {} }] }))).toBe('Init:0/2');
    expect(podStatus(pod({ phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:00:00Z' }))).toBe('Terminating');
  });

  it('shows a node Ready, NotReady or Unknown, and cordoned', () => {
    const node = (s: string, unschedulable?: boolean): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { unschedulable }, status: { conditions: [{ type: 'Ready', status: s }] } });
    expect(nodeStatus(node('True'))).toBe('Ready');
    expect(nodeStatus(node('False'))).toBe('NotReady');
    expect(nodeStatus(node('Unknown', true))).toBe('Unknown,SchedulingDisabled');
  });

  it('shows ready/desired for workloads and nothing for a ConfigMap', () => {
    expect(objectStatus({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3 }, status: { readyReplicas: 2 } })).toBe('2/3 ready');
    expect(objectStatus({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toBe('');
  });

  it("words a workload's ready count in the language shown, and leaves kubectl's words as they are", () => {
    expect(statusText('2/3 ready', 'en')).toBe('2/3 ready');
    expect(statusText('2/3 ready', 'zh-CN')).toBe('2/3 就绪');
    expect(statusText('CrashLoopBackOff', 'zh-CN')).toBe('CrashLoopBackOff');
    expect(statusText('Ready,SchedulingDisabled', 'zh-CN')).toBe('Ready,SchedulingDisabled');
    expect(statusText('', 'zh-CN')).toBe('');
  });
});
