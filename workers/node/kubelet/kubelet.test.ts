import { describe, expect, it } from 'vitest';
import { LEASES, makePod, NODES, setupKubelet } from './kubelet-testkit';

const pod = makePod;
const setup = () => setupKubelet();

describe('Kubelet node registration', () => {
  it('registers its Node with capacity, labels, nodeInfo and renews its Lease every 10 s', async () => {
    const t = await setup();
    const node = await t.admin.resource(NODES).get('kind-worker');
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'kind-worker', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
    const st = node.status as { capacity: Record<string, string>; nodeInfo: Record<string, string>; conditions: { type: string; status: string; reason: string }[] };
    expect(st.capacity.pods).toBe('110');
    expect(st.nodeInfo.kubeletVersion).toBe('v1.32.0');
    expect(st.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//);
    expect(st.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    const leases = t.admin.resource(LEASES, 'kube-node-lease');
    const l1 = await leases.get('kind-worker');
    expect(l1.spec).toMatchObject({ holderIdentity: 'kind-worker', leaseDurationSeconds: 40 });
    await t.advance(10_000);
    const l2 = await leases.get('kind-worker');
    expect((l2.spec as { renewTime: string }).renewTime > (l1.spec as { renewTime: string }).renewTime).toBe(true);
    expect(t.recorder.events.slice(0, 2)).toEqual(['Normal Starting Starting kubelet.', 'Normal NodeHasSufficientMemory Node kind-worker status is now: NodeHasSufficientMemory']);
  });

  it('stops renewing its Lease while stopped (a node fault) and resumes after start', async () => {
    const t = await setup();
    const leases = t.admin.resource(LEASES, 'kube-node-lease');
    t.kubelet.stop();
    const before = ((await leases.get('kind-worker')).spec as { renewTime: string }).renewTime;
    await t.advance(60_000);
    expect(((await leases.get('kind-worker')).spec as { renewTime: string }).renewTime).toBe(before);
    t.kubelet.start();
    await t.advance(11_000);
    expect(((await leases.get('kind-worker')).spec as { renewTime: string }).renewTime).not.toBe(before);
  });
});

describe('Kubelet pod lifecycle', () => {
  it('runs nginx: Pending/ContainerCreating, then Running and Ready with the pull events', async () => {
    const t = await setup();
    t.recorder.events.length = 0;
    await t.pods.create(pod('web', { image: 'nginx:1.27' }));
    await t.advance(50);
    expect((await t.status('web')).phase).toBe('Pending');
    expect((await t.container('web')).state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    await t.advance(5000);
    const st = await t.status('web');
    expect(st.phase).toBe('Running');
    expect(st.podIP).toBe('10.244.1.2');
    expect(st.hostIP).toBe('172.18.0.3');
    expect(st.conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    const cs = st.containerStatuses[0];
    expect(cs).toMatchObject({ name: 'web', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27' });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    const ev = t.recorder.events;
    expect(ev[0]).toBe('Normal Pulling Pulling image "nginx:1.27"');
    expect(ev[1]).toMatch(/^Normal Pulled Successfully pulled image "nginx:1\.27" in 1\.59s \(1\.59s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(ev.slice(2)).toEqual(['Normal Created Created container: web', 'Normal Started Started container web']);
    expect(t.kubelet.logs(await t.pods.get('web'), { container: 'web' })).toContain('Configuration complete; ready for start up');
  });

  it('a second pod with the same image reports it already present', async () => {
    const t = await setup();
    await t.pods.create(pod('a', { image: 'nginx:1.27' }));
    await t.advance(5000);
    t.recorder.events.length = 0;
    await t.pods.create(pod('b', { image: 'nginx:1.27' }));
    await t.advance(2000);
    expect(t.recorder.events[0]).toBe('Normal Pulled Container image "nginx:1.27" already present on machine');
    expect((await t.status('b')).podIP).toBe('10.244.1.3');
  });

  it('a misspelt image goes ErrImagePull then ImagePullBackOff', async () => {
    const t = await setup();
    t.recorder.events.length = 0;
    await t.pods.create(pod('typo', { image: 'ngnix' }));
    await t.advance(2000);
    const c1 = await t.container('typo');
    expect(c1.state.waiting?.reason).toBe('ErrImagePull');
    expect(c1.state.waiting?.message).toContain('failed to pull and unpack image "docker.io/library/ngnix:latest"');
    expect(t.recorder.events).toContain('Warning Failed Error: ErrImagePull');
    await t.advance(20_000);
    const reasons: string[] = [];
    for (let i = 0; i < 12; i++) {
      await t.advance(5000);
      reasons.push((await t.container('typo')).state.waiting!.reason);
    }
    expect(reasons).toContain('ImagePullBackOff');
    expect(t.recorder.events).toContain('Normal BackOff Back-off pulling image "ngnix"');
    expect(t.recorder.events).toContain('Warning Failed Error: ImagePullBackOff');
    expect((await t.status('typo')).phase).toBe('Pending');
  });

  it('imagePullPolicy Never with a missing image gives ErrImageNeverPull', async () => {
    const t = await setup();
    await t.pods.create(pod('never', { image: 'redis:7', imagePullPolicy: 'Never' }));
    await t.advance(2000);
    expect((await t.container('never')).state.waiting).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "redis:7" is not present with pull policy of Never' });
  });

  it('`exit 1` crash-loops with a growing back-off', async () => {
    const t = await setup();
    await t.pods.create(pod('crash', { image: 'busybox', command: ['sh', '-c', 'exit 1'] }));
    const seen: string[] = [];
    let restarts = 0;
    for (let i = 0; i < 90; i++) {
      await t.advance(1000);
      const c = await t.container('crash');
      if (c.restartCount !== restarts) seen.push(`restart ${c.restartCount} at ${i + 1}s`);
      restarts = c.restartCount;
      if (c.state.waiting?.reason === 'CrashLoopBackOff' && !seen.includes(c.state.waiting.message!)) seen.push(c.state.waiting.message!);
    }
    const c = await t.container('crash');
    expect(c.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(seen.some((s) => s.startsWith('back-off 10s restarting failed container=crash pod=crash_default('))).toBe(true);
    expect(seen.some((s) => s.startsWith('back-off 20s'))).toBe(true);
    expect(seen.some((s) => s.startsWith('back-off 40s'))).toBe(true);
    expect((await t.status('crash')).phase).toBe('Running');
    expect(t.recorder.events.some((e) => e.startsWith('Warning BackOff Back-off restarting failed container crash in pod crash_default('))).toBe(true);
  });

  it('`echo hi` with restartPolicy Never completes: Succeeded, Completed, exit 0, the line in its log', async () => {
    const t = await setup();
    await t.pods.create(pod('hi', { image: 'busybox', command: ['echo', 'hi'] }, { restartPolicy: 'Never' }));
    await t.advance(5000);
    const st = await t.status('hi');
    expect(st.phase).toBe('Succeeded');
    expect(st.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(st.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(t.kubelet.logs(await t.pods.get('hi'), { container: 'hi' })).toBe('hi\n');
  });

  it('runs init containers in order before the containers', async () => {
    const t = await setup();
    await t.pods.create(pod('init', { image: 'nginx:1.27' }, { initContainers: [{ name: 'wait', image: 'busybox', command: ['sh', '-c', 'sleep 3'] }] }));
    await t.advance(2500);
    const mid = await t.status('init');
    expect(mid.phase).toBe('Pending');
    expect(mid.conditions.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait]' });
    expect(mid.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(mid.initContainerStatuses![0].state.running).toBeDefined();
    await t.advance(6000);
    const done = await t.status('init');
    expect(done.initContainerStatuses![0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(done.phase).toBe('Running');
  });

  it('OOMKills a container whose memory use exceeds its limit', async () => {
    const t = await setup();
    await t.pods.create(pod('oom', { image: 'nginx:1.27', resources: { limits: { memory: '64Mi' } } }, { restartPolicy: 'Never' }, { 'sim.kubesim.io/memory': '200Mi' }));
    await t.advance(5000);
    expect((await t.container('oom')).state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect((await t.status('oom')).phase).toBe('Failed');
  });

  it('readiness probe: not ready until the server listens; failures recorded as Unhealthy', async () => {
    const t = await setup();
    const probe = { httpGet: { path: '/', port: 80 }, periodSeconds: 2 };
    await t.pods.create(pod('slow', { image: 'nginx:1.27', readinessProbe: probe }, {}, { 'sim.kubesim.io/ready-after': '5s' }));
    await t.advance(4000);
    expect((await t.container('slow')).ready).toBe(false);
    expect(t.recorder.events.some((e) => /^Warning Unhealthy Readiness probe failed: Get "http:\/\/10\.244\.1\.2:80\/": dial tcp 10\.244\.1\.2:80: connect: connection refused$/.test(e))).toBe(true);
    await t.advance(6000);
    expect((await t.container('slow')).ready).toBe(true);
  });

  it('liveness probe failure kills and restarts the container', async () => {
    const t = await setup();
    const probe = { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 };
    await t.pods.create(pod('live', { image: 'busybox', args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'], livenessProbe: probe }));
    await t.advance(90_000);
    expect(t.recorder.events).toContain("Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n");
    expect(t.recorder.events).toContain('Normal Killing Container live failed liveness probe, will be restarted');
    expect((await t.container('live')).restartCount).toBe(1);
  });

  it('a deleted pod is stopped gracefully, then removed with a final delete', async () => {
    const t = await setup();
    await t.pods.create(pod('bye', { image: 'busybox', command: ['sleep', '3600'] }, { terminationGracePeriodSeconds: 5 }));
    await t.advance(5000);
    t.recorder.events.length = 0;
    t.clearActions();
    await t.pods.delete('bye');
    await t.advance(1000);
    const terminating = await t.pods.get('bye');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(t.recorder.events).toEqual(['Normal Killing Stopping container bye']);
    await t.advance(6000);
    await expect(t.pods.get('bye')).rejects.toThrow(/not found/);
    expect(t.actions).toContain('DELETE /api/v1/namespaces/default/pods/bye');
    expect(t.kubelet.runtime.ipam?.inUse).toBe(0);
  });
});
