/**
 * Drives a lockstep system (the cluster's kernel plus its node shards) window by window: to a
 * virtual time, one instant at a time, or in real time at a multiple of wall time or as fast as
 * possible. Windows never exceed half the network latency past the next due event, so nothing sent
 * inside a window can be due inside it (workers/sim/lockstep-protocol.ts). The only reader of the
 * host's clock besides the kernel's own driver.
 */
import { RealHostTimer, type HostHandle, type HostTimer } from './host-timer';
import { MAX_SPEED, MIN_SPEED, type KernelSpeed } from './kernel';

/** What the driver advances. */
export interface LockstepSystem {
  now(): number;
  /** The earliest due event anywhere (master, shards, messages in flight). */
  nextEventAt(): number | undefined;
  /** Runs every side up to `untilMs` and swaps messages. */
  runWindow(untilMs: number): Promise<void>;
  /** One-way network latency between the sides, virtual ms. */
  readonly latencyMs: number;
}

export interface LockstepDriverOptions {
  host?: HostTimer;
  /** Wall ms between real-time ticks. */
  tickMs?: number;
  /** Wall ms of work before yielding to the host at 'max' (so the page stays responsive). */
  sliceMs?: number;
}

/** Runs a LockstepSystem by hand or in real time. Calls never overlap: each waits for the last. */
export class LockstepDriver {
  private readonly host: HostTimer;
  private readonly tickMs: number;
  private readonly sliceMs: number;
  private speedValue: KernelSpeed = 1;
  private running = false;
  private pending: HostHandle | undefined;
  private lastWallMs = 0;
  /** While set, real time runs as fast as possible until `done()` or `untilMs` (see `warpUntil`). */
  private warp: { done: () => boolean; untilMs: number } | undefined;
  private busy: Promise<void> = Promise.resolve();
  private readonly tickHooks = new Set<() => void>();
  private errorHandler: (err: unknown) => void = (err) => {
    throw err;
  };

  constructor(
    private readonly sys: LockstepSystem,
    opts: LockstepDriverOptions = {},
  ) {
    this.host = opts.host ?? new RealHostTimer();
    this.tickMs = opts.tickMs ?? 16;
    this.sliceMs = opts.sliceMs ?? 12;
  }

  /** A host yield: lets every promise chain started by an instant settle. */
  readonly settle = (): Promise<void> => new Promise((resolve) => this.host.schedule(0, resolve));

  /** Runs after each batch of windows (persistence, the page's feed). */
  onTick(fn: () => void): () => void {
    this.tickHooks.add(fn);
    return () => this.tickHooks.delete(fn);
  }

  /** What to do when a window throws while running in real time (default: rethrow). */
  onError(fn: (err: unknown) => void): void {
    this.errorHandler = fn;
  }

  get speed(): KernelSpeed {
    return this.speedValue;
  }

  get paused(): boolean {
    return !this.running;
  }

  /** Advances virtual time to `targetMs` (stopping early when `stop` says so after a window). */
  advanceTo(targetMs: number, stop?: () => boolean): Promise<void> {
    return this.exclusive(async () => {
      while (this.sys.now() < targetMs) {
        await this.window(targetMs);
        if (stop?.()) break;
      }
      this.tick();
    });
  }

  /** Runs the next instant that has anything due, wherever it is; returns its time. */
  step(): Promise<number | undefined> {
    return this.exclusive(async () => {
      const next = this.sys.nextEventAt();
      if (next === undefined) return undefined;
      await this.sys.runWindow(Math.max(next, this.sys.now()));
      this.tick();
      return next;
    });
  }

  setSpeed(speed: KernelSpeed): void {
    if (speed !== 'max' && !(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
      throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, or 'max'; got ${speed}`);
    }
    this.speedValue = speed;
    this.lastWallMs = this.host.now();
  }

  /**
   * Runs real time as fast as possible, whatever the speed, until `done()` holds after a window or the
   * clock reaches `untilMs`; then the chosen speed goes on from there. For the cluster's boot: the
   * machines `kubeadm` already set up should not make a class wait for their first moments at 1x.
   * Speed never changes a history, so neither does a warp.
   */
  warpUntil(done: () => boolean, untilMs: number): void {
    if (done() || this.sys.now() >= untilMs) return;
    this.warp = { done, untilMs };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastWallMs = this.host.now();
    this.schedule(this.speedValue === 'max' || this.warp ? 0 : this.tickMs);
  }

  pause(): void {
    this.running = false;
    if (this.pending !== undefined) this.host.cancel(this.pending);
    this.pending = undefined;
  }

  /** Resolves when the current window (if any) has finished. */
  idle(): Promise<void> {
    return this.busy;
  }

  private schedule(delayMs: number): void {
    if (this.pending !== undefined) this.host.cancel(this.pending);
    this.pending = this.host.schedule(delayMs, () => {
      this.pending = undefined;
      void this.realTimeTick();
    });
  }

  /**
   * One host callback of the real-time driver: toward wall time elapsed times the speed (unbounded
   * at 'max' or while warping), for at most a slice of wall time. At a real-time speed a cluster too
   * busy to keep up falls behind rather than taking the whole core: after a slice the driver waits a
   * tick, so the page keeps drawing its frames (a worker that never rests takes a core the page's
   * pan and zoom need on a 2-core machine).
   */
  private async realTimeTick(): Promise<void> {
    if (!this.running) return;
    const wallStart = this.host.now();
    const elapsed = Math.max(0, wallStart - this.lastWallMs);
    this.lastWallMs = wallStart;
    const target = this.warp ? this.warp.untilMs : this.speedValue === 'max' ? Infinity : this.sys.now() + elapsed * this.speedValue;
    try {
      await this.exclusive(async () => {
        while (this.running && this.sys.now() < target && !this.warpDone()) {
          if (target === Infinity && this.sys.nextEventAt() === undefined) break;
          await this.window(target);
          if (this.host.now() - wallStart >= this.sliceMs) break;
        }
        if (this.warp && (this.sys.now() >= target || this.warpDone())) this.endWarp();
        this.tick();
      });
    } catch (err) {
      this.pause();
      this.errorHandler(err);
      return;
    }
    if (this.running) this.schedule(this.speedValue === 'max' || this.warp ? 0 : this.tickMs);
  }

  private warpDone(): boolean {
    return this.warp !== undefined && this.warp.done();
  }

  /** Back to the chosen speed, counting wall time from now (the warp owes the clock nothing). */
  private endWarp(): void {
    this.warp = undefined;
    this.lastWallMs = this.host.now();
  }

  /** One window toward `targetMs`: up to the next due event plus half a latency, at most. */
  private async window(targetMs: number): Promise<void> {
    const next = this.sys.nextEventAt();
    const until = next === undefined || next > targetMs ? targetMs : Math.min(targetMs, Math.max(next, this.sys.now()) + this.sys.latencyMs / 2);
    if (until === Infinity) return;
    await this.sys.runWindow(until);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn);
    this.busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private tick(): void {
    for (const fn of Array.from(this.tickHooks)) fn();
  }
}
