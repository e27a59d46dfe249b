import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { BACKOFF_INITIAL_MS, Backoff } from './backoff';
import { Kubelet } from './kubelet';
import { Client } from '../../client/client';
import { statusFailure } from '../../api/errors';
import type { ApiHandler } from '../../apiserver/types';
import { makePod, setupKubelet } from './kubelet-testkit';
import type { PodStatus } from './pod-types';
import { restorePod } from './pod-restore';
import { ContainerRuntime } from '../runtime/container-runtime';
import { Kernel } from '../../sim/kernel';
import { SeededRng } from '../../sim/rng';

/** Runs kubelet A with pods, "reloads" (A stops, a kubelet B for the same machine resumes). */
async function reloaded() {
  const t = await setupKubelet();
  await t.pods.create(makePod('web', { image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } }));
  await t.pods.create(makePod('crash', { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 2; exit 1'] }));
  await t.pods.create(makePod('done', { image: 'busybox:1.36', command: ['echo', 'hi'] }, { restartPolicy: 'Never' }));
  await t.pods.create(makePod('host', { image: 'nginx:1.27' }, { hostNetwork: true }));
  for (let i = 0; i < 200; i++) {
    await t.advance(500);
    const c = await t.container('crash');
    if (c.restartCount >= 2 && c.state.waiting?.reason === 'CrashLoopBackOff') break;
  }
  t.kubelet.stop();
  const before = new Map<string, PodStatus>();
  for (const p of (await t.pods.list()).items) before.set(p.metadata.name!, p.status as PodStatus);
  // The same machine with its memory gone, on a generator of its own (the shard forks it by revision).
  const b = new Kubelet({ ...t.ctx, rng: t.ctx.rng.fork('resumed') }, { ...t.kubelet.config, resumedAtRevision: 1 });
  t.clearActions();
  t.recorder.events.length = 0;
  b.start();
  return { ...t, b, before };
}

describe('a resumed kubelet', () => {
  it('takes its pods back from the apiserver: same containers, addresses and statuses, nothing written', async () => {
    const t = await reloaded();
    await t.advance(3_000);
    for (const [name, status] of t.before) expect(await t.status(name), name).toEqual(status);
    expect(t.actions.filter((a) => !a.includes('/leases/'))).toEqual([]);
    expect(t.recorder.events).toEqual([]);
    const web = t.before.get('web')!;
    const running = t.b.runtime.container(t.b.runtimeKey((await t.pods.get('web')).metadata.uid!), 'web')!;
    expect(`containerd://${running.id}`).toBe(web.containerStatuses[0].containerID);
    expect(running.state).toBe('running');
    // web, crash and done hold pod addresses again; the host-network pod uses the node's.
    expect(t.b.runtime.ipam!.inUse).toBe(3);
    expect(t.before.get('host')!.podIP).toBe('172.18.0.3');
    expect(t.b.runtime.imageStatus('busybox:1.36')).toBeDefined();
  });

  it('keeps the crash loop going from its restart count and back-off, and gives new pods fresh addresses', async () => {
    const t = await reloaded();
    const crash0 = t.before.get('crash')!.containerStatuses[0];
    const backoff = (m?: string) => /back-off (\S+) restarting/.exec(m ?? '')?.[1];
    for (let i = 0; i < 300 && (await t.container('crash')).restartCount === crash0.restartCount; i++) await t.advance(500);
    const crash1 = await t.container('crash');
    expect(crash1.restartCount).toBe(crash0.restartCount + 1);
    expect(crash1.lastState.terminated!.containerID).toBe(crash0.lastState.terminated!.containerID);
    expect(t.recorder.events.filter((e) => / (Created|Started) /.test(e))).toEqual(['Normal Created Created container: crash', 'Normal Started Started container crash']);
    for (let i = 0; i < 40 && (await t.container('crash')).state.waiting?.reason !== 'CrashLoopBackOff'; i++) await t.advance(500);
    expect(backoff((await t.container('crash')).state.waiting?.message)).toBe(crash0.restartCount === 2 ? '40s' : '1m20s');

    await t.pods.create(makePod('late', { image: 'nginx:1.27' }));
    await t.advance(2_000);
    const held = [...t.before.values()].map((s) => s.podIP);
    const late = (await t.status('late')).podIP!;
    expect(late).toMatch(/^10\.244\.1\.\d+$/);
    expect(held).not.toContain(late);
  });
});

describe('a resumed kubelet whose apiserver does not answer at first', () => {
  it('asks for its Node again and then takes its pods back (it never boots anew)', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('web', { image: 'nginx:1.27' }));
    await t.advance(5_000);
    const before = await t.status('web');
    t.kubelet.stop();
    let refused = 0;
    const flaky: ApiHandler = {
      handle: (req) => {
        if (req.method === 'GET' && req.path === '/api/v1/nodes/kind-worker' && refused++ === 0) {
          return Promise.resolve({ kind: 'response', status: 504, headers: {}, body: statusFailure(504, 'Timeout', 'i/o timeout') });
        }
        return t.ctx.client.transport.handle(req);
      },
    };
    const b = new Kubelet({ ...t.ctx, client: new Client(flaky, t.ctx.client.user), rng: t.ctx.rng.fork('resumed') }, { ...t.kubelet.config, resumedAtRevision: 1 });
    t.recorder.events.length = 0;
    b.start();
    await t.advance(3_000);
    expect(refused).toBe(2);
    expect(b.isRunning).toBe(true);
    expect(await t.status('web')).toEqual(before);
    expect(t.recorder.events).toEqual([]);
  });
});

