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
  applyBatch(batch: TraceBatch, wallMs: number): void;
  select(seq: number | undefined): void;
  clear(): void;
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

export const useTraceStore = create<TraceState>((set) => ({
  messages: [],
  arrivedAt: new Map(),
  arrivals: [],
  applyBatch(batch, wallMs) {
    set((s) => {
      const messages = [...s.messages, ...batch.messages].slice(-MAX_MESSAGES);
      const arrivedAt = new Map<number, number>();
      const kept = new Set(messages.map((m) => m.seq));
      for (const [seq, t] of s.arrivedAt) if (kept.has(seq)) arrivedAt.set(seq, t);
      for (const m of batch.messages) arrivedAt.set(m.seq, wallMs);
      const arrivals = [...s.arrivals.filter((a) => wallMs - a.wallMs <= RATE_WINDOW_MS), { wallMs, counts: batch.counts }];
      return { messages, arrivedAt, arrivals };
    });
  },
  select: (selected) => set({ selected }),
  clear: () => set({ messages: [], arrivedAt: new Map(), arrivals: [], selected: undefined }),
}));
