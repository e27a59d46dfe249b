/**
 * Per-zone queues of nodes waiting for their NoExecute taint, each drained through a token bucket
 * of burst 1 (upstream zoneNoExecuteTainter: RateLimitedTimedQueue over a TokenBucketRateLimiter).
 * A node stays in its zone's set after being processed, so it is tainted once per episode, until
 * `remove` (the node became Ready again) clears it.
 */

interface ZoneQueue {
  order: string[];
  /** Names added and not removed, processed or not. */
  set: Set<string>;
  qps: number;
  /** Virtual ms the last token was taken; undefined: the bucket is full. */
  lastTakenMs?: number;
}

/** The per-zone tainting queues. */
export class NoExecuteTainter {
  private readonly zones = new Map<string, ZoneQueue>();

  constructor(private readonly defaultQps: number) {}

  private zone(z: string): ZoneQueue {
    let q = this.zones.get(z);
    if (!q) this.zones.set(z, (q = { order: [], set: new Set(), qps: this.defaultQps }));
    return q;
  }

  /** Makes sure a zone has a queue (upstream addPodEvictorForNewZone). */
  ensureZone(zone: string): void {
    this.zone(zone);
  }

  /** Queues a node; false when it is already in the zone's set. */
  add(zone: string, name: string): boolean {
    const q = this.zone(zone);
    if (q.set.has(name)) return false;
    q.set.add(name);
    q.order.push(name);
    return true;
  }

  /** Forgets a node entirely; true when it was known. */
  remove(zone: string, name: string): boolean {
    const q = this.zone(zone);
    const had = q.set.delete(name);
    if (had) q.order = q.order.filter((n) => n !== name);
    return had;
  }

  /** Swaps the zone's rate; a bucket that is empty now starts empty at the new rate (upstream SwapLimiter). */
  setQps(zone: string, qps: number, nowMs: number): void {
    const q = this.zone(zone);
    if (q.qps === qps) return;
    const wasEmpty = !this.canTake(q, nowMs);
    q.qps = qps;
    q.lastTakenMs = wasEmpty && qps > 0 ? nowMs : undefined;
  }

  private canTake(q: ZoneQueue, nowMs: number): boolean {
    if (q.qps <= 0) return false;
    return q.lastTakenMs === undefined || nowMs - q.lastTakenMs >= 1000 / q.qps;
  }

  /**
   * Processes queued nodes in order while tokens last (upstream Try): `fn` true takes the node off
   * the queue (it stays in the set), false keeps it at the head for the next pass.
   */
  async drain(nowMs: number, fn: (name: string) => Promise<boolean>): Promise<void> {
    for (const zone of [...this.zones.keys()].sort()) {
      const q = this.zones.get(zone)!;
      while (q.order.length > 0 && this.canTake(q, nowMs)) {
        q.lastTakenMs = nowMs;
        const name = q.order[0];
        if (!(await fn(name))) break;
        if (q.order[0] === name) q.order.shift();
      }
    }
  }

  /** When the next queued node may be processed; undefined when nothing waits or no zone may taint. */
  nextDueMs(nowMs: number): number | undefined {
    let next: number | undefined;
    for (const q of this.zones.values()) {
      if (q.order.length === 0 || q.qps <= 0) continue;
      const at = q.lastTakenMs === undefined ? nowMs : Math.max(nowMs, q.lastTakenMs + 1000 / q.qps);
      next = next === undefined ? at : Math.min(next, at);
    }
    return next;
  }
}
