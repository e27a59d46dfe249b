/**
 * One probe of one container instance, run on its period as the kubelet's prober worker: the first
 * run at the container's start, runs before initialDelaySeconds skipped, liveness and readiness held
 * until the startup probe has succeeded, results flipped only after successThreshold /
 * failureThreshold consecutive outcomes.
 */
import type { Clock, TimerId, Timers } from '../../sim/types';
import type { RuntimeContainer } from '../runtime/container-runtime';
import type { ContainerSpec, ProbeSpec } from './pod-types';
import { runProbe } from './prober';
import { StringInterner } from '../../api/bounded-memo';

/** The three probe kinds, spelled as in the Unhealthy event (`Readiness probe failed: ...`). */
export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';

/** What the worker reports. */
export interface ProbeCallbacks {
  /** Every failed run (the kubelet records an Unhealthy event for each). */
  onFailure(kind: ProbeKind, output: string): void;
  /** The settled result changed. */
  onResult(kind: ProbeKind, ok: boolean): void;
  /** Whether the startup probe has succeeded (liveness and readiness wait for it). */
  started(): boolean;
  /** False while the kubelet is stopped: the prober is part of it, so nothing is probed. */
  active(): boolean;
}

/** Timer labels, shared: every tick of every probe of a container name has the same one. */
const probeLabels = new StringInterner(1024);

function probeLabel(kind: ProbeKind, container: string): string {
  return probeLabels.intern(`probe ${kind} ${container}`);
}

/** A periodic probe. */
export class ProbeWorker {
  /** The settled result: readiness and startup start failed, liveness starts succeeded. */
  result: boolean;
  private run = 0;
  private lastOk: boolean | undefined;
  private timer: TimerId | undefined;
  private stopped = false;

  constructor(
    readonly kind: ProbeKind,
    private readonly probe: ProbeSpec,
    private readonly container: RuntimeContainer,
    private readonly spec: ContainerSpec,
    private readonly podIP: string,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly cb: ProbeCallbacks,
  ) {
    this.result = kind === 'Liveness';
  }

  private get periodMs(): number {
    return (this.probe.periodSeconds ?? 10) * 1000;
  }

  /**
   * Runs on the period's ticks. Upstream's worker is added with the pod, before its containers
   * start, and ticks from then on: the first probe of a container falls on the first tick after its
   * start (`originMs` is when the pod was first synced), not at the very moment it starts.
   */
  start(originMs = this.clock.now()): void {
    const since = Math.max(0, this.clock.now() - originMs);
    const firstMs = (this.periodMs - (since % this.periodMs)) % this.periodMs;
    this.timer = this.timers.after(firstMs, () => this.tick(), probeLabel(this.kind, this.spec.name));
  }

  /**
   * Takes a settled result as known (a resumed kubelet reads it from the container's ready and
   * started fields): as if the threshold of such outcomes had just been reached.
   */
  assume(ok: boolean): void {
    this.result = ok;
    this.lastOk = ok;
    this.run = ok ? (this.probe.successThreshold ?? 1) : (this.probe.failureThreshold ?? 3);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.cancel(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (this.stopped || this.container.state !== 'running') return;
    this.timer = this.timers.after(this.periodMs, () => this.tick(), probeLabel(this.kind, this.spec.name));
    const sinceStartMs = this.clock.now() - (this.container.startedAtMs ?? 0);
    if (Math.floor(sinceStartMs / 1000) < (this.probe.initialDelaySeconds ?? 0)) return;
    if (!this.cb.active()) return;
    if (this.kind !== 'Startup' && !this.cb.started()) return;
    // A startup probe that succeeded once is done.
    if (this.kind === 'Startup' && this.result) return;
    const outcome = runProbe(this.probe, this.container.plan, this.spec, this.podIP, sinceStartMs);
    if (!outcome.ok) this.cb.onFailure(this.kind, outcome.output);
    this.run = this.lastOk === outcome.ok ? this.run + 1 : 1;
    this.lastOk = outcome.ok;
    const threshold = outcome.ok ? (this.probe.successThreshold ?? 1) : (this.probe.failureThreshold ?? 3);
    if (this.run < threshold || this.result === outcome.ok) return;
    this.result = outcome.ok;
    this.cb.onResult(this.kind, outcome.ok);
    // Upstream puts a failed liveness/startup worker on hold until the container is replaced.
    if (!outcome.ok && this.kind !== 'Readiness') this.stop();
  }
}
