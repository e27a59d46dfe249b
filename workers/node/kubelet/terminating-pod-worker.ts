/**
 * Graceful termination (pod_workers' terminating/terminated states and killPod): on deletion every
 * running container gets its preStop hook and SIGTERM, SIGKILL when the grace period runs out; then
 * the terminal status is written and the pod deleted for good with gracePeriodSeconds=0 and a UID
 * precondition, as the kubelet's status manager does.
 */
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import { isConflict, isNotFound } from '../../controllers/api-errors';
import { PodWorker, type PodWorkerDeps } from './pod-worker';
import { isSidecar } from './restart-policy';
import { podSpec, type ContainerSpec } from './pod-types';
import { hookDurationMs } from './prober';
import type { RestoredPod } from './pod-restore';
import { parseTime } from '../../controllers/meta-time';

const PODS = { group: '', version: 'v1', resource: 'pods' };

/** The smallest grace period left for a container after its preStop hook (minimumGracePeriodInSeconds). */
export const MINIMUM_GRACE_PERIOD_MS = 2000;

/** A pod worker that also terminates its pod. */
export class TerminatingPodWorker extends PodWorker {
  /** The pod is gone from the API; nothing is written for it any more. */
  removedFromApi = false;
  /** Everything stopped and cleaned up. */
  finished = false;
  private termination?: Promise<void>;
  /**
   * A pod taken back mid-termination (a resumed kubelet): its containers had their Killing Event,
   * preStop and SIGTERM before the reload; they get what is left of the grace period, quietly.
   */
  private resumedStopAtMs?: number;

  constructor(
    pod: KubeObject,
    deps: PodWorkerDeps,
    private readonly client: Client,
    private readonly onFinished: (uid: string) => void,
  ) {
    super(pod, deps);
  }

  /** The API object went away (deleted, possibly forcibly). */
  removed(): void {
    this.removedFromApi = true;
    this.schedule(0);
  }

  override resume(r: RestoredPod): void {
    const deadline = parseTime(this.pod.metadata.deletionTimestamp);
    super.resume(r);
    if (Number.isNaN(deadline)) return;
    this.resumedStopAtMs = deadline;
    this.schedule(0);
  }

  protected override async sync(): Promise<void> {
    if (this.finished) return;
    if (this.removedFromApi || this.pod.metadata.deletionTimestamp) {
      this.termination ??= this.terminate();
      return this.termination;
    }
    return super.sync();
  }

  private gracePeriodMs(): number {
    const meta = this.pod.metadata as { deletionGracePeriodSeconds?: number };
    const s = meta.deletionGracePeriodSeconds ?? podSpec(this.pod).terminationGracePeriodSeconds ?? 30;
    return s * 1000;
  }

  private async terminate(): Promise<void> {
    this.terminating = true;
    this.probes.stop();
    const startMs = this.deps.clock.now();
    const resumedStopAtMs = this.resumedStopAtMs;
    const quiet = resumedStopAtMs !== undefined;
    const graceMs = quiet ? Math.max(0, resumedStopAtMs - startMs) : this.gracePeriodMs();
    const spec = podSpec(this.pod);
    const sidecars = (spec.initContainers ?? []).filter(isSidecar);
    // Regular containers (and plain init containers) all at once; then the sidecars, last first,
    // with what is left of the grace period (upstream's killContainersWithSyncResult).
    const regular = [...(spec.initContainers ?? []).filter((s) => !isSidecar(s)), ...spec.containers];
    await Promise.all(regular.map((cs) => this.stopNamed(cs, graceMs, quiet)));
    for (const cs of [...sidecars].reverse()) await this.stopNamed(cs, Math.max(graceMs - (this.deps.clock.now() - startMs), MINIMUM_GRACE_PERIOD_MS), quiet);
    this.clearWaiting();
    if (!this.removedFromApi) {
      await this.postStatus(true);
      await this.finalDelete();
    }
    this.deps.runtime.removePodSandbox(this.uid);
    this.deps.statuses.remove(this.pod.metadata.uid!);
    this.deps.puller.forgetPod(this.pod.metadata.uid!);
    this.finished = true;
    this.onFinished(this.uid);
  }

  /** Stops the running instance of one container, if any, with a Killing event (`quiet`: it had it). */
  private async stopNamed(cs: ContainerSpec, graceMs: number, quiet = false): Promise<void> {
    const c = this.deps.runtime.container(this.uid, cs.name);
    if (!c || c.state === 'exited') return;
    if (quiet) return this.deps.runtime.stopContainer(c.id, graceMs);
    this.deps.recorder.event(this.pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
    await this.stopOne(c.id, graceMs, cs.lifecycle?.preStop ? hookDurationMs(cs.lifecycle.preStop) : 0);
  }

  /** preStop (eating into the grace period), then SIGTERM with what is left, at least 2 s. */
  private async stopOne(id: string, graceMs: number, preStopMs: number): Promise<void> {
    if (preStopMs > 0) {
      const hookMs = Math.min(preStopMs, graceMs);
      await new Promise<void>((r) => this.deps.timers.after(hookMs, r, 'preStop'));
    }
    const left = Math.max(graceMs - preStopMs, preStopMs > 0 ? MINIMUM_GRACE_PERIOD_MS : 0);
    await this.deps.runtime.stopContainer(id, left);
  }

  private async finalDelete(): Promise<void> {
    if (!this.deps.active()) return;
    const m = this.pod.metadata;
    try {
      await this.client.resource(PODS, m.namespace).delete(m.name!, { gracePeriodSeconds: 0, preconditions: { uid: m.uid } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}
