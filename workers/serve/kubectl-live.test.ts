/**
 * The real kubectl against a live `npm run serve` cluster (control plane and nodes running at max
 * speed): what a person does in a first lesson, and what a real kind cluster answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server';

const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';
const hasKubectl = existsSync(kubectlPath);
const cacheDir = mkdtempSync(join(tmpdir(), 'kubesim-kubectl-live-'));
let url = '';
let stop: () => Promise<void> = async () => {};

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(kubectlPath, [`--server=${url}`, `--cache-dir=${cacheDir}`, ...args], { env: { ...process.env, KUBECONFIG: '/dev/null' }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.runIf(hasKubectl)('kubectl against a live cluster', () => {
  beforeAll(async () => {
    const s = await startServer(['--port', '0', '--seed', '5', '--speed', '64']);
    url = s.url;
    stop = s.stop;
  });
  afterAll(async () => {
    await stop();
  });

  it('get nodes: three Ready nodes as kubeadm leaves them', async () => {
    let out = '';
    for (let i = 0; i < 40; i++) {
      out = (await kubectl(['get', 'nodes'])).stdout;
      if ((out.match(/ Ready /g) ?? []).length === 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(out).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(out).toMatch(/^control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.0$/m);
    expect(out).toMatch(/^worker-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.0$/m);
    let system = { stdout: '' };
    for (let i = 0; i < 40; i++) {
      system = await kubectl(['get', 'pods', '-n', 'kube-system', '-o', 'name']);
      if (system.stdout.includes('pod/etcd-control-plane')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(system.stdout).toContain('pod/etcd-control-plane');
    expect(system.stdout).toContain('pod/kube-scheduler-control-plane');
    expect(system.stdout).toMatch(/pod\/kube-proxy-[a-z0-9]{5}/);
    expect(system.stdout).toMatch(/pod\/coredns-[a-z0-9]+-[a-z0-9]{5}/);
  });

  it('create, rollout status, set image, rollout undo, logs and describe', async () => {
    expect((await kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3'])).stdout.trim()).toBe('deployment.apps/web created');
    const status = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=50s']);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const pods = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'wide']);
    expect(pods.stdout.match(/\s1\/1\s+Running\s+0\s+/g)?.length).toBe(3);
    expect(pods.stdout).not.toContain('control-plane');

    expect((await kubectl(['set', 'image', 'deployment/web', 'nginx=nginx:1.28'])).stdout.trim()).toBe('deployment.apps/web image updated');
    expect((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=50s'])).stdout).toContain('successfully rolled out');
    const history = await kubectl(['rollout', 'history', 'deployment/web']);
    expect(history.stdout).toMatch(/^1\s+<none>$/m);
    expect(history.stdout).toMatch(/^2\s+<none>$/m);
    expect((await kubectl(['rollout', 'undo', 'deployment/web'])).stdout.trim()).toBe('deployment.apps/web rolled back');
    expect((await kubectl(['rollout', 'status', 'deployment/web', '--timeout=50s'])).stdout).toContain('successfully rolled out');
    const image = await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
    expect(image.stdout).toBe('nginx:1.27');

    const logs = await kubectl(['logs', 'deployment/web']);
    expect(logs.stdout).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    const describe = await kubectl(['describe', 'deployment', 'web']);
    expect(describe.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
    expect(describe.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-[a-z0-9]+ from 0 to 3/);
    const pod = (await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const podDescribe = await kubectl(['describe', 'pod', pod]);
    expect(podDescribe.stdout).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/web-[a-z0-9]+-[a-z0-9]{5} to worker-\d/);
    expect(podDescribe.stdout).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container nginx/);
  }, 120_000);

  it('cordon and drain move pods off a node through evictions', async () => {
    expect((await kubectl(['create', 'deployment', 'spread', '--image=nginx:1.27', '--replicas=4'])).code).toBe(0);
    expect((await kubectl(['rollout', 'status', 'deployment/spread', '--timeout=50s'])).code).toBe(0);
    expect((await kubectl(['cordon', 'worker-1'])).stdout.trim()).toBe('node/worker-1 cordoned');
    const nodes = await kubectl(['get', 'node', 'worker-1']);
    expect(nodes.stdout).toMatch(/worker-1\s+Ready,SchedulingDisabled/);
    const drain = await kubectl(['drain', 'worker-1', '--ignore-daemonsets', '--timeout=50s']);
    expect(drain.stderr + drain.stdout).toContain('node/worker-1 drained');
    expect((await kubectl(['rollout', 'status', 'deployment/spread', '--timeout=50s'])).code).toBe(0);
    const wide = await kubectl(['get', 'pods', '-l', 'app=spread', '-o', 'wide', '--field-selector=status.phase=Running']);
    expect(wide.stdout).not.toContain('worker-1');
    expect((await kubectl(['uncordon', 'worker-1'])).stdout.trim()).toBe('node/worker-1 uncordoned');
  }, 120_000);
});
