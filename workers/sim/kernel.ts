/**
 * The simulation kernel: a virtual clock and a discrete-event queue (Clock and Timers for every
 * component), run by hand (`step`, `runUntil`, `runUntilIdle`, `runUntilSettled`) or by a real-time
 * driver that advances virtual time at a multiple of wall time. The driver is the only reader of the
 * host's clock. Synchronous runs (`runUntil`) do not let promise chains settle between events; code
 * that talks through the async transport is driven by the driver or by `runUntilSettled`.
 */
import { EventQueue, type SimEvent } from './event-queue';
import { RealHostTimer, type HostHandle, type HostTimer } from './host-timer';
import type { Clock, TimerId, Timers } from './types';

/** A multiple of wall time, or as fast as the host allows. */
export type KernelSpeed = number | 'max';

/** The speeds the driver accepts, as the dashboard offers them. */
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 64;

export interface KernelOptions {
  /** Virtual time at start (ms since the Unix epoch). */
  epochMs?: number;
  /** The host clock and timers the driver uses; default: the real one. */
  host?: HostTimer;
  /** Wall-time interval between driver ticks at finite speeds. */
  tickMs?: number;
  /** Wall time between tick hooks while the driver is busy (at 'max', or catching up). */
  sliceMs?: number;
  /** At most this many events run between two yields to the host (a bound on same-instant loops). */
  maxEventsPerInstant?: number;
  /** Called when an event throws; default: rethrow (tests want to see it). */
  onError?: (err: unknown, label: string) => void;
}

/** What `step` ran. */
export interface StepResult {
  atMs: number;
  label: string;
}

const DEFAULT_TICK_MS = 16;
const DEFAULT_SLICE_MS = 12;
const DEFAULT_MAX_EVENTS_PER_INSTANT = 10_000;

/** Clock + Timers over a deterministic event queue, with a pausable real-time driver. */
export class Kernel implements Clock, Timers {
  private nowMs: number;
  private seq = 0;
  /** Arrivals sort before local events due at the same instant (negative sequence numbers). */
  private arrivalSeq = -Number.MAX_SAFE_INTEGER;
  private nextId = 1;
  private readonly queue = new EventQueue();
  private readonly byId = new Map<TimerId, SimEvent>();
  private readonly tickHooks = new Set<() => void>();
  private readonly host: HostTimer;
  private readonly tickMs: number;
  private readonly sliceMs: number;
  private readonly maxEventsPerInstant: number;
  private readonly onError?: (err: unknown, label: string) => void;
  private speedValue: KernelSpeed = 1;
  private running = false;
  private pending: HostHandle | undefined;
  private lastWallMs = 0;
  private sliceStartWallMs = 0;
  /** Virtual time the current driver tick runs to; undefined between ticks. */
  private targetMs: number | undefined;
  private owedVirtualMs = 0;
  private executed = 0;

  constructor(opts: KernelOptions = {}) {
    this.nowMs = opts.epochMs ?? 0;
    this.host = opts.host ?? new RealHostTimer();
    this.tickMs = opts.tickMs ?? DEFAULT_TICK_MS;
    this.sliceMs = opts.sliceMs ?? DEFAULT_SLICE_MS;
    this.maxEventsPerInstant = opts.maxEventsPerInstant ?? DEFAULT_MAX_EVENTS_PER_INSTANT;
    this.onError = opts.onError;
  }

  now(): number {
    return this.nowMs;
  }

  /** Number of events still due. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Number of events run since creation (for traces and the bench). */
  get eventsRun(): number {
    return this.executed;
  }

  /** Virtual time of the next due event, if any. */
  nextEventAt(): number | undefined {
    return this.queue.peek()?.atMs;
  }

  at(atMs: number, fn: () => void, label = 'timer'): TimerId {
    const id = this.nextId++;
    // An instant in the past means "now, after what is already due now".
    const ev: SimEvent = { id, atMs: Math.max(atMs, this.nowMs), seq: this.seq++, label, fn, cancelled: false };
    this.queue.push(ev);
    this.byId.set(id, ev);
    return id;
  }

  /**
   * Schedules a message arriving from another kernel (lockstep, workers/sim/lockstep-protocol.ts).
   * Arrivals due at an instant run before that instant's local events, in the order they were
   * scheduled: when they were handed over then never changes their order, so a history does not
   * depend on where the lockstep windows fell.
   */
  arrival(atMs: number, fn: () => void, label = 'arrival'): TimerId {
    const id = this.nextId++;
    const ev: SimEvent = { id, atMs: Math.max(atMs, this.nowMs), seq: this.arrivalSeq++, label, fn, cancelled: false };
    this.queue.push(ev);
    this.byId.set(id, ev);
    return id;
  }

  after(delayMs: number, fn: () => void, label?: string): TimerId {
    return this.at(this.nowMs + Math.max(0, delayMs), fn, label);
  }

  cancel(id: TimerId): void {
    const ev = this.byId.get(id);
    if (!ev) return;
    this.byId.delete(id);
    this.queue.cancel(ev);
  }

  /** Registers a hook run after each batch of work (driver slice, step, runUntil); returns its remover. */
  onTick(fn: () => void): () => void {
    this.tickHooks.add(fn);
    return () => this.tickHooks.delete(fn);
  }

  /** Runs exactly the next event, moving the clock to its time; undefined when nothing is due. */
  step(): StepResult | undefined {
    const ev = this.runNext(Infinity);
    if (ev) this.tick();
    return ev && { atMs: ev.atMs, label: ev.label };
  }

