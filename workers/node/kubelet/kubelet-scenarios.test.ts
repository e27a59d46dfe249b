import { describe, expect, it } from 'vitest';
import { LEASES, makePod, NODES, setupKubelet } from './kubelet-testkit';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' };

describe('Kubelet scenarios against a real apiserver', () => {
  it('nginx reaches Running and Ready: conditions turn in order, Events in the kubelet order', async () => {
    const t = await setupKubelet();
    t.recorder.events.length = 0;
    await t.pods.create(makePod('web', { image: 'nginx:1.27' }));
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await t.advance(100);
      const st = await t.status('web');
      for (const c of st?.conditions ?? []) if (c.status === 'True' && !seen.includes(c.type)) seen.push(c.type);
    }
    // The sandbox first, then init (none), then readiness once nginx listens.
    expect(seen.slice(0, 3)).toEqual(['Initialized', 'PodScheduled', 'PodReadyToStartContainers']);
    expect(seen.slice(3).sort()).toEqual(['ContainersReady', 'Ready']);
    expect(t.recorder.events.map((e) => e.split(' ')[1])).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
  });

  it('`ngnix`: ErrImagePull, then ImagePullBackOff with a doubling back-off', async () => {
    const t = await setupKubelet();
    t.recorder.events.length = 0;
    await t.pods.create(makePod('typo', { image: 'ngnix' }));
    await t.advance(1500);
    const first = await t.container('typo');
    expect(first.state.waiting).toEqual({
      reason: 'ErrImagePull',
      message:
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    });
    expect(t.recorder.events.slice(0, 3)).toEqual([
      'Normal Pulling Pulling image "ngnix"',
      `Warning Failed Failed to pull image "ngnix": ${first.state.waiting!.message}`,
      'Warning Failed Error: ErrImagePull',
    ]);
    // The sandbox's start, seen by the PLEG a second later, syncs the pod again: in back-off now.
    await t.advance(1000);
    expect((await t.container('typo')).state.waiting).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "ngnix": ErrImagePull: ${first.state.waiting!.message}` });
    expect(t.recorder.events.slice(3)).toEqual(['Normal BackOff Back-off pulling image "ngnix"', 'Warning Failed Error: ImagePullBackOff']);
    // Pull attempts: at 0 s, after 10 s, 20 s, 40 s of back-off (each retry waits for the next sync).
    await t.advance(120_000);
    const pulls = t.recorder.events.filter((e) => e.startsWith('Normal Pulling')).length;
    expect(pulls).toBeGreaterThanOrEqual(4);
    expect(pulls).toBeLessThanOrEqual(6);
  });

  it('a `.invalid` registry fails to resolve as containerd does', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('dns', { image: 'registry.example.invalid/team/app:1.0' }));
    await t.advance(1500);
    expect((await t.container('dns')).state.waiting!.message).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.invalid/team/app:1.0": failed to resolve reference "registry.example.invalid/team/app:1.0": failed to do request: Head "https://registry.example.invalid/v2/team/app/manifests/1.0": dial tcp: lookup registry.example.invalid: no such host',
    );
  });

  it('busybox `sh -c "exit 1"` crash-loops: restarts after 10 s, 20 s, 40 s of back-off', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('crash', { image: 'busybox', command: ['sh', '-c', 'exit 1'] }));
    const starts = new Set<string>();
    const messages: string[] = [];
    for (let i = 0; i < 200; i++) {
      await t.advance(1000);
      const c = await t.container('crash');
      for (const s of [c.state.terminated?.startedAt, c.lastState.terminated?.startedAt]) if (s) starts.add(s);
      const w = c.state.waiting;
      if (w?.reason === 'CrashLoopBackOff' && !messages.includes(w.message!.split(' restarting')[0])) messages.push(w.message!.split(' restarting')[0]);
    }
    expect(messages.slice(0, 4)).toEqual(['back-off 10s', 'back-off 20s', 'back-off 40s', 'back-off 1m20s']);
    const times = [...starts].map((s) => Date.parse(s));
    const gaps = times.slice(1).map((s, i) => (s - times[i]) / 1000);
    // Each restart waits at least the back-off and at most one more kubelet retry period (10-15 s).
    for (const [i, backoff] of [10, 20, 40].entries()) {
      expect(gaps[i]).toBeGreaterThanOrEqual(backoff);
      expect(gaps[i]).toBeLessThan(backoff + 16);
    }
    const last = await t.container('crash');
    expect(last.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('OOMKilled: stress --vm-bytes 250M over a 100Mi limit exits 137 and restarts', async () => {
    const t = await setupKubelet();
    const stress = { image: 'polinux/stress', command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'], resources: { limits: { memory: '100Mi' } } };
    await t.pods.create(makePod('memory-demo', stress));
    await t.advance(30_000);
    const c = await t.container('memory-demo');
    expect(c.restartCount).toBeGreaterThanOrEqual(1);
    expect(c.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('a readiness probe that starts failing makes the pod not ready, with Unhealthy events', async () => {
    const t = await setupKubelet();
    const probe = { httpGet: { path: '/', port: 80 }, periodSeconds: 5, failureThreshold: 3 };
    await t.pods.create(makePod('flaky', { image: 'nginx:1.27', readinessProbe: probe }, {}, { 'sim.kubesim.io/unhealthy-after': '30s' }));
    await t.advance(10_000);
    expect((await t.status('flaky')).conditions.find((c) => c.type === 'Ready')!.status).toBe('True');
    await t.advance(40_000);
    const st = await t.status('flaky');
    expect(st.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [flaky]' });
    expect(st.containerStatuses[0]).toMatchObject({ ready: false, restartCount: 0 });
    expect(st.phase).toBe('Running');
    expect(t.recorder.events).toContain('Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 500');
  });

  it('probes tick from when the pod was added: nginx is listening by its first readiness probe', async () => {
    const t = await setupKubelet();
    const probe = { httpGet: { path: '/', port: 80 } };
    await t.pods.create(makePod('quiet', { image: 'nginx:1.27', readinessProbe: probe, livenessProbe: { tcpSocket: { port: 80 } } }));
    await t.advance(12_000);
    expect((await t.container('quiet')).ready).toBe(true);
    expect(t.recorder.events.filter((e) => e.includes('Unhealthy'))).toEqual([]);
  });

  it('grpc probes pass once the server listens on the port', async () => {
    const t = await setupKubelet();
    const probe = { grpc: { port: 9000 }, periodSeconds: 2 };
    await t.pods.create(makePod('rpc', { image: 'ghcr.io/acme/rpc:1.0', ports: [{ containerPort: 9000 }], readinessProbe: probe, livenessProbe: { grpc: { port: 9001 }, periodSeconds: 5 } }));
    await t.advance(8000);
    expect((await t.container('rpc')).ready).toBe(true);
    expect(t.recorder.events.some((e) => /^Warning Unhealthy Liveness probe failed: timeout: failed to connect service "10\.244\.1\.\d+:9001" within 1s: context deadline exceeded$/.test(e))).toBe(true);
  });

  it('graceful deletion: preStop runs, SIGTERM, SIGKILL (137) for what ignores it, then the final delete', async () => {
    const t = await setupKubelet();
    const spec = {
      terminationGracePeriodSeconds: 10,
      containers: [
        { name: 'web', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 3'] } } } },
        { name: 'sleeper', image: 'busybox', command: ['sleep', '3600'] },
      ],
    };
    await t.pods.create({ ...makePod('pair', { image: 'x' }), spec: { nodeName: 'kind-worker', ...spec } });
    await t.advance(5000);
    const uid = (await t.pods.get('pair')).metadata.uid!;
    t.recorder.events.length = 0;
    await t.pods.delete('pair');
    await t.advance(3500);
    const web = t.kubelet.runtime.container(uid, 'web')!;
    expect(web).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
    expect(t.kubelet.runtime.container(uid, 'sleeper')!.state).toBe('running');
    await t.advance(7000);
    expect(t.recorder.events).toEqual(['Normal Killing Stopping container web', 'Normal Killing Stopping container sleeper']);
    await expect(t.pods.get('pair')).rejects.toThrow(/not found/);
    expect(t.kubelet.worker(uid)).toBeUndefined();
  });

  it('kill-container fault: exit 137, restarted as restartPolicy Always says', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('victim', { image: 'nginx:1.27' }));
    await t.advance(5000);
    const uid = (await t.pods.get('victim')).metadata.uid!;
    expect(t.kubelet.killContainer(uid, 'victim')).toBe(true);
    await t.advance(2000);
    const c = await t.container('victim');
    expect(c.restartCount).toBe(1);
    expect(c.state.running).toBeDefined();
    expect(c.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(t.kubelet.killContainer(uid, 'nope')).toBe(false);
  });

  it('a missing ConfigMap volume: FailedMount and ContainerCreating until it exists', async () => {
    const t = await setupKubelet();
    const spec = { volumes: [{ name: 'cfg', configMap: { name: 'app-config' } }] };
    await t.pods.create(makePod('cm', { image: 'nginx:1.27', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] }, spec));
    await t.advance(5000);
    expect(t.recorder.events).toContain('Warning FailedMount MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found');
    const waiting = await t.status('cm');
    expect(waiting.phase).toBe('Pending');
    expect(waiting.containerStatuses[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(waiting.conditions.find((c) => c.type === 'PodReadyToStartContainers')!.status).toBe('False');
    await t.admin.resource(CONFIGMAPS, 'default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { a: '1' } });
    await t.advance(15_000);
    expect((await t.status('cm')).phase).toBe('Running');
  });

  it('a missing ConfigMap key in env: CreateContainerConfigError', async () => {
    const t = await setupKubelet();
    await t.admin.resource(CONFIGMAPS, 'default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { other: '1' } });
    const env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app', key: 'mode' } } }];
    await t.pods.create(makePod('envy', { image: 'busybox', command: ['sleep', '3600'], env }));
    await t.advance(3000);
    expect((await t.container('envy')).state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key mode in ConfigMap default/app" });
    expect(t.recorder.events).toContain("Warning Failed Error: couldn't find key mode in ConfigMap default/app");
    await t.pods.create(makePod('nosecret', { image: 'busybox', command: ['sleep', '3600'], envFrom: [{ secretRef: { name: 'db' } }] }));
    await t.advance(3000);
    expect((await t.container('nosecret')).state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "db" not found' });
  });

  it('logs: busybox echo output, previous=true after a crash, nginx access lines through serveRequest', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('talk', { image: 'busybox', command: ['sh', '-c', 'echo starting; echo "value is 42"; sleep 2; exit 3'] }));
    await t.pods.create(makePod('web', { image: 'nginx:1.27' }));
    await t.advance(20_000);
    const talk = await t.pods.get('talk');
    expect(t.kubelet.logs(talk, { container: 'talk', previous: true })).toBe('starting\nvalue is 42\n');
    const web = await t.pods.get('web');
    const served = t.kubelet.serveRequest(web.metadata.uid!, 80, { clientIP: '10.244.2.7', path: '/' });
    expect(served).toBe('web');
    const text = t.kubelet.logs(web, { container: 'web' });
    expect(text.split('\n')[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(text).toMatch(/\n2026\/01\/01 00:00:0\d \[notice\] 1#1: using the "epoll" event method\n/);
    expect(text.trimEnd().split('\n').pop()).toBe('10.244.2.7 - - [01/Jan/2026:00:00:20 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"');
    expect(() => t.kubelet.logs(web, { container: 'web', previous: true })).toThrow('previous terminated container "web" in pod "web" not found');
  });

  it('a stopped kubelet leaves containers running and resyncs on start', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('steady', { image: 'nginx:1.27' }));
    await t.advance(5000);
    const uid = (await t.pods.get('steady')).metadata.uid!;
    t.kubelet.stop();
    t.kubelet.killContainer(uid, 'steady');
    await t.advance(30_000);
    // Nobody writes the death while the kubelet is down, and nobody answers for logs.
    expect((await t.container('steady')).state.running).toBeDefined();
    expect(() => t.kubelet.logs({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'steady', namespace: 'default', uid } }, { container: 'steady' })).toThrow(
      'Get "https://172.18.0.3:10250/containerLogs/default/steady/steady": dial tcp 172.18.0.3:10250: connect: connection refused',
    );
    // What the node lifecycle controller does after 40 s without a heartbeat.
    const unknown = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({ type, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }));
    await t.admin.resource(NODES).patch('kind-worker', 'merge', { status: { conditions: unknown } }, { subresource: 'status' });
    t.recorder.events.length = 0;
    t.kubelet.start();
    await t.advance(12_000);
    const c = await t.container('steady');
    expect(c.restartCount).toBe(1);
    expect(c.lastState.terminated).toMatchObject({ exitCode: 137 });
    const node = await t.admin.resource(NODES).get('kind-worker');
    expect((node.status as { conditions: { type: string; status: string }[] }).conditions.find((x) => x.type === 'Ready')!.status).toBe('True');
    expect(t.recorder.events.filter((e) => !e.includes('container') && !e.includes('image'))).toEqual([
      'Normal Starting Starting kubelet.',
      'Normal NodeHasSufficientMemory Node kind-worker status is now: NodeHasSufficientMemory',
      'Normal NodeHasNoDiskPressure Node kind-worker status is now: NodeHasNoDiskPressure',
      'Normal NodeHasSufficientPID Node kind-worker status is now: NodeHasSufficientPID',
      'Normal NodeAllocatableEnforced Updated Node Allocatable limit across pods',
      'Normal NodeReady Node kind-worker status is now: NodeReady',
    ]);
    expect(await t.admin.resource(LEASES, 'kube-node-lease').get('kind-worker')).toBeDefined();
  });

  it('static pods run and appear as mirror pods owned by the Node', async () => {
    const manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'etcd', namespace: 'kube-system', labels: { component: 'etcd' } }, spec: { containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.5.16-0' }] } };
    const t = await setupKubelet({ staticPods: [manifest] });
    await t.advance(10_000);
    const mirror = await t.admin.resource({ group: '', version: 'v1', resource: 'pods' }, 'kube-system').get('etcd-kind-worker');
    expect(mirror.metadata.annotations!['kubernetes.io/config.mirror']).toBeDefined();
    expect(mirror.metadata.ownerReferences![0]).toMatchObject({ kind: 'Node', name: 'kind-worker', controller: true });
    expect((mirror.status as { phase: string }).phase).toBe('Running');
    const startedAt = (mirror.status as { containerStatuses: { state: { running: { startedAt: string } } }[] }).containerStatuses[0].state.running.startedAt;
    // kubectl delete pod etcd-kind-worker: the mirror comes back, the static pod never stopped.
    const kubeSystem = t.admin.resource({ group: '', version: 'v1', resource: 'pods' }, 'kube-system');
    await kubeSystem.delete('etcd-kind-worker');
    await t.advance(2000);
    const again = await kubeSystem.get('etcd-kind-worker');
    expect(again.metadata.uid).not.toBe(mirror.metadata.uid);
    const st = again.status as { phase: string; containerStatuses: { restartCount: number; state: { running: { startedAt: string } } }[] };
    expect(st.phase).toBe('Running');
    expect(st.containerStatuses[0]).toMatchObject({ restartCount: 0, state: { running: { startedAt } } });
    expect(t.kubelet.logs(again, { container: 'etcd' })).toContain('serving client traffic securely');
  });

  it('sidecars: started before the next init container, restarted when they die, stopped when the pod completes', async () => {
    const t = await setupKubelet();
    const initContainers = [
      { name: 'proxy', image: 'nginx:1.27', restartPolicy: 'Always' },
      { name: 'migrate', image: 'busybox', command: ['sh', '-c', 'echo migrating; sleep 2'] },
    ];
    await t.pods.create(makePod('job', { image: 'busybox', command: ['sh', '-c', 'sleep 5; echo done'] }, { initContainers, restartPolicy: 'Never' }));
    await t.advance(2500);
    // nginx pulled and started; busybox is still being pulled behind it.
    expect((await t.status('job')).initContainerStatuses!.map((c) => Object.keys(c.state)[0])).toEqual(['running', 'waiting']);
    await t.advance(3500);
    const mid = await t.status('job');
    expect(mid.initContainerStatuses!.map((c) => Object.keys(c.state)[0])).toEqual(['running', 'terminated']);
    expect(mid.conditions.find((c) => c.type === 'Initialized')!.status).toBe('True');
    const uid = (await t.pods.get('job')).metadata.uid!;
    t.kubelet.killContainer(uid, 'proxy');
    await t.advance(1500);
    expect((await t.status('job')).initContainerStatuses![0]).toMatchObject({ restartCount: 1, state: { running: {} } });
    await t.advance(10_000);
    const done = await t.status('job');
    expect(done.phase).toBe('Succeeded');
    expect(done.initContainerStatuses![0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(t.recorder.events).toContain('Normal Killing Stopping container proxy');
  });

  it('hostNetwork pods get the node address and take none from the podCIDR', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('hostnet', { image: 'registry.k8s.io/kube-proxy:v1.32.0' }, { hostNetwork: true }));
    await t.pods.create(makePod('normal', { image: 'nginx:1.27' }));
    await t.advance(5000);
    expect((await t.status('hostnet')).podIP).toBe('172.18.0.3');
    expect((await t.status('normal')).podIP).toBe('10.244.1.2');
  });

  it('a pod deleted while the kubelet is down stays Terminating until it returns', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('late', { image: 'nginx:1.27' }));
    await t.advance(5000);
    t.kubelet.stop();
    await t.pods.delete('late');
    await t.advance(60_000);
    expect((await t.pods.get('late')).metadata.deletionTimestamp).toBeDefined();
    t.kubelet.start();
    await t.advance(5000);
    await expect(t.pods.get('late')).rejects.toThrow(/not found/);
    expect(t.kubelet.runtime.ipam?.inUse).toBe(0);
  });

  it('without a configured podCIDR: NotReady (network) until the Node gets one, then pods get addresses from it', async () => {
    const t = await setupKubelet({ podCIDR: undefined });
    const ready = async () => ((await t.admin.resource(NODES).get('kind-worker')).status as { conditions: { type: string; status: string; reason: string; message: string }[] }).conditions.find((c) => c.type === 'Ready')!;
    expect(await ready()).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: expect.stringContaining('NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized') });
    await t.pods.create(makePod('early', { image: 'nginx:1.27' }));
    await t.pods.create(makePod('hostnet', { image: 'registry.k8s.io/kube-proxy:v1.32.0' }, { hostNetwork: true }));
    await t.advance(3000);
    expect(t.recorder.events).toContain('Warning NetworkNotReady network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized');
    expect((await t.status('hostnet')).phase).toBe('Running');
    expect((await t.status('early')).phase).toBe('Pending');
    // What the node IPAM controller does.
    await t.admin.resource(NODES).patch('kind-worker', 'merge', { spec: { podCIDR: '10.244.7.0/24', podCIDRs: ['10.244.7.0/24'] } });
    await t.advance(1500);
    expect((await ready()).status).toBe('True');
    expect(t.recorder.events).toContain('Normal NodeReady Node kind-worker status is now: NodeReady');
    await t.advance(20_000);
    expect((await t.status('early'))).toMatchObject({ phase: 'Running', podIP: '10.244.7.2' });
  });

  it('deletion stops the regular containers first, then the sidecars', async () => {
    const t = await setupKubelet();
    const initContainers = [{ name: 'proxy', image: 'nginx:1.27', restartPolicy: 'Always' }];
    await t.pods.create(makePod('main', { image: 'busybox', command: ['sleep', '3600'] }, { initContainers, terminationGracePeriodSeconds: 5 }));
    await t.advance(5000);
    const uid = (await t.pods.get('main')).metadata.uid!;
    t.recorder.events.length = 0;
    await t.pods.delete('main');
    await t.advance(4000);
    expect(t.recorder.events).toEqual(['Normal Killing Stopping container main']);
    expect(t.kubelet.runtime.container(uid, 'proxy')!.state).toBe('running');
    await t.advance(3000);
    expect(t.recorder.events).toEqual(['Normal Killing Stopping container main', 'Normal Killing Stopping container proxy']);
    await expect(t.pods.get('main')).rejects.toThrow(/not found/);
  });

  it('a changed image restarts the container: Killing "definition changed", then the new image', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('swap', { image: 'nginx:1.27' }, { restartPolicy: 'Never' }));
    await t.advance(5000);
    t.recorder.events.length = 0;
    const pod = await t.pods.get('swap');
    const containers = (pod.spec as { containers: object[] }).containers.map((c) => ({ ...c, image: 'nginx:1.26' }));
    await t.pods.update({ ...pod, spec: { ...(pod.spec as object), containers } });
    await t.advance(5000);
    expect(t.recorder.events.slice(0, 2)).toEqual(['Normal Killing Container swap definition changed, will be restarted', 'Normal Pulling Pulling image "nginx:1.26"']);
    const c = await t.container('swap');
    expect(c).toMatchObject({ image: 'docker.io/library/nginx:1.26', restartCount: 1, state: { running: {} } });
  });

  it('activeDeadlineSeconds: the kubelet kills the pod and fails it with DeadlineExceeded', async () => {
    const t = await setupKubelet();
    await t.pods.create(makePod('slow', { image: 'busybox', command: ['sleep', '3600'] }, { activeDeadlineSeconds: 10, terminationGracePeriodSeconds: 2 }));
    await t.advance(9000);
    expect((await t.status('slow')).phase).toBe('Running');
    await t.advance(4000);
    const st = await t.status('slow');
    expect(st).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(st.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(t.recorder.events).toContain('Normal DeadlineExceeded Pod was active on the node longer than the specified deadline');
    await t.advance(30_000);
    expect((await t.container('slow')).restartCount).toBe(0);
  });
});
