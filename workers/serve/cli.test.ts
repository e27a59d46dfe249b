/** `npm run serve` as a process: prints its URL and a ready line, answers, stops cleanly on signals. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/serve/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*^ready$/m.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  ready.catch(() => undefined); // a test that expects the process to fail never awaits `ready`
  return { child, ready, exited, output: () => out, errors: () => err };
}

describe('serve CLI', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves until %s, then exits 0', async (signal) => {
    const cli = startCli(['--port', '0', '--speed', 'max']);
    const url = await cli.ready;
    const res = await fetch(`${url}/version`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { gitVersion: string }).gitVersion).toMatch(/^v1\.\d+\.\d+/);
    cli.child.kill(signal);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`${signal}, stopping`);
  });

  it('refuses a bad flag with a usage message and exit code 2', async () => {
    const cli = startCli(['--speed', 'fast']);
    expect(await cli.exited).toBe(2);
    expect(cli.errors()).toContain('--speed must be one of');
  });
});
