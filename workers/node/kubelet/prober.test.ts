import { describe, expect, it } from 'vitest';
import { containerPlan } from '../runtime/behaviour';
import { resolvePull } from '../runtime/images';
import { hookDurationMs, runProbe } from './prober';
import type { ContainerSpec, ProbeSpec } from './pod-types';

function planFor(ref: string, spec: ContainerSpec, annotations: Record<string, string> = {}) {
  const r = resolvePull(ref);
  if (!r.ok) throw new Error(r.error);
  return containerPlan(r.image, spec, annotations);
}

const web: ContainerSpec = { name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] };
const nginx = planFor('nginx', web);
const IP = '10.244.1.5';

describe('runProbe', () => {
  it.each<[string, ProbeSpec, number, boolean, string]>([
    ['http before listening', { httpGet: { path: '/', port: 80 } }, 100, false, `Get "http://${IP}:80/": dial tcp ${IP}:80: connect: connection refused`],
    ['http by port name', { httpGet: { path: '/', port: 'http' } }, 1000, true, ''],
    ['http on a path nginx does not serve', { httpGet: { path: '/healthz', port: 80 } }, 1000, false, 'HTTP probe failed with statuscode: 404'],
    ['http on a port nobody listens on', { httpGet: { path: '/', port: 8080 } }, 1000, false, `Get "http://${IP}:8080/": dial tcp ${IP}:8080: connect: connection refused`],
    ['tcp on 80', { tcpSocket: { port: 80 } }, 1000, true, ''],
    ['tcp on 443', { tcpSocket: { port: 443 } }, 1000, false, `dial tcp ${IP}:443: connect: connection refused`],
    ['unknown port name', { tcpSocket: { port: 'metrics' } }, 1000, false, 'unable to resolve port metrics'],
    ['exec', { exec: { command: ['nginx', '-t'] } }, 1000, true, ''],
  ])('%s', (_n, probe, at, ok, output) => {
    expect(runProbe(probe, nginx, web, IP, at)).toEqual({ ok, output });
  });

  it('exec cat fails once the file is removed, as in the liveness docs example', () => {
    const spec: ContainerSpec = { name: 'liveness', image: 'busybox', args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'] };
    const plan = planFor('registry.k8s.io/busybox', spec);
    const probe = { exec: { command: ['cat', '/tmp/healthy'] } };
    expect(runProbe(probe, plan, spec, IP, 10_000).ok).toBe(true);
    expect(runProbe(probe, plan, spec, IP, 35_000)).toEqual({ ok: false, output: "cat: can't open '/tmp/healthy': No such file or directory\n" });
  });

  it('unhealthy-after makes a healthy server fail its probes', () => {
    const plan = planFor('nginx', web, { 'sim.kubesim.io/unhealthy-after': '20s' });
    expect(runProbe({ httpGet: { path: '/', port: 80 } }, plan, web, IP, 19_000).ok).toBe(true);
    expect(runProbe({ httpGet: { path: '/', port: 80 } }, plan, web, IP, 21_000)).toEqual({ ok: false, output: 'HTTP probe failed with statuscode: 500' });
  });
});

describe('hookDurationMs', () => {
  it.each([
    [undefined, 0],
    [{ exec: { command: ['/bin/sh', '-c', 'sleep 15'] } }, 15_000],
    [{ sleep: { seconds: 5 } }, 5000],
    [{ httpGet: { path: '/shutdown', port: 80 } }, 10],
  ])('%j takes %d ms', (hook, ms) => {
    expect(hookDurationMs(hook)).toBe(ms);
  });
});
