/**
 * The kernel's pending events: a binary min-heap ordered by virtual time, then by insertion
 * sequence, so two events due at the same instant always run in the order they were scheduled.
 */

/** One scheduled event. */
export interface SimEvent {
  id: number;
  atMs: number;
  seq: number;
  label: string;
  fn: () => void;
  cancelled: boolean;
}

function before(x: SimEvent, y: SimEvent): boolean {
  return x.atMs < y.atMs || (x.atMs === y.atMs && x.seq < y.seq);
}

/** A min-heap of events; cancelled events are dropped lazily when they reach the top. */
export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private live = 0;

  /** Number of events still due (cancelled ones excluded). */
  get size(): number {
    return this.live;
  }

  push(ev: SimEvent): void {
    const h = this.heap;
    h.push(ev);
    this.live++;
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  /** Marks an event cancelled; it stays in the heap until it surfaces. */
  cancel(ev: SimEvent): void {
    if (ev.cancelled) return;
    ev.cancelled = true;
    this.live--;
  }

  /** The next live event without removing it. */
  peek(): SimEvent | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  /** Removes and returns the next live event. */
  pop(): SimEvent | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top) return undefined;
    this.removeTop();
    this.live--;
    return top;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.removeTop();
  }

  private removeTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
