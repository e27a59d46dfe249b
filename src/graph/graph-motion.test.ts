import { describe, expect, it } from 'vitest';
import { GestureThrottle, type ThrottleHost } from './graph-motion';

/** A clock and timers moved by hand. */
function fakeHost() {
  let nowMs = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const host: ThrottleHost = {
    now: () => nowMs,
    after: (ms, fn) => {
      timers.set(next, { at: nowMs + ms, fn });
      return next++;
    },
    cancel: (h) => void timers.delete(h as number),
  };
  const advance = (ms: number) => {
    nowMs += ms;
    for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > nowMs) continue;
      timers.delete(id);
      t.fn();
    }
  };
  return { host, advance, pending: () => timers.size };
}

describe('GestureThrottle', () => {
  it('passes every change on at once while the view is still', () => {
    const { host } = fakeHost();
    const published: number[] = [];
    const t = new GestureThrottle(() => false, () => published.push(host.now()), 500, host);
    t.changed();
    t.changed();
    t.changed();
    expect(published).toEqual([0, 0, 0]);
  });

  it('while the view moves, publishes at most once per interval and always the trailing change', () => {
    const { host, advance, pending } = fakeHost();
    const published: number[] = [];
    const t = new GestureThrottle(() => true, () => published.push(host.now()), 500, host);
    t.changed(); // first change of the gesture: at once
    advance(100);
    t.changed(); // within the interval: waits for 500
    advance(100);
    t.changed(); // merged into the pending one
    expect(published).toEqual([0]);
    expect(pending()).toBe(1);
    advance(300);
    expect(published).toEqual([0, 500]);
    advance(1000);
    t.changed(); // the interval has passed: at once
    expect(published).toEqual([0, 500, 1500]);
  });

  it('drops a pending change when disposed', () => {
    const { host, advance } = fakeHost();
    const published: number[] = [];
    const t = new GestureThrottle(() => true, () => published.push(host.now()), 500, host);
    t.changed();
    t.changed();
    t.dispose();
    advance(1000);
    expect(published).toEqual([0]);
  });
});
