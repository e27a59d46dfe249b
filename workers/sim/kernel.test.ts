import { describe, expect, it } from 'vitest';
import { FakeHostTimer } from './fake-host-timer';
import { Kernel } from './kernel';
import { SeededRng } from './rng';

const EPOCH = Date.UTC(2026, 0, 1);

describe('Kernel event queue', () => {
  it('runs events by time, then by insertion order', () => {
    const k = new Kernel({ epochMs: EPOCH, host: new FakeHostTimer() });
    const order: string[] = [];
    k.after(20, () => order.push('b20'), 'b');
    k.after(10, () => order.push('a10'), 'a');
    k.after(20, () => order.push('c20'), 'c');
    k.after(0, () => order.push('d0'), 'd');
    k.runUntil(EPOCH + 100);
    expect(order).toEqual(['d0', 'a10', 'b20', 'c20']);
    expect(k.now()).toBe(EPOCH + 100);
  });

  it('step runs exactly one event and reports it; cancel removes one', () => {
    const k = new Kernel({ epochMs: EPOCH, host: new FakeHostTimer() });
    const order: string[] = [];
    k.after(5, () => order.push('x'), 'x');
    const y = k.after(6, () => order.push('y'), 'y');
    k.after(7, () => k.after(1, () => order.push('z2'), 'z2'), 'z');
    k.cancel(y);
    expect(k.pendingEvents).toBe(2);
    expect(k.step()).toEqual({ atMs: EPOCH + 5, label: 'x' });
    expect(order).toEqual(['x']);
    expect(k.now()).toBe(EPOCH + 5);
    expect(k.step()).toEqual({ atMs: EPOCH + 7, label: 'z' });
    expect(k.step()).toEqual({ atMs: EPOCH + 8, label: 'z2' });
    expect(k.step()).toBeUndefined();
    expect(order).toEqual(['x', 'z2']);
  });

  it('an instant in the past runs now, after events already due now', () => {
    const k = new Kernel({ epochMs: EPOCH, host: new FakeHostTimer() });
    const order: string[] = [];
    k.at(EPOCH, () => order.push('due'));
    k.at(EPOCH - 1000, () => order.push('late'));
    k.runUntilIdle();
    expect(order).toEqual(['due', 'late']);
    expect(k.now()).toBe(EPOCH);
  });

  it('runUntilIdle stops at its limit when events reschedule forever', () => {
    const k = new Kernel({ host: new FakeHostTimer() });
    const loop = (): void => void k.after(1, loop);
    loop();
    expect(k.runUntilIdle(50)).toBe(50);
    expect(k.pendingEvents).toBe(1);
  });

  it('is deterministic: same seed, same history', () => {
    function history(seed: number): string[] {
      const k = new Kernel({ epochMs: EPOCH, host: new FakeHostTimer() });
      const rng = new SeededRng(seed);
      const out: string[] = [];
      for (let i = 0; i < 50; i++) {
        const who = `w${i}`;
        const tick = (): void => {
          out.push(`${k.now() - EPOCH}:${who}`);
          if (out.length < 2000) k.after(rng.int(5), tick, who);
        };
        k.after(rng.int(100), tick, who);
      }
      k.runUntil(EPOCH + 10_000);
      return out;
    }
    expect(history(3)).toEqual(history(3));
    expect(history(3)).not.toEqual(history(4));
  });

  it('tick hooks run after each batch and can be removed', () => {
    const k = new Kernel({ host: new FakeHostTimer() });
    let ticks = 0;
    const off = k.onTick(() => ticks++);
    k.runUntil(10);
    k.step();
    expect(ticks).toBe(1);
    off();
    k.runUntil(20);
    expect(ticks).toBe(1);
  });

  it('onError receives a throwing event and the queue goes on', () => {
    const errors: string[] = [];
    const k = new Kernel({ host: new FakeHostTimer(), onError: (e, label) => errors.push(`${label}:${(e as Error).message}`) });
    let ran = false;
    k.after(1, () => {
      throw new Error('boom');
    }, 'bad');
    k.after(2, () => (ran = true));
    k.runUntilIdle();
    expect(errors).toEqual(['bad:boom']);
    expect(ran).toBe(true);
  });
});

