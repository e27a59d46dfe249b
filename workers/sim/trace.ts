/**
 * The trace bus: a bounded ring buffer of trace records (API requests, watch deliveries, scheduling
 * decisions, controller actions) that the UI and tests subscribe to. Old records fall off the end.
 */

/** The minimum every trace record carries; producers define their own tagged shapes on top. */
export interface TraceRecordBase {
  /** What produced it: 'request', 'watch', 'schedule', 'controller'... */
  kind: string;
  /** Virtual time (ms since the Unix epoch). */
  at: number;
}

/** A subscriber to new records. */
export type TraceListener<T> = (record: T) => void;

export const DEFAULT_TRACE_CAPACITY = 10_000;

/** A bounded ring of records with subscribers; `T` is the producers' union of record shapes. */
export class TraceBus<T extends TraceRecordBase = TraceRecordBase> {
  private readonly ring: (T | undefined)[];
  private head = 0;
  private count = 0;
  private droppedCount = 0;
  private readonly listeners = new Set<TraceListener<T>>();

  constructor(readonly capacity = DEFAULT_TRACE_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError(`trace capacity must be at least 1, got ${capacity}`);
    this.ring = Array.from<T | undefined>({ length: capacity });
  }

  /** Records held now (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Records that fell off the ring since creation. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Appends a record and tells every subscriber. */
  publish(record: T): void {
    const slot = (this.head + this.count) % this.capacity;
    if (this.count === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.droppedCount++;
    } else {
      this.count++;
    }
    this.ring[slot] = record;
    for (const fn of Array.from(this.listeners)) fn(record);
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(fn: TraceListener<T>): () => void {
    this.listeners.add(fn);
    return () => this.unsubscribe(fn);
  }

  unsubscribe(fn: TraceListener<T>): void {
    this.listeners.delete(fn);
  }

  /** Held records, oldest first, optionally only those of one kind. */
  records(kind?: string): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const r = this.ring[(this.head + i) % this.capacity]!;
      if (kind === undefined || r.kind === kind) out.push(r);
    }
    return out;
  }

  /** Drops every held record (subscribers stay). */
  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