  /** Runs every event due at or before `tMs`, then sets the clock to `tMs`. Returns events run. */
  runUntil(tMs: number): number {
    const n = this.drain(tMs, Infinity);
    if (tMs > this.nowMs) this.nowMs = tMs;
    this.tick();
    return n;
  }

  /** Runs events until none is due or `limit` have run (a bound against self-rescheduling loops). */
  runUntilIdle(limit = 1_000_000): number {
    const n = this.drain(Infinity, limit);
    this.tick();
    return n;
  }

  /** The driver's speed. */
  get speed(): KernelSpeed {
    return this.speedValue;
  }

  /** True when the driver is not running. */
  get paused(): boolean {
    return !this.running;
  }

  /** Sets the speed: 0.25..64 times wall time, or 'max'. */
  setSpeed(speed: KernelSpeed): void {
    if (speed !== 'max' && !(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
      throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, or 'max'; got ${speed}`);
    }
    if (this.running && this.speedValue !== 'max') {
      // Wall time already spent at the old speed is owed to the clock at the old rate.
      const wallNow = this.host.now();
      this.owedVirtualMs += Math.max(0, wallNow - this.lastWallMs) * this.speedValue;
      this.lastWallMs = wallNow;
    }
    this.speedValue = speed;
    if (this.running) {
      this.targetMs = undefined;
      this.reschedule(0);
    }
  }

  /** Starts (or resumes) the real-time driver. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastWallMs = this.host.now();
    this.owedVirtualMs = 0;
    this.targetMs = undefined;
    this.reschedule(this.speedValue === 'max' ? 0 : this.tickMs);
  }

  /** Stops the driver; virtual time stands still until `start`, `step` or `runUntil`. */
  pause(): void {
    this.running = false;
    this.targetMs = undefined;
    if (this.pending !== undefined) this.host.cancel(this.pending);
    this.pending = undefined;
  }

  private reschedule(delayMs: number): void {
    if (this.pending !== undefined) this.host.cancel(this.pending);
    this.pending = this.host.schedule(delayMs, () => {
      this.pending = undefined;
      this.driverTick();
    });
  }

  /**
   * One host callback of the driver. A tick fixes a virtual target (wall time elapsed times speed, or
   * unbounded at 'max'), then runs one instant per host callback: all events due at the next due time,
   * then a yield to the host. The yield lets every promise chain those events started settle before
   * the clock moves, so histories never depend on how the host sliced the work.
   */
  private driverTick(): void {
    if (!this.running) return;
    const wallNow = this.host.now();
    if (this.targetMs === undefined) {
      const elapsedWallMs = Math.max(0, wallNow - this.lastWallMs);
      this.lastWallMs = wallNow;
      this.targetMs = this.speedValue === 'max' ? Infinity : this.nowMs + this.owedVirtualMs + elapsedWallMs * this.speedValue;
      this.owedVirtualMs = 0;
      this.sliceStartWallMs = wallNow;
    }
    const target = this.targetMs;
    let more = false;
    try {
      this.runInstant(target);
      const next = this.queue.peek();
      more = next !== undefined && next.atMs <= target;
    } finally {
      if (this.running) this.afterInstant(more, target, wallNow);
    }
  }

  private afterInstant(more: boolean, target: number, wallNow: number): void {
    if (more) {
      // Persistence and the UI hear from us at least once per slice of wall time, even at 'max'.
      if (wallNow - this.sliceStartWallMs >= this.sliceMs) {
        this.sliceStartWallMs = wallNow;
        this.tick();
      }
      this.reschedule(0);
      return;
    }
    if (target !== Infinity && target > this.nowMs) this.nowMs = target;
    this.targetMs = undefined;
    this.tick();
    this.reschedule(this.tickMs);
  }

  /** Runs every event due at the next due time (if not after `untilMs`), at most maxEventsPerInstant. */
  private runInstant(untilMs: number): number {
    const first = this.queue.peek();
    if (!first || first.atMs > untilMs) return 0;
    const at = first.atMs;
    let n = 0;
    // A count bound, not a wall-time one: where an instant is cut must not depend on the machine.
    while (n < this.maxEventsPerInstant && this.runNext(at)) n++;
    return n;
  }

  /**
   * Advances virtual time to `tMs` instant by instant, awaiting `yieldFn` after each instant so that
   * promise chains (API calls through an async transport) settle in virtual time, as the driver does.
   */
  async runUntilSettled(tMs: number, yieldFn: () => Promise<void>, maxEvents = 1_000_000): Promise<number> {
    let n = 0;
    await yieldFn();
    while (n < maxEvents) {
      const ran = this.runInstant(tMs);
      if (ran === 0) break;
      n += ran;
      await yieldFn();
    }
    if (tMs > this.nowMs) this.nowMs = tMs;
    this.tick();
    return n;
  }

  /** Runs due events up to `untilMs`, at most `limit`. */
  private drain(untilMs: number, limit: number): number {
    let n = 0;
    while (n < limit && this.runNext(untilMs)) n++;
    return n;
  }

  private runNext(untilMs: number): SimEvent | undefined {
    const ev = this.queue.peek();
    if (!ev || ev.atMs > untilMs) return undefined;
    this.queue.pop();
    this.byId.delete(ev.id);
    if (ev.atMs > this.nowMs) this.nowMs = ev.atMs;
    this.executed++;
    try {
      ev.fn();
    } catch (err) {
      if (!this.onError) throw err;
      this.onError(err, ev.label);
    }
    return ev;
  }

  private tick(): void {
    for (const fn of Array.from(this.tickHooks)) fn();
  }
}
