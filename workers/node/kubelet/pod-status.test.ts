import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { containerPlan } from '../runtime/behaviour';
import type { RuntimeContainer } from '../runtime/container-runtime';
import { resolvePull } from '../runtime/images';
import type { ContainerView } from './container-status';
import { generatePodStatus, type StatusInput } from './pod-status';

const T0 = Date.UTC(2026, 0, 1);
const nginx = (() => {
  const r = resolvePull('nginx:1.27');
  if (!r.ok) throw new Error('catalogue');
  return r.image;
})();

function rc(name: string, state: RuntimeContainer['state'], extra: Partial<RuntimeContainer> = {}): RuntimeContainer {
  return { id: `${name}${'0'.repeat(60)}`.slice(0, 64), podUid: 'u', name, attempt: 0, image: nginx, plan: containerPlan(nginx, { name }), state, createdAtMs: T0, startedAtMs: state === 'created' ? undefined : T0 + 1000, timers: [], appendedLogs: [], ...extra };
}

function view(name: string, latest?: RuntimeContainer, extra: Partial<ContainerView> = {}): ContainerView {
  return { spec: { name, image: 'nginx:1.27' }, latest, ready: latest?.state === 'running', started: latest?.state === 'running', ...extra };
}

function input(containers: ContainerView[], restartPolicy = 'Always', extra: Partial<StatusInput> = {}): StatusInput {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: containers.map((c) => c.spec), restartPolicy } };
  return { pod, nowMs: T0 + 5000, hostIP: '172.18.0.2', podIP: '10.244.1.2', sandboxReady: true, startTimeMs: T0, initContainers: [], containers, ...extra };
}

const exited = (code: number) => rc('c', 'exited', { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', finishedAtMs: T0 + 2000 });
const crashLoop = { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=c pod=p_default(u)' };

describe('generatePodStatus phase', () => {
  it.each([
    ['nothing created yet', [view('c')], 'Always', 'Pending'],
    ['running', [view('c', rc('c', 'running'))], 'Always', 'Running'],
    ['one running, one waiting', [view('c', rc('c', 'running')), view('d')], 'Always', 'Pending'],
    ['exited 0, Never', [view('c', exited(0))], 'Never', 'Succeeded'],
    ['exited 1, Never', [view('c', exited(1))], 'Never', 'Failed'],
    ['exited 1, OnFailure, in back-off', [view('c', exited(1), { waiting: crashLoop })], 'OnFailure', 'Running'],
    ['exited 0, OnFailure', [view('c', exited(0))], 'OnFailure', 'Succeeded'],
    ['crash loop, Always', [view('c', exited(1), { waiting: crashLoop })], 'Always', 'Running'],
  ] as const)('%s: %s', (_n, views, policy, phase) => {
    expect(generatePodStatus(input([...views], policy)).phase).toBe(phase);
  });
});

describe('generatePodStatus conditions and container statuses', () => {
  it('reports unready containers by name and keeps transition times while unchanged', () => {
    const first = generatePodStatus(input([view('c', rc('c', 'running'), { ready: false })]));
    expect(first.conditions.find((c) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' });
    const again = input([view('c', rc('c', 'running'))], 'Always', { nowMs: T0 + 9000 });
    again.pod.status = first;
    const second = generatePodStatus(again);
    expect(second.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:09Z' });
    expect(second.conditions.find((c) => c.type === 'Initialized')?.lastTransitionTime).toBe('2026-01-01T00:00:05Z');
  });

  it('shows a crash-looping container waiting with the exit as lastState', () => {
    const st = generatePodStatus(input([view('c', exited(1), { waiting: crashLoop })]));
    const cs = st.containerStatuses[0];
    expect(cs.state).toEqual({ waiting: crashLoop });
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:02Z' });
    expect(cs).toMatchObject({ ready: false, started: false, restartCount: 0 });
  });

  it('a pod without a sandbox is not ready to start containers and has no IP', () => {
    const st = generatePodStatus(input([view('c')], 'Always', { sandboxReady: false, podIP: undefined }));
    expect(st.conditions[0]).toMatchObject({ type: 'PodReadyToStartContainers', status: 'False' });
    expect(st.podIP).toBeUndefined();
    expect(st.containerStatuses[0]).toEqual({ image: 'nginx:1.27', imageID: '', lastState: {}, name: 'c', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } });
  });
});
