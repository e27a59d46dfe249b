/**
 * The host's clock and timers, behind an interface: the kernel's real-time driver is the only code
 * that reads wall-clock time, and tests replace it with a fake they drive by hand.
 */

/** A handle to a scheduled host callback. */
export type HostHandle = unknown;

/** Wall-clock time and callbacks from the host event loop (browser, worker or Node). */
export interface HostTimer {
  /** Monotonic wall-clock milliseconds. */
  now(): number;
  /** Runs `fn` after `delayMs` of wall time; 0 means "as soon as the host has handled other work". */
  schedule(delayMs: number, fn: () => void): HostHandle;
  cancel(handle: HostHandle): void;
}

/** The real host: performance.now, setTimeout, and a MessageChannel (or setImmediate) for zero delays. */
export class RealHostTimer implements HostTimer {
  private readonly channel?: MessageChannel;
  private readonly immediate = new Map<number, () => void>();
  private nextId = 1;

  constructor() {
    // setTimeout(0) is clamped to 4 ms after a few nested calls; a MessageChannel yields without delay.
    if (typeof setImmediate !== 'function' && typeof MessageChannel === 'function') {
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = (e: MessageEvent<number>) => {
        const fn = this.immediate.get(e.data);
        this.immediate.delete(e.data);
        fn?.();
      };
    }
  }

  now(): number {
    return performance.now();
  }

  schedule(delayMs: number, fn: () => void): HostHandle {
    if (delayMs > 0) return { timeout: setTimeout(fn, delayMs) };
    if (typeof setImmediate === 'function') return { immediate: setImmediate(fn) };
    if (this.channel) {
      const id = this.nextId++;
      this.immediate.set(id, fn);
      this.channel.port2.postMessage(id);
      return { message: id };
    }
    return { timeout: setTimeout(fn, 0) };
  }

  cancel(handle: HostHandle): void {
    const h = handle as { timeout?: ReturnType<typeof setTimeout>; immediate?: ReturnType<typeof setImmediate>; message?: number };
    if (h.timeout !== undefined) clearTimeout(h.timeout);
    if (h.immediate !== undefined) clearImmediate(h.immediate);
    if (h.message !== undefined) this.immediate.delete(h.message);
  }
}

let sharedHost: RealHostTimer | undefined;

/** Resolves after the host has handled other work (lets promise chains settle); a zero-delay yield. */
export function hostYield(): Promise<void> {
  sharedHost ??= new RealHostTimer();
  const host = sharedHost;
  return new Promise((resolve) => host.schedule(0, resolve));
}
