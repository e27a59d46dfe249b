import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../client/workqueue';
import { advance } from '../../client/testing/drive';
import { FakeHostTimer } from '../../sim/fake-host-timer';
import { Kernel } from '../../sim/kernel';
import { QueueWorker } from './queue-worker';

function setup(maxRetries: number | undefined, failTimes: number) {
  const kernel = new Kernel({ epochMs: 0, host: new FakeHostTimer() });
  const queue = new WorkQueue<string>({ clock: kernel, timers: kernel, name: 't' });
  const calls: number[] = [];
  const errors: string[] = [];
  const worker = new QueueWorker(queue, kernel, async () => {
    calls.push(kernel.now());
    if (calls.length <= failTimes) throw new Error(`fail ${calls.length}`);
  }, { name: 't', maxRetries, onError: (k, e) => errors.push(`${k}: ${(e as Error).message}`) });
  worker.start();
  return { kernel, queue, calls, errors, worker };
}

describe('QueueWorker', () => {
  it('retries a failing key with the rate limiter back-off (5 ms doubling) until it succeeds', async () => {
    const { kernel, queue, calls, errors } = setup(undefined, 3);
    queue.add('a');
    await advance(kernel, 1000);
    expect(calls).toEqual([0, 5, 15, 35]);
    expect(errors).toEqual(['a: fail 1', 'a: fail 2', 'a: fail 3']);
    expect(queue.numRequeues('a')).toBe(0);
  });

  it('drops a key after maxRetries failures', async () => {
    const { kernel, queue, calls } = setup(2, 100);
    queue.add('a');
    await advance(kernel, 60_000);
    expect(calls).toHaveLength(3);
  });

  it('stops taking keys once stopped', async () => {
    const { kernel, queue, calls, worker } = setup(undefined, 0);
    worker.stop();
    queue.add('a');
    await advance(kernel, 100);
    expect(calls).toEqual([]);
  });

  it('starts taking keys only once the caches have synced', async () => {
    const kernel = new Kernel({ epochMs: 0, host: new FakeHostTimer() });
    const queue = new WorkQueue<string>({ clock: kernel, timers: kernel, name: 't' });
    const calls: number[] = [];
    let synced = false;
    const worker = new QueueWorker(queue, kernel, async () => void calls.push(kernel.now()), { name: 't', hasSynced: () => synced });
    worker.start();
    queue.add('a');
    await advance(kernel, 250);
    expect(calls).toEqual([]);
    synced = true;
    await advance(kernel, 1000);
    expect(calls).toEqual([300]);
    worker.stop();
  });
});
