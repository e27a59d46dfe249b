/**
 * `npm run sim` from outside: the same scenario gives the same history fingerprint with 1 and with
 * 3 node worker threads, and bad input gets a clear message and a non-zero exit code.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeShareLink } from '../scenario/share-link';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubesim-sim-'));

function sim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'workers/simcli/cli.ts', ...args], { cwd: root, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const scenario = {
  version: 1 as const,
  seed: 42,
  manifests: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: nginx, image: nginx:1.27}]\n',
  script: [{ at: 20_000, action: { type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: 5 } }],
};

describe('npm run sim', () => {
  it('prints the same history fingerprint with 1 and 3 node workers', async () => {
    const file = join(dir, 'web.json');
    writeFileSync(file, JSON.stringify(scenario));
    const one = await sim([file, '--until', '1m', '--node-workers', '1', '--history', join(dir, 'one.log')]);
    const three = await sim([file, '--until', '1m', '--node-workers', '3', '--nodes', '3']);
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    const a = JSON.parse(one.stdout.trim().split('\n').at(-1)!);
    const b = JSON.parse(three.stdout.trim().split('\n').at(-1)!);
    expect(a.historySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.historySha256).toBe(a.historySha256);
    expect(a).toMatchObject({ finalTime: '2026-01-01T09:01:00.000Z', virtualMs: 60_000, nodes: 3, nodeWorkers: 1 });
    expect(a.pods.Running).toBe(5 + 4 + 2 + 3);
    expect(typeof a.wallMs).toBe('number');
    const lines = readFileSync(join(dir, 'one.log'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(a.revisions);
    expect(lines[0]).toMatch(/^1 ADDED \/registry\//);
  }, 120_000);

  it('--until all-available stops once every Deployment is Available', async () => {
    const file = join(dir, 'web2.json');
    writeFileSync(file, JSON.stringify({ ...scenario, script: [] }));
    const r = await sim([file, '--until', 'all-available', '--node-workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim());
    expect(report.virtualMs).toBeGreaterThan(0);
    expect(report.virtualMs).toBeLessThan(30_000);
  }, 120_000);

  it('runs a share link to the same history as the scenario file', async () => {
    const file = join(dir, 'linked.json');
    writeFileSync(file, JSON.stringify({ ...scenario, script: [] }));
    const link = `https://kubesim.example/#${(await encodeShareLink({ ...scenario, script: [] })).slice(1)}`;
    const fromFile = await sim([file, '--until', '30s']);
    const fromLink = await sim([link, '--until', '30s']);
    expect(fromLink.code, fromLink.stderr).toBe(0);
    expect(JSON.parse(fromLink.stdout.trim()).historySha256).toBe(JSON.parse(fromFile.stdout.trim()).historySha256);
    const broken = await sim(['#s=AAAA']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("error: the link's payload is not valid deflate-raw data");
  }, 120_000);

  it('refuses bad flags (exit 2) and a missing file (exit 1) with a clear message', async () => {
    const bad = await sim(['x.json', '--until', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--until must be a duration such as 90s, 10m or 1h30m, or all-available; got soon');
    const missing = await sim([join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json');
  }, 60_000);
});
