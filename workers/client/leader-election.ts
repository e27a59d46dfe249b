/**
 * Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection package with
 * kube-scheduler's and kube-controller-manager's defaults (lease 15 s, renew deadline 10 s, retry 2 s).
 * A candidate takes the lease when it is absent, released, or not renewed for a lease duration as
 * observed on its own clock; a leader that cannot renew within the renew deadline steps down.
 */
import { isApiError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { Clock, Rng, TimerId, Timers } from '../sim/types';
import type { Client, ResourceClient } from './client';

export const LEASE_DURATION_MS = 15_000;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;
/** client-go's JitterFactor for acquire retries. */
export const JITTER_FACTOR = 1.2;

/** coordination.k8s.io/v1 LeaseSpec. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectionCallbacks {
  onStartedLeading?(): void;
  /** Called when a leader stops leading (lost the lease, or stopped). */
  onStoppedLeading?(): void;
  /** Called when the observed leader changes (including to ourselves). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectorOptions {
  client: Client;
  clock: Clock;
  timers: Timers;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Jitter of acquire retries (retry period up to 2.2x, as client-go); none without an rng. */
  rng?: Rng;
  /** Give the lease up on stop, so the next candidate need not wait out the lease. */
  releaseOnCancel?: boolean;
  callbacks?: LeaderElectionCallbacks;
}

/** metav1.MicroTime as the API serialises it: RFC 3339 with six fractional digits. */
export function formatMicroTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T09:00:00.123Z
  return `${iso.slice(0, 23)}000Z`;
}

/** Parses a MicroTime (or any RFC 3339 time) to ms. */
export function parseMicroTime(s: string): number {
  return Date.parse(s);
}

const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

/** One candidate's leader election loop. */
export class LeaderElector {
  private readonly leases: ResourceClient<Lease>;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observedSpec: string | undefined;
  private observedHolder = '';
  private observedTimeMs = 0;
  private leading = false;
  private running = false;
  private timer: TimerId | undefined;
  private renewRoundStartMs = 0;
  private reportedLeader = '';

  constructor(private readonly opts: LeaderElectorOptions) {
    this.leases = opts.client.resource<Lease>(LEASES, opts.namespace);
    this.leaseDurationMs = opts.leaseDurationMs ?? LEASE_DURATION_MS;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? RENEW_DEADLINE_MS;
    this.retryPeriodMs = opts.retryPeriodMs ?? RETRY_PERIOD_MS;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
  }

  /** True while this candidate holds the lease. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The holder last observed (may be stale). */
  getLeader(): string {
    return this.observedHolder;
  }

  /** Starts trying to acquire, then renewing. */
  run(): void {
    if (this.running) return;
    this.running = true;
    void this.acquireAttempt();
  }

  /** Stops the loop; a leader steps down (and releases the lease if configured). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer !== undefined) this.opts.timers.cancel(this.timer);
    this.timer = undefined;
    const wasLeading = this.leading;
    if (wasLeading && this.opts.releaseOnCancel) await this.release();
    if (wasLeading) this.stepDown();
  }

  private schedule(delayMs: number, fn: () => void, what: string): void {
    this.timer = this.opts.timers.after(delayMs, () => {
      this.timer = undefined;
      if (this.running) fn();
    }, `leaderelection:${this.opts.name}:${what}`);
  }

  private async acquireAttempt(): Promise<void> {
    const ok = await this.tryAcquireOrRenew();
    if (!this.running) return;
    if (ok) {
      this.leading = true;
      this.opts.callbacks?.onStartedLeading?.();
      this.renewRoundStartMs = this.opts.clock.now();
      this.schedule(this.retryPeriodMs, () => void this.renewAttempt(), 'renew');
      return;
    }
    const jitter = this.opts.rng ? this.opts.rng.next() * JITTER_FACTOR * this.retryPeriodMs : 0;
    this.schedule(this.retryPeriodMs + jitter, () => void this.acquireAttempt(), 'acquire');
  }

  /** One renew try; the round fails once renewDeadline passes without a success. */
  private async renewAttempt(): Promise<void> {
    const ok = await this.tryAcquireOrRenew();
    if (!this.running) return;
    const now = this.opts.clock.now();
    if (ok) {
      this.renewRoundStartMs = now + this.retryPeriodMs;
      this.schedule(this.retryPeriodMs, () => void this.renewAttempt(), 'renew');
      return;
    }
    const deadlineMs = this.renewRoundStartMs + this.renewDeadlineMs;
    if (now + this.retryPeriodMs >= deadlineMs) {
      // No retry fits before the deadline: the round times out then ("failed to renew lease ...:
      // timed out waiting for the condition"), and upstream's process exits.
      this.timer = this.opts.timers.at(deadlineMs, () => {
        this.timer = undefined;
        if (!this.running) return;
        this.running = false;
        this.stepDown();
      }, `leaderelection:${this.opts.name}:renew-deadline`);
      return;
    }
    this.schedule(this.retryPeriodMs, () => void this.renewAttempt(), 'renew');
  }

