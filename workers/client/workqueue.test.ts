import { describe, expect, it } from 'vitest';
import { Kernel } from '../sim/kernel';
import { FakeHostTimer } from '../sim/fake-host-timer';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, defaultControllerRateLimiter } from './rate-limiter';
import { WorkQueue } from './workqueue';

function newQueue(opts: { maxLength?: number } = {}) {
  const kernel = new Kernel({ epochMs: 0, host: new FakeHostTimer() });
  return { kernel, q: new WorkQueue<string>({ clock: kernel, timers: kernel, name: 'test', ...opts }) };
}

function drain(q: WorkQueue<string>): string[] {
  const out: string[] = [];
  for (let k = q.tryGet(); k !== undefined; k = q.tryGet()) {
    out.push(k);
    q.done(k);
  }
  return out;
}

describe('WorkQueue', () => {
  it('deduplicates pending keys and keeps FIFO order', () => {
    const { q } = newQueue();
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    expect(q.len()).toBe(3);
    expect(drain(q)).toEqual(['a', 'b', 'c']);
  });

  it('never hands out a key being processed; re-adds during processing requeue once on done', () => {
    const { q } = newQueue();
    q.add('a');
    q.add('b');
    expect(q.tryGet()).toBe('a');
    q.add('a');
    q.add('a');
    expect(q.tryGet()).toBe('b');
    expect(q.tryGet()).toBeUndefined();
    q.done('b');
    q.done('a');
    expect(q.tryGet()).toBe('a');
    q.done('a');
    expect(q.tryGet()).toBeUndefined();
  });

  it('get waits for a key and shutDown releases waiters', async () => {
    const { q } = newQueue();
    const first = q.get();
    q.add('x');
    expect(await first).toBe('x');
    expect(q.isProcessing('x')).toBe(true);
    const second = q.get();
    q.shutDown();
    expect(await second).toBeUndefined();
    q.add('y');
    expect(q.len()).toBe(0);
    // A key added while it was processing before shutdown still comes back for draining workers.
    q.done('x');
    expect(q.tryGet()).toBeUndefined();
    const { q: q2 } = newQueue();
    q2.add('a');
    q2.add('b');
    expect(q2.tryGet()).toBe('a');
    q2.add('a');
    q2.shutDown();
    expect(q2.tryGet()).toBe('b');
    q2.done('a');
    expect(q2.tryGet()).toBe('a');
    expect(await q2.get()).toBeUndefined();
  });

  it('addAfter waits in virtual time and keeps the earliest due time', () => {
    const { kernel, q } = newQueue();
    q.addAfter('a', 1000);
    q.addAfter('a', 500);
    q.addAfter('a', 2000);
    kernel.runUntil(499);
    expect(q.len()).toBe(0);
    kernel.runUntil(500);
    expect(drain(q)).toEqual(['a']);
    kernel.runUntil(5000);
    expect(q.len()).toBe(0);
  });

  it('addRateLimited backs off 5 ms doubling per failure; forget resets', () => {
    const { kernel, q } = newQueue();
    const due: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = kernel.now();
      q.addRateLimited('k');
      kernel.runUntilIdle();
      due.push(kernel.now() - start);
      drain(q);
    }
    expect(due).toEqual([5, 10, 20, 40, 80]);
    expect(q.numRequeues('k')).toBe(5);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });

  it('drops adds beyond its bound and counts them', () => {
    const { q } = newQueue({ maxLength: 2 });
    q.add('a');
    q.add('b');
    q.add('c');
    q.addAfter('d', 10);
    expect(q.dropped).toBe(2);
    expect(drain(q)).toEqual(['a', 'b']);
  });
});

describe('rate limiters', () => {
  it('exponential: 5 ms doubling, capped at 1000 s', () => {
    const r = new ItemExponentialFailureRateLimiter<string>();
    const seq = Array.from({ length: 20 }, () => r.when('x'));
    expect(seq.slice(0, 4)).toEqual([5, 10, 20, 40]);
    expect(seq[17]).toBe(5 * 2 ** 17); // 655.36 s
    expect(seq[18]).toBe(1_000_000);
    expect(r.when('y')).toBe(5);
    for (let i = 0; i < 2000; i++) r.when('z');
    expect(r.when('z')).toBe(1_000_000);
  });

  it('bucket: 100 burst, then 10 per second', () => {
    const clock = { ms: 0, now() { return this.ms; } };
    const b = new BucketRateLimiter<string>(clock, 10, 100);
    const delays = Array.from({ length: 103 }, (_, i) => b.when(`i${i}`));
    expect(delays.slice(0, 100).every((d) => d === 0)).toBe(true);
    expect(delays.slice(100).map((d) => Math.round(d))).toEqual([100, 200, 300]);
    clock.ms = 1000; // ten tokens back, three of them already spent
    expect(Math.round(b.when('later'))).toBe(0);
  });

  it('default controller limiter is the max of both', () => {
    const clock = { now: () => 0 };
    const r = defaultControllerRateLimiter<string>(clock);
    const d = Array.from({ length: 101 }, (_, i) => r.when(`k${i}`));
    expect(d[0]).toBe(5);
    expect(Math.round(d[100])).toBe(100);
    expect(r.numRequeues('k0')).toBe(1);
  });
});