describe('Kernel real-time driver', () => {
  it.each([
    [1, 1000, 1000],
    [4, 1000, 4000],
    [0.25, 1000, 250],
    [64, 500, 32_000],
  ])('at %sx, %i ms of wall time advance virtual time by %i ms', (speed, wallMs, virtualMs) => {
    const host = new FakeHostTimer();
    const k = new Kernel({ epochMs: EPOCH, host, tickMs: 16 });
    k.setSpeed(speed);
    const fired: number[] = [];
    for (let t = 0; t <= virtualMs * 2; t += 100) k.at(EPOCH + t, () => fired.push(t));
    k.start();
    host.advance(wallMs);
    // The last tick lands within one tick interval of the wall time elapsed.
    expect(k.now() - EPOCH).toBeLessThanOrEqual(virtualMs);
    expect(k.now() - EPOCH).toBeGreaterThan(virtualMs - 16 * speed - 1);
    expect(fired.every((t) => t <= k.now() - EPOCH)).toBe(true);
    expect(fired.length).toBe(Math.floor((k.now() - EPOCH) / 100) + 1);
  });

  it('pause stops time; start resumes without counting paused wall time', () => {
    const host = new FakeHostTimer();
    const k = new Kernel({ epochMs: 0, host, tickMs: 10 });
    k.start();
    host.advance(100);
    k.pause();
    expect(k.paused).toBe(true);
    const t = k.now();
    expect(t).toBe(100);
    host.advance(1000);
    expect(k.now()).toBe(t);
    expect(host.pending).toBe(0);
    k.start();
    host.advance(50);
    expect(k.now()).toBe(150);
  });

  it("'max' runs as fast as possible, one instant per host callback", () => {
    const host = new FakeHostTimer();
    const k = new Kernel({ epochMs: 0, host });
    let n = 0;
    const loop = (): void => {
      n++;
      if (n < 1000) k.after(1000, loop);
    };
    k.after(1000, loop);
    let ticks = 0;
    k.onTick(() => ticks++);
    k.setSpeed('max');
    k.start();
    // No wall time passes: each instant is its own zero-delay host callback.
    const callbacks = host.advance(0);
    expect(n).toBe(1000);
    expect(k.now()).toBe(1_000_000);
    expect(callbacks).toBeGreaterThanOrEqual(1000);
    expect(ticks).toBe(1);
    expect(host.pending).toBe(1); // the idle tick
  });

  it('bounds the events of one instant by count, then yields', () => {
    const host = new FakeHostTimer();
    const k = new Kernel({ epochMs: 0, host, maxEventsPerInstant: 10 });
    let n = 0;
    const spin = (): void => {
      if (++n < 35) k.after(0, spin);
    };
    k.after(0, spin);
    k.setSpeed('max');
    k.start();
    expect(host.advance(0, 1)).toBe(1);
    expect(n).toBe(10);
    host.advance(0, 1);
    expect(n).toBe(20);
    host.advance(0);
    expect(n).toBe(35);
    expect(k.now()).toBe(0);
  });

  it('changing speed keeps the wall time already spent at the old speed', () => {
    const host = new FakeHostTimer();
    const k = new Kernel({ epochMs: 0, host, tickMs: 10 });
    k.start();
    host.advance(105);
    k.setSpeed(4);
    host.advance(100);
    // 105 ms at 1x (the switch itself settles the 5 ms since the last tick), then 100 ms at 4x.
    expect(k.now()).toBe(105 + 100 * 4);
  });

  it('lets promise chains started by an event settle before the clock moves (real host)', async () => {
    const k = new Kernel({ epochMs: 0 });
    const seen: (string | number)[] = [];
    k.at(10, () => {
      void (async () => {
        for (let i = 0; i < 5; i++) await Promise.resolve();
        seen.push(`settled at ${k.now()}`);
        k.after(0, () => seen.push(`follow-up at ${k.now()}`));
      })();
    });
    k.at(20, () => seen.push(`b at ${k.now()}`));
    k.setSpeed('max');
    k.start();
    for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 1));
    k.pause();
    expect(seen).toEqual(['settled at 10', 'follow-up at 10', 'b at 20']);
  });

  it('runUntilSettled interleaves instants and promise chains the same way', async () => {
    const k = new Kernel({ epochMs: 0, host: new FakeHostTimer() });
    const seen: string[] = [];
    k.at(10, () => void Promise.resolve().then(() => seen.push(`a settled at ${k.now()}`)));
    k.at(20, () => seen.push(`b at ${k.now()}`));
    await k.runUntilSettled(100, () => new Promise((r) => setImmediate(r)));
    expect(seen).toEqual(['a settled at 10', 'b at 20']);
    expect(k.now()).toBe(100);
  });

  it('rejects speeds outside 0.25..64', () => {
    const k = new Kernel({ host: new FakeHostTimer() });
    expect(() => k.setSpeed(128)).toThrow(RangeError);
    expect(() => k.setSpeed(0.1)).toThrow(RangeError);
    k.setSpeed(64);
    expect(k.speed).toBe(64);
  });
});
