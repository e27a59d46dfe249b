/**
 * ControllerExpectations as upstream's pkg/controller: a controller that created or deleted N objects
 * waits until its informer has observed them before it acts again, or until the expectations expire
 * (5 minutes of virtual time), so a lost watch event cannot wedge it.
 */
import type { Clock } from '../sim/types';

/** Upstream's ExpectationsTimeout. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

/** Outstanding adds and deletes of one controller key. */
export interface ControlleeExpectations {
  add: number;
  del: number;
  timestampMs: number;
}

/** Counts of creations and deletions a controller is still waiting to observe, per controller key. */
export class ControllerExpectations {
  private readonly records = new Map<string, ControlleeExpectations>();
  constructor(
    protected readonly clock: Clock,
    readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS,
  ) {}

  getExpectations(key: string): Readonly<ControlleeExpectations> | undefined {
    return this.records.get(key);
  }

  /** The keys still waiting to observe their own creations or deletions, by key. */
  pending(): { key: string; add: number; del: number }[] {
    const out: { key: string; add: number; del: number }[] = [];
    for (const [key, e] of this.records) if (e.add > 0 || e.del > 0) out.push({ key, add: Math.max(0, e.add), del: Math.max(0, e.del) });
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * True when the controller may sync: no record, every expectation met, or the record expired.
   */
  satisfiedExpectations(key: string): boolean {
    const e = this.records.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.timestampMs > this.timeoutMs;
  }

  /** Sets (replacing any previous record) the expected adds and deletes, stamped now. */
  setExpectations(key: string, add: number, del: number): void {
    this.records.set(key, { add, del, timestampMs: this.clock.now() });
  }

  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  /** Adds to the outstanding counts without touching the timestamp. */
  raiseExpectations(key: string, add: number, del: number): void {
    const e = this.records.get(key);
    if (!e) return;
    e.add += add;
    e.del += del;
  }

  /** Lowers the outstanding counts (a watch event, or a failed write that will never be observed). */
  lowerExpectations(key: string, add: number, del: number): void {
    const e = this.records.get(key);
    if (!e) return;
    e.add -= add;
    e.del -= del;
  }

  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  deleteExpectations(key: string): void {
    this.records.delete(key);
  }
}

/**
 * Deletion expectations that track which objects (by key) are expected to go, so a delete event for
 * an object the controller did not delete does not count (upstream's UIDTrackingControllerExpectations).
 */
export class UIDTrackingExpectations extends ControllerExpectations {
  private readonly uids = new Map<string, Set<string>>();
  /** Times expectDeletionsOf replaced keys still awaited (upstream logs an error each time). */
  clobbered = 0;

  /** Keys of the objects whose deletion is awaited. */
  getUIDs(controllerKey: string): ReadonlySet<string> | undefined {
    return this.uids.get(controllerKey);
  }

  /** Expects the deletion of exactly these objects. */
  expectDeletionsOf(controllerKey: string, deletedKeys: string[]): void {
    // Upstream logs "Clobbering existing delete keys" and replaces them; so do we, counting it.
    if ((this.uids.get(controllerKey)?.size ?? 0) > 0) this.clobbered++;
    this.uids.set(controllerKey, new Set(deletedKeys));
    this.expectDeletions(controllerKey, deletedKeys.length);
  }

  /** Records the deletion of one object; counts only if it was expected. */
  deletionObservedOf(controllerKey: string, deleteKey: string): void {
    const set = this.uids.get(controllerKey);
    if (set?.delete(deleteKey)) this.deletionObserved(controllerKey);
  }

  override deleteExpectations(key: string): void {
    this.uids.delete(key);
    super.deleteExpectations(key);
  }
}
