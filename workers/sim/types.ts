/** The simulation's sources of time and chance; components get these, never Date or Math.random. */

/** Virtual time. */
export interface Clock {
  /** Milliseconds since the Unix epoch, in virtual time. */
  now(): number;
}

/** A seeded, deterministic random source. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string;
  /** An independent generator derived from this one and a label (stable per label). */
  fork(label: string): Rng;
}

export type TimerId = number;

/** Schedules work in virtual time. */
export interface Timers {
  /** Runs `fn` at virtual time `atMs` (after everything already due at that time). */
  at(atMs: number, fn: () => void, label?: string): TimerId;
  /** Runs `fn` after `delayMs` of virtual time. */
  after(delayMs: number, fn: () => void, label?: string): TimerId;
  cancel(id: TimerId): void;
}
