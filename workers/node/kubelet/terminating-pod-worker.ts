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
import { podSpec } from './pod-types';
import { hookDurationMs } from './prober';

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
    const graceMs = this.gracePeriodMs();
    const spec = podSpec(this.pod);
    const all = [...(spec.initContainers ?? []), ...spec.containers];
    const stops: Promise<void>[] = [];
    for (const c of this.deps.runtime.podContainers(this.uid)) {
      if (c.state === 'exited') continue;
      const cs = all.find((s) => s.name === c.name);
      this.deps.recorder.event(this.pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
      stops.push(this.stopOne(c.id, graceMs, cs?.lifecycle?.preStop ? hookDurationMs(cs.lifecycle.preStop) : 0));
    }
    await Promise.all(stops);
    this.waiting.clear();
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
