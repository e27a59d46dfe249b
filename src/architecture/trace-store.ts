/**
 * The architecture view's state: the newest messages from the worker's trace feed (bounded), the
 * message rate per arrow over the last second of wall time, and the message a person clicked.
 */
import { create } from 'zustand';
import type { TraceBatch, TraceMessage } from '../../workers/cluster/trace-stream';

/** Messages kept for the log. */
export const MAX_MESSAGES = 300;
const RATE_WINDOW_MS = 1_000;

interface Arrival {
  wallMs: number;
  counts: Record<string, number>;
}

export interface TraceState {
  messages: TraceMessage[];
  /** Wall time each kept message arrived (for its animation), by seq. */
  arrivedAt: Map<number, number>;
  arrivals: Arrival[];
  selected?: number;
  /**
   * Stepping (the cluster paused): the seq of the last message shown; newer ones wait to be shown
   * one at a time. Undefined while the cluster runs (everything shows).
   */
  cursor?: number;
  /** Set when "Next message" asked the cluster for its next event: its first message shows on arrival. */
  revealOnArrival: boolean;
  applyBatch(batch: TraceBatch, wallMs: number): void;
  startStepping(): void;
  stopStepping(): void;
  /** Shows the next waiting message (its dot starts now); false when none waits. */
  revealNext(wallMs: number): boolean;
  askNextEvent(): void;
  select(seq: number | undefined): void;
  clear(): void;
}

/** The messages shown now: all of them, or while stepping those up to the cursor. */
export function shownMessages(messages: readonly TraceMessage[], cursor: number | undefined): readonly TraceMessage[] {
  return cursor === undefined ? messages : messages.filter((m) => m.seq <= cursor);
}

/** Messages per second per arrow (`from>to`) over the last second before `wallMs`. */
export function ratesAt(arrivals: readonly Arrival[], wallMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of arrivals) {
    if (wallMs - a.wallMs > RATE_WINDOW_MS) continue;
    for (const [k, n] of Object.entries(a.counts)) out[k] = (out[k] ?? 0) + n;
  }
  return out;
}

export const useTraceStore = create<TraceState>((set, get) => ({
  messages: [],
  arrivedAt: new Map(),
  arrivals: [],
  revealOnArrival: false,
  startStepping: () => set((s) => (s.cursor === undefined ? { cursor: s.messages[s.messages.length - 1]?.seq ?? 0 } : {})),
  stopStepping: () => set({ cursor: undefined, revealOnArrival: false }),
  revealNext(wallMs) {
    const s = get();
    if (s.cursor === undefined) return false;
    const next = s.messages.find((m) => m.seq > s.cursor!);
    if (!next) return false;
    const arrivedAt = new Map(s.arrivedAt);
    arrivedAt.set(next.seq, wallMs);
    set({ cursor: next.seq, arrivedAt, selected: undefined });
    return true;
  },
  askNextEvent: () => set({ revealOnArrival: true }),
  applyBatch(batch, wallMs) {
    set((s) => {
      const messages = [...s.messages, ...batch.messages].slice(-MAX_MESSAGES);
      const arrivedAt = new Map<number, number>();
      const kept = new Set(messages.map((m) => m.seq));
      for (const [seq, t] of s.arrivedAt) if (kept.has(seq)) arrivedAt.set(seq, t);
      for (const m of batch.messages) arrivedAt.set(m.seq, wallMs);
      const arrivals = [...s.arrivals.filter((a) => wallMs - a.wallMs <= RATE_WINDOW_MS), { wallMs, counts: batch.counts }];
      // Stepping: the first message of the event asked for shows; the rest wait for "Next message".
      if (s.cursor !== undefined && s.revealOnArrival && batch.messages.length) {
        // The first message of the batch that is still kept (a huge batch loses its oldest).
        const first = batch.messages.find((m) => arrivedAt.has(m.seq)) ?? messages[0];
        return { messages, arrivedAt, arrivals, cursor: first.seq, revealOnArrival: false };
      }
      return { messages, arrivedAt, arrivals };
    });
  },
  select: (selected) => set({ selected }),
  clear: () => set((s) => ({ messages: [], arrivedAt: new Map(), arrivals: [], selected: undefined, cursor: s.cursor === undefined ? undefined : 0, revealOnArrival: false })),
}));