describe('a resumed kubelet with a pod being deleted', () => {
  it('lets its containers have what is left of the grace period, without a second Killing', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('sleeper', { image: 'busybox:1.36', command: ['sleep', '3600'] }, { terminationGracePeriodSeconds: 30 }));
    await t.advance(3_000);
    await t.pods.delete('sleeper');
    const deletedAtMs = t.kernel.now();
    await t.advance(10_000);
    expect(t.recorder.events.filter((e) => e.includes('Killing'))).toEqual(['Normal Killing Stopping container sleeper']);
    t.kubelet.stop();
    const b = new Kubelet({ ...t.ctx, rng: t.ctx.rng.fork('resumed') }, { ...t.kubelet.config, resumedAtRevision: 1 });
    t.recorder.events.length = 0;
    b.start();
    // sleep ignores SIGTERM: SIGKILL when the 30 s run out, counted from the deletion, not the reload.
    let goneAtMs = 0;
    for (let i = 0; i < 400 && !goneAtMs; i++) {
      await t.advance(100);
      if (!(await t.pods.list()).items.length) goneAtMs = t.kernel.now();
    }
    expect(goneAtMs - deletedAtMs).toBeGreaterThanOrEqual(29_000);
    expect(goneAtMs - deletedAtMs).toBeLessThan(32_000);
    expect(t.recorder.events).toEqual([]);
  });
});

describe('a resumed kubelet with pulls', () => {
  it('starts an interrupted pull again; an image pull back-off waits for its pending retry', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('typo', { image: 'ngnix' }));
    await t.advance(3_000);
    await t.pods.create(makePod('slow', { image: 'python:3.12', command: ['sleep', 'infinity'] }));
    await t.advance(1_000);
    expect((await t.container('typo')).state.waiting?.reason).toBe('ImagePullBackOff');
    const slowIP = (await t.status('slow')).podIP;
    expect((await t.container('slow')).state.waiting?.reason).toBe('ContainerCreating');
    t.kubelet.stop();
    const b = new Kubelet({ ...t.ctx, rng: t.ctx.rng.fork('resumed') }, { ...t.kubelet.config, resumedAtRevision: 1 });
    t.recorder.events.length = 0;
    b.start();
    await t.advance(500);
    // The pull the machine was doing is lost with it: the kubelet asks for it again.
    expect(t.recorder.events).toEqual(['Normal Pulling Pulling image "python:3.12"']);
    await t.advance(20_000);
    expect((await t.container('slow')).state.running).toBeDefined();
    expect((await t.status('slow')).podIP).toBe(slowIP);
    expect(t.recorder.events.filter((e) => e.includes('ngnix'))[0]).toBe('Normal Pulling Pulling image "ngnix"');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain((await t.container('typo')).state.waiting?.reason);
  });
});

