import { describe, expect, it } from 'vitest';
import { statusFailure } from '../api/errors';
import { Kernel } from '../sim/kernel';
import { FakeHostTimer } from '../sim/fake-host-timer';
import { Client } from './client';
import { formatMicroTime, LeaderElector, type Lease } from './leader-election';
import { FakeApiServer } from './testing/fake-apiserver';
import { advance } from './testing/drive';

const EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0);
const LEASE_KEY = 'coordination.k8s.io/leases/kube-system/kube-scheduler';

function setup() {
  const kernel = new Kernel({ epochMs: EPOCH, host: new FakeHostTimer() });
  const fake = new FakeApiServer(() => kernel.now());
  const log: string[] = [];
  const make = (id: string) =>
    new LeaderElector({
      client: new Client(fake, { username: id, groups: [] }),
      clock: kernel,
      timers: kernel,
      namespace: 'kube-system',
      name: 'kube-scheduler',
      identity: id,
      callbacks: {
        onStartedLeading: () => log.push(`${(kernel.now() - EPOCH) / 1000}s ${id} started`),
        onStoppedLeading: () => log.push(`${(kernel.now() - EPOCH) / 1000}s ${id} stopped`),
        onNewLeader: (who) => log.push(`${id} sees ${who}`),
      },
    });
  const lease = () => fake.objects.get(LEASE_KEY) as Lease | undefined;
  return { kernel, fake, log, make, lease };
}

describe('formatMicroTime', () => {
  it('renders six fractional digits in UTC', () => {
    expect(formatMicroTime(EPOCH + 123)).toBe('2026-01-01T09:00:00.123000Z');
  });
});

describe('LeaderElector', () => {
  it('acquires an absent lease, renews every 2 s, keeps others out', async () => {
    const { kernel, log, make, lease } = setup();
    const a = make('a');
    const b = make('b');
    a.run();
    await advance(kernel, 0);
    b.run();
    expect(lease()?.spec).toEqual({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: '2026-01-01T09:00:00.000000Z',
      renewTime: '2026-01-01T09:00:00.000000Z',
      leaseTransitions: 0,
    });
    await advance(kernel, 60_000);
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    expect(b.getLeader()).toBe('a');
    expect(lease()?.spec?.renewTime).toBe(formatMicroTime(EPOCH + 60_000));
    expect(lease()?.spec?.acquireTime).toBe('2026-01-01T09:00:00.000000Z');
    expect(log).toEqual(['a sees a', '0s a started', 'b sees a']);
  });

  it('a leader that cannot renew for 10 s steps down; the other takes over after the lease expires', async () => {
    const { kernel, fake, log, make, lease } = setup();
    const a = make('a');
    const b = make('b');
    a.run();
    await advance(kernel, 0);
    b.run();
    await advance(kernel, 10_000);
    // From now on every write by "a" fails.
    for (let i = 0; i < 50; i++) fake.failNext((r) => r.user?.username === 'a' && r.method === 'PUT', statusFailure(500, 'InternalError', 'etcd down'));
    await advance(kernel, 40_000);
    expect(a.isLeader()).toBe(false);
    expect(b.isLeader()).toBe(true);
    // a renewed last at 10 s; its next round tries at 12, 14, ... 20 s and times out at 22 s.
    // b saw the lease change last at 10 s, so it may take it once 25 s have passed (retrying every 2 s).
    expect(log.filter((l) => !l.includes('sees'))).toEqual(['0s a started', '22s a stopped', '26s b started']);
    expect(log).toContain('b sees b');
    expect(lease()?.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, acquireTime: formatMicroTime(EPOCH + 26_000) });
  });

  it('releases on stop so the next candidate takes over at its next retry (b tries at 0, 2, 4, 6 s)', async () => {
    const { kernel, log, make, lease, fake } = setup();
    const a = new LeaderElector({
      client: new Client(fake, { username: 'a', groups: [] }),
      clock: kernel,
      timers: kernel,
      namespace: 'kube-system',
      name: 'kube-scheduler',
      identity: 'a',
      releaseOnCancel: true,
      callbacks: { onStoppedLeading: () => log.push('a stopped') },
    });
    const b = make('b');
    a.run();
    await advance(kernel, 0);
    b.run();
    await advance(kernel, 5_000);
    await a.stop();
    expect(lease()?.spec?.holderIdentity).toBe('');
    await advance(kernel, 2_000);
    expect(log).toEqual(['b sees a', 'a stopped', 'b sees b', '6s b started']);
    expect(lease()?.spec?.leaseTransitions).toBe(1);
  });

  it('rejects timings upstream rejects', () => {
    const { make } = setup();
    expect(() => make('a')).not.toThrow();
    const fake = new FakeApiServer();
    const k = new Kernel({ host: new FakeHostTimer() });
    const base = { client: new Client(fake, { username: 'x', groups: [] }), clock: k, timers: k, namespace: 'n', name: 'l', identity: 'x' };
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 10_000 })).toThrow('leaseDuration must be greater than renewDeadline');
    expect(() => new LeaderElector({ ...base, retryPeriodMs: 9_000 })).toThrow('renewDeadline must be greater than retryPeriod*JitterFactor');
  });
});
