/**
 * Pods a Permit plugin asked to wait (upstream's waitingPod): the binding cycle holds until every
 * waiting plugin allows the pod, or one rejects it, or a plugin's wait times out.
 */
import type { TimerId, Timers } from '../../sim/types';
import type { Pod } from './types';
import { Code, newStatus, SUCCESS, type Status } from './status';

/** Upstream's maxTimeout for a Permit wait. */
export const MAX_PERMIT_WAIT_MS = 15 * 60_000;

/** Go's time.Duration text for whole milliseconds (`500ms`, `5s`, `1m30s`, `15m0s`). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const rest = (ms % 60_000) / 1000;
  const s = `${Number.isInteger(rest) ? rest : rest.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${s}`;
  return m > 0 ? `${m}m${s}` : s;
}

/** One pod waiting on Permit plugins. */
export class WaitingPod {
  private readonly pending = new Map<string, TimerId>();
  private settle!: (s: Status) => void;
  /** Resolves with Success once allowed, or the rejecting Status. */
  readonly outcome: Promise<Status>;

  constructor(
    readonly pod: Pod,
    waits: Map<string, number>,
    private readonly timers: Timers,
  ) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
    for (const [plugin, ms] of waits) {
      const id = timers.after(ms, () => this.reject(plugin, `rejected due to timeout after waiting ${goDuration(ms)} at plugin ${plugin}`), 'scheduler:permit-timeout');
      this.pending.set(plugin, id);
    }
  }

  /** The plugins still to allow the pod. */
  pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  /** `plugin` allows the pod; once all have, binding goes on. */
  allow(plugin: string): void {
    const id = this.pending.get(plugin);
    if (id === undefined) return;
    this.timers.cancel(id);
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.settle(SUCCESS);
  }

  /** Rejects the pod (the binding cycle fails with this message). */
  reject(plugin: string, message: string): void {
    for (const id of this.pending.values()) this.timers.cancel(id);
    this.pending.clear();
    this.settle(newStatus(Code.Unschedulable, message).withPlugin(plugin));
  }
}
