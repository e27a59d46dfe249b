import { describe, expect, it } from 'vitest';
import { containerPlan, fileExists, logsUntil, parseDurationMs, type ContainerInput } from './behaviour';
import { resolvePull, type ResolvedImage } from './images';

function image(ref: string): ResolvedImage {
  const r = resolvePull(ref);
  if (!r.ok) throw new Error(r.error);
  return r.image;
}

function plan(ref: string, c: Partial<ContainerInput> = {}, annotations: Record<string, string> = {}) {
  return containerPlan(image(ref), { name: 'c', ...c }, annotations);
}

describe('containerPlan', () => {
  it.each([
    ['busybox sh -c "exit 1"', plan('busybox', { command: ['sh', '-c', 'exit 1'] }), { atMs: 5, code: 1 }],
    ['busybox exit 3 after sleep', plan('busybox', { command: ['/bin/sh', '-c', 'sleep 2; exit 3'] }), { atMs: 2005, code: 3 }],
    ['busybox sleep 3600', plan('busybox', { command: ['sleep', '3600'] }), { atMs: 3_600_005, code: 0 }],
    ['busybox echo hi', plan('busybox', { command: ['echo', 'hi'] }), { atMs: 10, code: 0 }],
    ['busybox default sh without a tty', plan('busybox'), { atMs: 5, code: 0 }],
    ['busybox sleep infinity', plan('busybox', { args: ['sleep', 'infinity'] }), undefined],
    ['nginx', plan('nginx:1.27'), undefined],
    ['mysql without a password', plan('mysql:9'), { atMs: 500, code: 1 }],
    ['mysql with a password', plan('mysql:9', { env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'x' }] }), undefined],
    ['exit-code annotation', plan('nginx', {}, { 'sim.kubesim.io/exit-code': '2' }), { atMs: 1000, code: 2 }],
    ['crash-after for one container', plan('nginx', {}, { 'sim.kubesim.io/crash-after.c': '30s' }), { atMs: 30_000, code: 1 }],
    ['crash-after for another container', plan('nginx', {}, { 'sim.kubesim.io/crash-after.other': '30s' }), undefined],
    ['memory over the limit', plan('nginx', { resources: { limits: { memory: '64Mi' } } }, { 'sim.kubesim.io/memory': '100Mi' }), { atMs: 1000, code: 137, reason: 'OOMKilled' }],
    ['stress --vm-bytes 250M over 100Mi', plan('polinux/stress', { command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M'], resources: { limits: { memory: '100Mi' } } }), { atMs: 1000, code: 137, reason: 'OOMKilled' }],
  ])('%s', (_name, p, exit) => {
    expect(p.exit).toEqual(exit);
  });

  it('nginx serves on 80 after its start-up lines', () => {
    const p = plan('nginx:1.27');
    expect(p.ports).toEqual([80]);
    expect(p.termExitMs).toBe(100);
    expect(logsUntil(p, 10_000).map((l) => l.line)).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
  });

  it('a generic server listens on its declared container ports', () => {
    expect(plan('ghcr.io/acme/api:1', { ports: [{ containerPort: 9000 }] }).ports).toEqual([9000]);
    expect(plan('ghcr.io/acme/api:1').ports).toEqual([8080]);
  });

  it('follows touch and rm for exec probes, and loops for logs', () => {
    const p = plan('busybox', { args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'] });
    expect(fileExists(p, '/tmp/healthy', 1000)).toBe(true);
    expect(fileExists(p, '/tmp/healthy', 31_000)).toBe(false);
    const loop = plan('busybox', { command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'] });
    expect(loop.exit).toBeUndefined();
    expect(logsUntil(loop, 12_000).map((l) => l.line)).toEqual(['tick', 'tick', 'tick']);
  });

  it('ready-after and unhealthy-after annotations', () => {
    const p = plan('nginx', {}, { 'sim.kubesim.io/ready-after': '1m30s', 'sim.kubesim.io/unhealthy-after': '45' });
    expect(p.readyAfterMs).toBe(90_000);
    expect(p.unhealthyAfterMs).toBe(45_000);
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['30s', 30_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['10', 10_000],
    ['soon', undefined],
    ['', undefined],
  ])('%s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });
});
