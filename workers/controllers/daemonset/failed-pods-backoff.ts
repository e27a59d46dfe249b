/**
 * The back-off between deletions of failed daemon pods on one node (upstream's failedPodsBackoff, a
 * client-go flowcontrol.Backoff of 1 s doubling to 15 min, without jitter): a kubelet that keeps
 * rejecting the pod must not make the controller hot-loop on create and delete.
 */

/** Upstream's initial and maximum failed-pod back-off. */
export const FAILED_POD_BACKOFF_INITIAL_MS = 1_000;
export const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;
/** At most this many keys are kept; the stalest go first (upstream GCs every minute instead). */
const MAX_ENTRIES = 10_000;

interface Entry {
  backoffMs: number;
  lastUpdateMs: number;
}

/** Per-key exponential back-off on virtual time. */
export class FailedPodsBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initialMs = FAILED_POD_BACKOFF_INITIAL_MS,
    readonly maxMs = FAILED_POD_BACKOFF_MAX_MS,
  ) {}

  /** An entry untouched for twice the maximum is forgotten (upstream's hasExpired). */
  private expired(e: Entry, nowMs: number): boolean {
    return nowMs - e.lastUpdateMs > 2 * this.maxMs;
  }

  /** The current back-off of a key (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** True while the key's back-off since its last step has not run out. */
  isInBackOffSinceUpdate(key: string, nowMs: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(e, nowMs)) return false;
    return nowMs - e.lastUpdateMs < e.backoffMs;
  }

  /** Steps the key: the initial back-off the first time (or after expiry), else double, capped. */
  next(key: string, nowMs: number): void {
    const e = this.entries.get(key);
    const backoffMs = !e || this.expired(e, nowMs) ? this.initialMs : Math.min(2 * e.backoffMs, this.maxMs);
    this.entries.delete(key);
    this.entries.set(key, { backoffMs, lastUpdateMs: nowMs });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** The back-off key of a DaemonSet's pod on a node, per observed generation (upstream's failedPodsBackoffKey). */
export function failedPodsBackoffKey(dsUid: string, observedGeneration: number, nodeName: string): string {
  return `${dsUid}/${observedGeneration}/${nodeName}`;
}
