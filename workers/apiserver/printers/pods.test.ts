import { beforeAll, describe, expect, it } from 'vitest';
import { loadDescriptions } from '../../api/schema/schema';
import type { KubeObject } from '../../api/types';
import { resourceFor } from '../../api/registry';
import { printTable } from './index';

// Tables and OpenAPI documents carry the field descriptions, which load lazily (the apiserver's handle awaits them).
beforeAll(() => loadDescriptions());

const NOW = Date.UTC(2026, 0, 1, 1, 0, 0);
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
const podsInfo = resourceFor('', 'v1', 'pods')!;

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: ago(300), ...meta },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...spec },
    status,
  };
}

const running = { running: { startedAt: ago(290) } };
const ready = (name = 'web', extra: Record<string, unknown> = {}) => ({ name, ready: true, restartCount: 0, state: running, ...extra });
const scheduled = { nodeName: 'worker-1' };
const ips = { podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] };

function cells(p: KubeObject) {
  return printTable(podsInfo, [p], { nowMs: NOW, wide: true }, {}).rows[0].cells;
}

describe('pod table', () => {
  it.each([
    ['running', pod(scheduled, { phase: 'Running', ...ips, conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [ready()] }),
      ['web-1', '1/1', 'Running', '0', '5m', '10.244.1.5', 'worker-1', '<none>', '<none>']],
    ['pending, unscheduled', pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }),
      ['web-1', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    ['creating its container', pod(scheduled, { phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }),
      ['web-1', '0/1', 'ContainerCreating', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['crash looping, last restart 30s ago', pod(scheduled, {
      phase: 'Running', ...ips,
      containerStatuses: [{
        name: 'web', ready: false, restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(35), finishedAt: ago(30) } },
      }],
    }), ['web-1', '0/1', 'CrashLoopBackOff', '4 (30s ago)', '5m', '10.244.1.5', 'worker-1', '<none>', '<none>']],
    ['image pull back-off', pod(scheduled, { phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] }),
      ['web-1', '0/1', 'ImagePullBackOff', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['OOMKilled', pod(scheduled, { phase: 'Running', containerStatuses: [{ name: 'web', ready: false, restartCount: 1, state: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(5) } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(200) } } }] }),
      ['web-1', '0/1', 'OOMKilled', '1 (3m20s ago)', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['terminated without a reason: exit code', pod(scheduled, { phase: 'Failed', containerStatuses: [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: 2 } } }] }),
      ['web-1', '0/1', 'ExitCode:2', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['terminated by a signal', pod(scheduled, { phase: 'Failed', containerStatuses: [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: 0, signal: 9 } } }] }),
      ['web-1', '0/1', 'Signal:9', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['completed', pod(scheduled, { phase: 'Succeeded', containerStatuses: [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }),
      ['web-1', '0/1', 'Completed', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['failed with Error', pod(scheduled, { phase: 'Failed', containerStatuses: [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }),
      ['web-1', '0/1', 'Error', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['evicted (status.reason)', pod(scheduled, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
      ['web-1', '0/1', 'Evicted', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['terminating', pod(scheduled, { phase: 'Running', ...ips, containerStatuses: [ready()] }, { deletionTimestamp: ago(10), deletionGracePeriodSeconds: 30 }),
      ['web-1', '1/1', 'Terminating', '0', '5m', '10.244.1.5', 'worker-1', '<none>', '<none>']],
    ['terminating on a lost node', pod(scheduled, { phase: 'Running', reason: 'NodeLost', containerStatuses: [ready()] }, { deletionTimestamp: ago(10) }),
      ['web-1', '1/1', 'Unknown', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['node lost, not yet deleted', pod(scheduled, { phase: 'Running', reason: 'NodeLost' }),
      ['web-1', '0/1', 'NodeLost', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['a finished pod being deleted keeps its status', pod(scheduled, { phase: 'Succeeded', containerStatuses: [{ name: 'web', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { deletionTimestamp: ago(1) }),
      ['web-1', '0/1', 'Completed', '0', '5m', '<none>', 'worker-1', '<none>', '<none>']],
    ['scheduling gated', pod({ schedulingGates: [{ name: 'example.com/gate' }] }, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
      ['web-1', '0/1', 'SchedulingGated', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    ['nominated for preemption', pod({}, { phase: 'Pending', nominatedNodeName: 'worker-2' }),
      ['web-1', '0/1', 'Pending', '0', '5m', '<none>', '<none>', 'worker-2', '<none>']],
    ['one readiness gate of two true', pod({ ...scheduled, readinessGates: [{ conditionType: 'a.example.com/ok' }, { conditionType: 'b.example.com/ok' }] }, {
      phase: 'Running', conditions: [{ type: 'a.example.com/ok', status: 'True' }, { type: 'b.example.com/ok', status: 'False' }], containerStatuses: [ready()],
    }), ['web-1', '1/1', 'Running', '0', '5m', '<none>', 'worker-1', '<none>', '1/2']],
  ])('%s', (_name, p, want) => {
    expect(cells(p)).toEqual(want);
  });

  const inits = { ...scheduled, initContainers: [{ name: 'migrate', image: 'busybox' }, { name: 'seed', image: 'busybox' }] };
  it.each([
    ['first init container running', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: running }, { name: 'seed', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }, 'Init:0/2', '0'],
    ['second init container running', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { name: 'seed', restartCount: 0, state: running }] }, 'Init:1/2', '0'],
    ['init container failed', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', restartCount: 2, state: { terminated: { exitCode: 1, reason: 'Error' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(60) } } }] }, 'Init:Error', '2 (60s ago)'],
    ['init container crash looping', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, 'Init:CrashLoopBackOff', '3'],
    ['init container exit code without reason', { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 3 } } }] }, 'Init:ExitCode:3', '0'],
    ['initialized, app container starting', {
      phase: 'Pending', conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [{ name: 'migrate', restartCount: 1, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { name: 'seed', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
    }, 'PodInitializing', '0'],
  ])('%s', (_name, status, reason, restarts) => {
    const c = cells(pod(inits, status));
    expect(c.slice(1, 4)).toEqual(['0/1', reason, restarts]);
  });

  it('counts a started sidecar (restartable init container) toward READY and its restarts', () => {
    const p = pod({ ...scheduled, initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] }, {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(120) } } }],
      containerStatuses: [ready()],
    });
    expect(cells(p).slice(1, 4)).toEqual(['2/2', 'Running', '1 (2m ago)']);
  });

  it('keeps a pod Running while one container completed and another runs', () => {
    const statuses = [{ name: 'job', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, ready()];
    const spec = { ...scheduled, containers: [{ name: 'job', image: 'busybox' }, { name: 'web', image: 'nginx' }] };
    expect(cells(pod(spec, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses })).slice(1, 3)).toEqual(['1/2', 'Running']);
    expect(cells(pod(spec, { phase: 'Running', containerStatuses: statuses })).slice(1, 3)).toEqual(['1/2', 'NotReady']);
  });

  it('marks finished pods with the Completed row condition', () => {
    const done = printTable(podsInfo, [pod({}, { phase: 'Succeeded' }), pod({}, { phase: 'Failed' }), pod({}, { phase: 'Running' })], { nowMs: NOW, wide: true }, {});
    expect(done.rows.map((r) => r.conditions)).toEqual([
      [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }],
      [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
      undefined,
    ]);
  });

  it('declares upstream columns, wide ones at priority 1, and omits wide cells when not wide', () => {
    const t = printTable(podsInfo, [pod({}, { phase: 'Pending' })], { nowMs: NOW }, {});
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0], ['Ready', 'string', 0], ['Status', 'string', 0], ['Restarts', 'string', 0], ['Age', 'string', 0],
      ['IP', 'string', 1], ['Node', 'string', 1], ['Nominated Node', 'string', 1], ['Readiness Gates', 'string', 1],
    ]);
    expect(t.columnDefinitions[0].format).toBe('name');
    expect(t.columnDefinitions[5].description).toMatch(/^podIP address allocated to the pod/i);
    expect(t.rows[0].cells).toEqual(['web-1', '0/1', 'Pending', '0', '5m']);
  });
});