  private stepDown(): void {
    if (!this.leading) return;
    this.leading = false;
    this.opts.callbacks?.onStoppedLeading?.();
  }

  private observe(spec: LeaseSpec | undefined, nowMs: number): void {
    const raw = JSON.stringify(spec ?? {});
    if (raw !== this.observedSpec) {
      this.observedSpec = raw;
      this.observedTimeMs = nowMs;
      this.observedHolder = spec?.holderIdentity ?? '';
    }
    if (this.observedHolder && this.observedHolder !== this.reportedLeader) {
      this.reportedLeader = this.observedHolder;
      this.opts.callbacks?.onNewLeader?.(this.observedHolder);
    }
  }

  private newSpec(nowMs: number): LeaseSpec {
    const t = formatMicroTime(nowMs);
    return {
      holderIdentity: this.opts.identity,
      leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
      acquireTime: t,
      renewTime: t,
      leaseTransitions: 0,
    };
  }

  /** Gets or creates the lease, then takes or renews it if allowed. True on success. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const nowMs = this.opts.clock.now();
    const spec = this.newSpec(nowMs);
    let lease: Lease;
    try {
      lease = await this.leases.get(this.opts.name);
    } catch (e) {
      if (!isApiError(e) || e.code !== 404) return false;
      try {
        const created = await this.leases.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.opts.name, namespace: this.opts.namespace }, spec });
        this.observe(created.spec, nowMs);
        return true;
      } catch {
        return false;
      }
    }
    this.observe(lease.spec, nowMs);
    const iAmHolder = this.observedHolder === this.opts.identity;
    const valid = this.observedTimeMs + this.leaseDurationMs > nowMs;
    if (this.observedHolder && valid && !iAmHolder) return false;
    if (iAmHolder) {
      spec.acquireTime = lease.spec?.acquireTime ?? spec.acquireTime;
      spec.leaseTransitions = lease.spec?.leaseTransitions ?? 0;
    } else {
      spec.leaseTransitions = (lease.spec?.leaseTransitions ?? 0) + 1;
    }
    try {
      const updated = await this.leases.update({ ...lease, spec });
      this.observe(updated.spec, nowMs);
      return true;
    } catch {
      return false;
    }
  }

  /** Gives the lease up: empty holder, 1 s duration, as client-go's release. */
  async release(): Promise<boolean> {
    try {
      const lease = await this.leases.get(this.opts.name);
      if (lease.spec?.holderIdentity !== this.opts.identity) return false;
      const t = formatMicroTime(this.opts.clock.now());
      const spec: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: t, renewTime: t, leaseTransitions: lease.spec?.leaseTransitions ?? 0 };
      await this.leases.update({ ...lease, spec });
      return true;
    } catch {
      return false;
    }
  }
}
