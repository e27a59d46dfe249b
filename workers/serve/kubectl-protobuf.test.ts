/**
 * The real kubectl's typed commands, which send protobuf bodies (create configmap/secret/deployment/
 * namespace, auth can-i), against `npm run serve`'s server. Responses stay JSON: kubectl accepts both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server';

const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';
const hasKubectl = existsSync(kubectlPath);

let url = '';
let stop: () => Promise<void> = async () => {};
const cacheDir = mkdtempSync(join(tmpdir(), 'kubesim-kubectl-pb-'));

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

async function getJson(args: string[]): Promise<Record<string, any>> {
  const r = await kubectl(['get', ...args, '-o', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, any>;
}

describe.runIf(hasKubectl)('kubectl protobuf request bodies against npm run serve', () => {
  beforeAll(async () => {
    const s = await startServer(['--port', '0', '--seed', '11']);
    url = s.url;
    stop = s.stop;
  });
  afterAll(async () => {
    await stop();
  });

  it('create configmap --from-literal', async () => {
    const r = await kubectl(['create', 'configmap', 'x', '--from-literal=a=b', '--from-literal=empty=']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'configmap/x created\n' });
    const cm = await getJson(['configmap', 'x']);
    expect(cm.data).toEqual({ a: 'b', empty: '' });
    expect(cm.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('create secret generic (bytes arrive as base64 data)', async () => {
    const r = await kubectl(['create', 'secret', 'generic', 's', '--from-literal=password=hunter2']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'secret/s created\n' });
    const s = await getJson(['secret', 's']);
    expect(s.data).toEqual({ password: 'aHVudGVyMg==' });
    expect(s.type).toBe('Opaque');
  });

  it('create deployment --image --replicas', async () => {
    const r = await kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'deployment.apps/web created\n' });
    const d = await getJson(['deployment', 'web']);
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(d.spec.template.spec.containers).toMatchObject([{ name: 'nginx', image: 'nginx' }]);
    // Defaulted by the server, not sent by kubectl: the zero values protobuf carried were dropped.
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
  });

  it('create namespace', async () => {
    const r = await kubectl(['create', 'namespace', 'team-a']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'namespace/team-a created\n' });
    expect((await getJson(['namespace', 'team-a'])).status).toEqual({ phase: 'Active' });
  });

  it('auth can-i create pods (SelfSubjectAccessReview)', async () => {
    const r = await kubectl(['auth', 'can-i', 'create', 'pods']);
    expect(r).toMatchObject({ code: 0, stdout: 'yes\n' });
  });

  it('a second create of the same name still reaches the registry: 409 AlreadyExists', async () => {
    const r = await kubectl(['create', 'configmap', 'x', '--from-literal=a=b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/configmaps "x" already exists/);
  });

  it('run (a Pod) and create token (a TokenRequest subresource)', async () => {
    expect(await kubectl(['run', 'p', '--image=nginx', '--labels=app=p'])).toMatchObject({ code: 0, stdout: 'pod/p created\n' });
    const pod = await getJson(['pod', 'p']);
    expect(pod.metadata.labels).toEqual({ app: 'p' });
    expect(pod.spec.containers).toMatchObject([{ name: 'p', image: 'nginx' }]);
    expect(await kubectl(['create', 'serviceaccount', 'robot'])).toMatchObject({ code: 0, stdout: 'serviceaccount/robot created\n' });
    const token = await kubectl(['create', 'token', 'robot', '--duration=1h']);
    expect(token.stderr).toBe('');
    expect(token.stdout.trim().length).toBeGreaterThan(10);
  });

  it('drain evicts through policy/v1 Eviction (protobuf body with DeleteOptions)', async () => {
    const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'pb-node' } });
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'victim' }, spec: { nodeName: 'pb-node', containers: [{ name: 'c', image: 'nginx' }] } });
    for (const doc of [node, pod]) expect((await kubectl(['create', '--raw', doc.includes('"Node"') ? '/api/v1/nodes' : '/api/v1/namespaces/default/pods', '-f', '-'], doc)).code).toBe(0);
    // No kubelet finishes the deletion here, so drain gives up waiting; the eviction itself was accepted.
    const r = await kubectl(['drain', 'pb-node', '--force', '--grace-period=1', '--timeout=2s']);
    expect(r.stdout).toMatch(/^evicting pod default\/victim$/m);
    expect(r.stderr).not.toMatch(/error when evicting|Cannot evict/);
    const after = await kubectl(['get', 'pod', 'victim', '-o', 'jsonpath={.metadata.deletionTimestamp}']);
    expect(after.code === 1 ? 'gone' : after.stdout).toMatch(/gone|^\d{4}-/);
  });
});
