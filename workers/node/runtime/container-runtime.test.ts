import { describe, expect, it } from 'vitest';
import { TestClock, TestRng, TestTimers } from '../../apiserver/testkit';
import { ContainerRuntime } from './container-runtime';

function setup() {
  const clock = new TestClock();
  const timers = new TestTimers(clock);
  const changes: string[] = [];
  const rt = new ContainerRuntime({ clock, timers, rng: new TestRng(1), podCIDR: '10.244.2.0/24', onChange: (uid) => changes.push(uid), preloaded: ['registry.k8s.io/pause:3.10'] });
  return { clock, timers, rt, changes };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('ContainerRuntime', () => {
  it('pulls one image at a time: the second pull includes its wait', async () => {
    const { timers, rt } = setup();
    const a = rt.pullImage('nginx:1.27');
    const b = rt.pullImage('redis:7');
    timers.advance(10_000);
    const [ra, rb] = await Promise.all([a, b]);
    if (!ra.ok || !rb.ok) throw new Error('pull failed');
    expect(ra.totalMs).toBe(1590);
    expect(rb.pullMs).toBe(rb.image.pullMs);
    expect(rb.totalMs).toBe(1590 + rb.image.pullMs);
    expect(rt.imageStatus('docker.io/library/redis:7')).toBeDefined();
    expect(rt.imageStatus('registry.k8s.io/pause:3.10')).toBeDefined();
  });

  it('runs a container to its planned exit and SIGKILLs one that ignores SIGTERM', async () => {
    const { timers, rt, changes } = setup();
    const img = rt.pullImage('busybox');
    timers.advance(1000);
    const r = await img;
    if (!r.ok) throw new Error('pull failed');
    const sb = rt.runPodSandbox('p1');
    timers.advance(1000);
    expect((await sb).ip).toBe('10.244.2.2');
    const mk = (command: string[]) => {
      const p = rt.createContainer('p1', { name: command[0], command }, r.image, {});
      timers.advance(100);
      return p;
    };
    const crash = await mk(['sh', '-c', 'sleep 1; exit 2']);
    const sleeper = await mk(['sleep', '3600']);
    for (const c of [crash, sleeper]) {
      const s = rt.startContainer(c.id);
      timers.advance(100);
      await s;
    }
    timers.advance(2000);
    expect(crash).toMatchObject({ state: 'exited', exitCode: 2, reason: 'Error' });
    const stop = rt.stopContainer(sleeper.id, 5000);
    timers.advance(4999);
    await flush();
    expect(sleeper.state).toBe('running');
    timers.advance(1);
    await stop;
    expect(sleeper).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    expect(changes).toEqual(['p1', 'p1']);
    rt.removePodSandbox('p1');
    expect(rt.podContainers('p1')).toEqual([]);
    expect(rt.ipam?.inUse).toBe(0);
  });
});

describe('ContainerRuntime faults and traffic', () => {
  async function running(command?: string[]) {
    const s = setup();
    const pull = s.rt.pullImage(command ? 'busybox' : 'nginx:1.27');
    s.timers.advance(5000);
    const r = await pull;
    if (!r.ok) throw new Error('pull failed');
    const sb = s.rt.runPodSandbox('p1');
    s.timers.advance(1000);
    await sb;
    const created = s.rt.createContainer('p1', { name: 'c', command }, r.image, {});
    s.timers.advance(100);
    const c = await created;
    const started = s.rt.startContainer(c.id);
    s.timers.advance(100);
    await started;
    return { ...s, c };
  }

  it('killContainer: exit 137 with reason Error, reported once; nothing to kill afterwards', async () => {
    const { rt, c, changes } = await running(['sleep', '3600']);
    expect(rt.killContainer('p1', 'c')).toBe(true);
    expect(c).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    expect(changes).toEqual(['p1']);
    expect(rt.killContainer('p1', 'c')).toBe(false);
  });

  it('serveRequest: the listening nginx logs the request; nobody on another port', async () => {
    const { rt, c, timers } = await running();
    timers.advance(1000);
    expect(rt.serveRequest('p1', 8080, { clientIP: '10.244.0.5' })).toBeUndefined();
    expect(rt.serveRequest('p1', 80, { clientIP: '10.244.0.5' })).toBe('c');
    expect(c.appendedLogs).toHaveLength(1);
    expect(c.appendedLogs[0].line).toMatch(/^10\.244\.0\.5 - - \[01\/Jan\/2026:00:00:0\d \+0000\] "GET \/ HTTP\/1\.1" 200 615/);
  });

  it('appendLog keeps the newest 1000 lines', async () => {
    const { rt, c } = await running(['sleep', '3600']);
    for (let i = 0; i < 1005; i++) rt.appendLog('p1', 'c', `line ${i}`);
    expect(c.appendedLogs).toHaveLength(1000);
    expect(c.appendedLogs[0].line).toBe('line 5');
    expect(rt.appendLog('p1', 'missing', 'x')).toBe(false);
  });
});