/** A pod's status as the kubelet writes it, reduced to what restorePod reads. */
function podWith(status: Partial<PodStatus>, spec: Record<string, unknown> = {}): KubeObject {
  return { ...makePod('app', { image: 'busybox:1.36', command: ['sleep', '3600'] }, spec), metadata: { name: 'app', namespace: 'default', uid: 'u1' }, status };
}

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.000Z$/, 'Z');
const ID = (n: number) => `containerd://${String(n).repeat(64)}`;

function restoreOne(status: Partial<PodStatus>, nowS: number) {
  const kernel = new Kernel({ epochMs: T0 + nowS * 1000 });
  const runtime = new ContainerRuntime({ clock: kernel, timers: kernel, rng: new SeededRng(1), podCIDR: '10.244.1.0/24', onChange: () => undefined });
  const crashBackoff = new Backoff(kernel);
  const r = restorePod(podWith(status), { runtime, crashBackoff });
  return { r, runtime, crashBackoff, key: 'app_default_u1_app' };
}

describe('restorePod', () => {
  const base = { phase: 'Running' as const, conditions: [], podIP: '10.244.1.4', startTime: at(0) };
  const image = 'docker.io/library/busybox:1.36';
  const running = (restartCount: number, last?: { from: number; to: number }) => ({
    name: 'app', image, imageID: '', ready: true, started: true, restartCount, containerID: ID(restartCount + 1),
    state: { running: { startedAt: at(100) } },
    lastState: last ? { terminated: { exitCode: 1, reason: 'Error', startedAt: at(last.from), finishedAt: at(last.to), containerID: ID(restartCount) } } : {},
  });

  it.each([
    ['a first run has no back-off', running(0), 0],
    ['three restarts: 10 s doubled twice', running(3, { from: 50, to: 60 }), 40_000],
    ['nine restarts: capped at 5 min', running(9, { from: 50, to: 60 }), 300_000],
    ['the instance before ran over 10 min: started over', running(9, { from: 0, to: 700 }), BACKOFF_INITIAL_MS],
  ])('%s', (_what, container, want) => {
    const { r, runtime, crashBackoff, key } = restoreOne({ ...base, containerStatuses: [container] }, 120);
    expect(r!.firstSync).toBe('now');
    expect(crashBackoff.get(key)).toBe(want);
    const latest = runtime.container('u1', 'app')!;
    expect(latest).toMatchObject({ id: ID(container.restartCount + 1).slice(13), attempt: container.restartCount, state: 'running', startedAtMs: T0 + 100_000 });
    if (container.restartCount) expect(runtime.container('u1', 'app', true)).toMatchObject({ state: 'exited', exitCode: 1, attempt: container.restartCount - 1 });
    expect(runtime.sandbox('u1')?.ip).toBe('10.244.1.4');
    expect(r!.running).toHaveLength(1);
  });

  it('a container waiting in CrashLoopBackOff: the dead instance is the latest, the delay its message shows', () => {
    const status = {
      ...base,
      containerStatuses: [{
        name: 'app', image, imageID: '', ready: false, started: false, restartCount: 4, containerID: ID(4),
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app pod=app_default(u1)' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(100), finishedAt: at(102), containerID: ID(4) } },
      }],
    };
    const { r, runtime, crashBackoff, key } = restoreOne(status, 110);
    expect(r!.firstSync).toBe('retry');
    expect(r!.waiting).toEqual([['app', status.containerStatuses[0].state.waiting]]);
    expect(runtime.container('u1', 'app')).toMatchObject({ state: 'exited', attempt: 4, finishedAtMs: T0 + 102_000 });
    expect(crashBackoff.get(key)).toBe(80_000);
    expect(crashBackoff.isInBackOffSince(key, T0 + 102_000)).toBe(true);
  });

  it('a pod that never got a sandbox, or whose address is not the node\'s, starts as new', () => {
    expect(restoreOne({ phase: 'Pending', conditions: [], containerStatuses: [] }, 1).r).toBeUndefined();
    expect(restoreOne({ ...base, podIP: '10.244.9.4', containerStatuses: [running(0)] }, 1).r).toBeUndefined();
  });
});
