/**
 * The real kubectl against `npm run serve`'s server: what a user types, what a real cluster prints.
 * Runs where kubectl is installed (it is on our machines and in CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server';

const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';
const hasKubectl = existsSync(kubectlPath);
const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));

let url = '';
let stop: () => Promise<void> = async () => {};
const cacheDir = mkdtempSync(join(tmpdir(), 'kubesim-kubectl-'));

function kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      kubectlPath,
      [`--server=${url}`, `--cache-dir=${cacheDir}`, ...args],
      { env: { ...process.env, KUBECONFIG: '/dev/null' }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

describe.runIf(hasKubectl)('kubectl against npm run serve', () => {
  beforeAll(async () => {
    const s = await startServer(['--port', '0', '--seed', '7']);
    url = s.url;
    stop = s.stop;
  });
  afterAll(async () => {
    await stop();
  });

  it('lists the bootstrap namespaces with upstream columns', async () => {
    const r = await kubectl(['get', 'namespaces']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect(r.stdout).toMatch(new RegExp(`^${ns}\\s+Active\\s+\\d+s`, 'm'));
    }
  });

  it('answers api-versions and api-resources from discovery', async () => {
    const v = await kubectl(['api-versions']);
    expect(v.stdout.split('\n')).toEqual(expect.arrayContaining(['apps/v1', 'v1', 'batch/v1', 'autoscaling/v2', 'policy/v1']));
    const r = await kubectl(['api-resources']);
    expect(r.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(r.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
  });

  it('applies a corpus Deployment, then reports it unchanged, configured, scaled and deleted', async () => {
    const file = join(corpus, 'controllers/nginx-deployment.yaml');
    const created = await kubectl(['apply', '-f', file]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('deployment.apps/nginx-deployment created');
    const again = await kubectl(['apply', '-f', file]);
    expect(again.stdout.trim()).toBe('deployment.apps/nginx-deployment unchanged');
    const get = await kubectl(['get', 'deployment', 'nginx-deployment']);
    expect(get.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nnginx-deployment\s+[0-3]\/3\s+[0-3]\s+[0-3]\s+\d+s\n$/);
    const scaled = await kubectl(['scale', 'deployment/nginx-deployment', '--replicas=5']);
    expect(scaled.stdout.trim()).toBe('deployment.apps/nginx-deployment scaled');
    const replicas = await kubectl(['get', 'deploy', 'nginx-deployment', '-o', 'jsonpath={.spec.replicas}']);
    expect(replicas.stdout).toBe('5');
    const reapplied = await kubectl(['apply', '-f', file]);
    expect(reapplied.stdout.trim()).toBe('deployment.apps/nginx-deployment configured');
    const describe = await kubectl(['describe', 'deployment', 'nginx-deployment']);
    expect(describe.stdout).toMatch(/^Name:\s+nginx-deployment$/m);
    expect(describe.stdout).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(describe.stdout).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    const deleted = await kubectl(['delete', 'deployment', 'nginx-deployment']);
    expect(deleted.stdout.trim()).toBe('deployment.apps "nginx-deployment" deleted');
    const gone = await kubectl(['get', 'deployment', 'nginx-deployment']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nginx-deployment" not found');
  });

  it('rejects an unknown field with the strict decoding error, changing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-bad-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndata:\n  a: b\nbogus: 1\n');
    const r = await kubectl(['apply', '-f', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "bogus"');
    const get = await kubectl(['get', 'configmap', 'typo']);
    expect(get.code).not.toBe(0);
  });

  it('rejects an invalid object with the 422 message and field path', async () => {
    const bad = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: c\n';
    const r = await kubectl(['create', '-f', '-'], bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Pod "Bad_Name" is invalid');
    expect(r.stderr).toContain('metadata.name: Invalid value: "Bad_Name"');
    expect(r.stderr).toContain('spec.containers[0].image: Required value');
  });

  it('explains a field from /openapi/v3', async () => {
    const r = await kubectl(['explain', 'deployment.spec.strategy']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^GROUP:\s+apps$/m);
    expect(r.stdout).toMatch(/^KIND:\s+Deployment$/m);
    expect(r.stdout).toContain('rollingUpdate');
  });

  it('streams a watch: get -w prints the object when it is created', async () => {
    const watcher = execFile(kubectlPath, [`--server=${url}`, `--cache-dir=${cacheDir}`, 'get', 'configmaps', '-w', '--request-timeout=20s'], {
      env: { ...process.env, KUBECONFIG: '/dev/null' },
    });
    let out = '';
    watcher.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((r) => setTimeout(r, 1500));
    await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\ndata:\n  a: b\n');
    const deadline = Date.now() + 10_000;
    while (!/^watched\s+1\s+/m.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    watcher.kill();
    expect(out).toMatch(/^watched\s+1\s+\d+s/m);
  });
});
