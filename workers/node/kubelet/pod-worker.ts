/**
 * One pod's worker (pkg/kubelet pod_workers + kuberuntime SyncPod): level-triggered syncs, one at a
 * time, that bring up the sandbox, run init containers in order, then the containers, restart them
 * by restartPolicy with crash back-off, run probes, and write the status. Deletion goes through
 * terminate.ts.
 */
import type { KubeObject } from '../../api/types';
import type { EventRecorder } from '../../client/component';
import type { Clock, Rng, TimerId, Timers } from '../../sim/types';
import type { ContainerRuntime, RuntimeContainer } from '../runtime/container-runtime';
import type { Backoff } from './backoff';
import { hasConfigRefs, type ConfigSource } from './config-refs';
import { crashLoopMessage, type ContainerView } from './container-status';
import { formatDuration as goDuration } from '../../api/duration';
import type { ImagePuller } from './image-puller';
import { generatePodStatus } from './pod-status';
import { formatPod, podSpec, type ContainerSpec, type PodStatus } from './pod-types';
import { sameJson, type RestoredPod } from './pod-restore';
import { parseImageRef } from '../runtime/image-ref';
import { NETWORK_NOT_READY } from './node-object';
import { PodProbes, type PodProbeOwner } from './pod-probes';
import { hookDurationMs } from './prober';
import { isSidecar, podFinished, restartPolicyOf, shouldRestart } from './restart-policy';
import type { StatusManager } from './status-manager';

/** What a pod worker shares with its kubelet. */
export interface PodWorkerDeps {
  clock: Clock;
  timers: Timers;
  rng: Rng;
  runtime: ContainerRuntime;
  recorder: EventRecorder;
  puller: ImagePuller;
  crashBackoff: Backoff;
  statuses: StatusManager;
  /** ConfigMaps and Secrets the pods reference. */
  config: ConfigSource;
  hostIP: string;
  /** False while the kubelet is stopped: nothing syncs. */
  active(): boolean;
}

/** The kubelet's retry delay after a failed sync (backOffPeriod), before jitter. */
export const SYNC_RETRY_MS = 10_000;
/** The PLEG relists containers every second; changes it sees sync the pod. */
export const PLEG_RELIST_PERIOD_MS = 1000;
/** Mount retries back off as the volume manager's operations do: 500 ms doubling to 2m2s. */
export const MOUNT_RETRY_INITIAL_MS = 500;
export const MOUNT_RETRY_MAX_MS = 122_000;


/** Keeps one pod converged. */
export class PodWorker implements PodProbeOwner {
  /** Why containers wait (pull errors, back-off), by name; made on first use (most pods never need it). */
  private waitingByName?: Map<string, { reason: string; message?: string }>;
  protected readonly probes: PodProbes;
  protected startTimeMs?: number;
  private syncing = false;
  private again = false;
  private retryTimer: TimerId | undefined;
  private mountRetryMs = 0;
  private sandboxSeenByPleg = true;
  /** Set when the kubelet failed the pod itself (activeDeadlineSeconds). */
  protected failed?: { reason: string; message: string };
  /** Every init container has completed once (sidecars started): never run again. */
  protected initialized = false;
  private mountTimer: TimerId | undefined;
  /** The pod is gone from the API (or being deleted): no more starts. */
  terminating = false;

  private readonly runtimeKey: string;

  constructor(
    public pod: KubeObject,
    protected readonly deps: PodWorkerDeps,
  ) {
    this.runtimeKey = pod.metadata.uid!;
    this.probes = new PodProbes(deps, this);
  }

  /** PodProbeOwner: the pod as last seen. */
  probedPod(): KubeObject {
    return this.pod;
  }

  /** PodProbeOwner: no more starts. */
  isTerminating(): boolean {
    return this.terminating;
  }

  /** PodProbeOwner: when the pod was first synced. */
  probeOriginMs(): number | undefined {
    return this.startTimeMs;
  }

  /** PodProbeOwner: a probe result changed. */
  resync(): void {
    this.schedule(0);
  }

  /**
   * The pod's key in the runtime: its UID when the worker started. A static pod keeps it (and its
   * containers) when its mirror pod is recreated under a new UID.
   */
  get uid(): string {
    return this.runtimeKey;
  }

  /** A recreated mirror pod takes over this static pod's worker: status goes to the new object. */
  adopt(pod: KubeObject): void {
    this.deps.statuses.remove(this.pod.metadata.uid!);
    this.pod = pod;
    this.schedule(0);
  }

  /** Takes a newer copy of the pod and syncs. */
  update(pod: KubeObject): void {
    this.pod = pod;
    this.schedule(0);
  }

  /** Runs a sync after `delayMs`. */
  schedule(delayMs = 0): void {
    this.deps.timers.after(delayMs, () => void this.runSync(), `pod-sync ${this.pod.metadata.name}`);
  }

  private async runSync(): Promise<void> {
    if (!this.deps.active()) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    try {
      await this.sync();
    } catch {
      // A failed sync (an API error, say) is retried after the back-off period, as pod workers do.
      this.retryLater();
    } finally {
      this.syncing = false;
      if (this.again) {
        this.again = false;
        this.schedule(0);
      }
    }
  }

  /** One sync; subclasses add termination. */
  protected async sync(): Promise<void> {
    if (this.deadlineExceeded()) return this.failForDeadline();
    if (podFinished(this.pod, this.deps.runtime, this.uid)) {
      await this.stopSidecars();
      return void (await this.postStatus());
    }
    if (this.startTimeMs === undefined) {
      this.startTimeMs = this.deps.clock.now();
      const deadlineS = podSpec(this.pod).activeDeadlineSeconds;
      if (deadlineS !== undefined) this.schedule(deadlineS * 1000);
    }
    await this.postStatus();
    if (!(await this.volumesMounted())) return;
    if (!this.deps.runtime.sandbox(this.uid)) {
      const hostNetwork = (this.pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true;
      if (!hostNetwork && !this.deps.runtime.networkReady) {
        this.deps.recorder.event(this.pod, 'Warning', 'NetworkNotReady', `network is not ready: ${NETWORK_NOT_READY[3]}`);
        this.retryLater();
        return;
      }
      try {
        await this.deps.runtime.runPodSandbox(this.uid, hostNetwork ? this.deps.hostIP : undefined);
      } catch (err) {
        const why = `plugin type="host-local" failed (add): ${(err as Error).message}`;
        this.deps.recorder.event(this.pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: ${why}`);
        this.retryLater();
        return;
      }
      this.sandboxSeenByPleg = false;
    }
    if (this.terminating) return;
    await this.postStatus();
    if (await this.syncInitContainers()) await this.syncContainers();
    this.deps.runtime.pruneExited(this.uid);
    await this.postStatus();
    if (!this.sandboxSeenByPleg) {
      // The PLEG's next relist sees the new sandbox and syncs the pod once more.
      this.sandboxSeenByPleg = true;
      this.schedule(PLEG_RELIST_PERIOD_MS);
    }
  }

  /** activeDeadlineSeconds has run out since the pod started here (the kubelet's activeDeadlineHandler). */
  private deadlineExceeded(): boolean {
    const deadlineS = podSpec(this.pod).activeDeadlineSeconds;
    return this.failed !== undefined || (deadlineS !== undefined && this.startTimeMs !== undefined && this.deps.clock.now() - this.startTimeMs >= deadlineS * 1000);
  }

  /** Kills every container and fails the pod with DeadlineExceeded; nothing starts again. */
  private async failForDeadline(): Promise<void> {
    if (!this.failed) {
      this.failed = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };
      this.deps.recorder.event(this.pod, 'Normal', 'DeadlineExceeded', this.failed.message);
    }
    const graceMs = (podSpec(this.pod).terminationGracePeriodSeconds ?? 30) * 1000;
    const running = this.deps.runtime.podContainers(this.uid).filter((c) => c.state !== 'exited');
    for (const c of running) this.deps.recorder.event(this.pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
    this.probes.stop();
    this.clearWaiting();
    await Promise.all(running.map((c) => this.deps.runtime.stopContainer(c.id, graceMs)));
    await this.postStatus();
  }

  /** The configMap and secret volumes mount; otherwise FailedMount events and a retry with back-off. */
  private async volumesMounted(): Promise<boolean> {
    if (this.deps.runtime.sandbox(this.uid) || !hasConfigRefs(this.pod)) return true;
    const failures = await this.deps.config.unmountable(this.pod);
    if (!failures.length) return true;
    for (const m of failures) this.deps.recorder.event(this.pod, 'Warning', 'FailedMount', m);
    this.mountRetryMs = Math.min(this.mountRetryMs ? this.mountRetryMs * 2 : MOUNT_RETRY_INITIAL_MS, MOUNT_RETRY_MAX_MS);
    if (this.mountTimer === undefined) {
      this.mountTimer = this.deps.timers.after(this.mountRetryMs, () => {
        this.mountTimer = undefined;
        void this.runSync();
      }, `mount-retry ${this.pod.metadata.name}`);
    }
    return false;
  }

  /** Retries after the kubelet's back-off period (10 s, jittered by up to half). */
  protected retryLater(): void {
    if (this.retryTimer !== undefined) return;
    const delay = SYNC_RETRY_MS + Math.floor(this.deps.rng.next() * SYNC_RETRY_MS * 0.5);
    this.retryTimer = this.deps.timers.after(delay, () => {
      this.retryTimer = undefined;
      void this.runSync();
    }, `pod-retry ${this.pod.metadata.name}`);
  }

  /**
   * Init containers one by one; true when all have completed. A sidecar (an init container with
   * restartPolicy Always) counts once it runs and its startup probe passed, and is restarted
   * whenever it dies, also after the pod is initialized.
   */
  private async syncInitContainers(): Promise<boolean> {
    for (const spec of podSpec(this.pod).initContainers ?? []) {
      const c = this.deps.runtime.container(this.uid, spec.name);
      if (isSidecar(spec)) {
        if (await this.syncSidecar(spec, c)) continue;
        return false;
      }
      if (this.initialized) continue;
      if (c?.state === 'exited' && c.exitCode === 0) continue;
      if (c && c.state !== 'exited') return false;
      if (c && (restartPolicyOf(this.pod) === 'Never' || !this.mayRestart(spec, c))) return false;
      await this.startContainer(spec);
      return false;
    }
    this.initialized = true;
    return true;
  }

  /** Keeps one sidecar running; true when the init sequence may go past it. */
  private async syncSidecar(spec: ContainerSpec, c: RuntimeContainer | undefined): Promise<boolean> {
    if (!c || c.state === 'exited') {
      if (c && !this.mayRestart(spec, c)) return this.initialized;
      await this.startContainer(spec);
      c = this.deps.runtime.container(this.uid, spec.name);
    }
    if (this.initialized) return true;
    return !!c && c.state === 'running' && !!this.probes.state(c.id)?.started;
  }

  /** Once the regular containers are done for good, the sidecars are stopped (as upstream). */
  private async stopSidecars(): Promise<void> {
    const grace = (podSpec(this.pod).terminationGracePeriodSeconds ?? 30) * 1000;
    for (const spec of [...(podSpec(this.pod).initContainers ?? [])].reverse()) {
      const c = this.deps.runtime.container(this.uid, spec.name);
      if (!isSidecar(spec) || !c || c.state === 'exited') continue;
      this.deps.recorder.event(this.pod, 'Normal', 'Killing', `Stopping container ${spec.name}`);
      await this.deps.runtime.stopContainer(c.id, grace);
    }
  }

  /** Regular containers: start the missing, restart the dead as restartPolicy says. */
  private async syncContainers(): Promise<void> {
    for (const spec of podSpec(this.pod).containers) {
      if (this.terminating) return;
      const c = this.deps.runtime.container(this.uid, spec.name);
      if (c && c.state !== 'exited') {
        if (await this.replaceChanged(spec, c)) await this.startContainer(spec);
        continue;
      }
      if (c && !shouldRestart(this.pod, c)) {
        this.waitingByName?.delete(spec.name);
        continue;
      }
      if (c && !this.mayRestart(spec, c)) continue;
      await this.startContainer(spec);
    }
  }

  /**
   * A running container whose spec changed (a new image: the one field of a container one may
   * change) is stopped to be started again at once, whatever the restartPolicy. True when stopped.
   */
  private async replaceChanged(spec: ContainerSpec, c: RuntimeContainer): Promise<boolean> {
    const wanted = parseImageRef(spec.image)?.fullName ?? spec.image;
    if (c.stopping || c.image.ref.fullName === wanted) return false;
    this.deps.recorder.event(this.pod, 'Normal', 'Killing', `Container ${spec.name} definition changed, will be restarted`);
    await this.deps.runtime.stopContainer(c.id, (podSpec(this.pod).terminationGracePeriodSeconds ?? 30) * 1000);
    return !this.terminating;
  }

  /** Crash back-off (kuberuntime doBackOff): in back-off, the container waits in CrashLoopBackOff. */
  private mayRestart(spec: ContainerSpec, dead: RuntimeContainer): boolean {
    const key = `${this.pod.metadata.name}_${this.pod.metadata.namespace}_${this.uid}_${spec.name}`;
    const finishedAt = dead.finishedAtMs ?? this.deps.clock.now();
    const backoff = this.deps.crashBackoff;
    if (backoff.isInBackOffSince(key, finishedAt)) {
      const pod = formatPod(this.pod);
      this.deps.recorder.event(this.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${pod}`);
      this.setWaiting(spec.name, { reason: 'CrashLoopBackOff', message: crashLoopMessage(goDuration(backoff.get(key)), spec.name, pod) });
      this.retryLater();
      return false;
    }
    backoff.next(key, finishedAt);
    return true;
  }

  /** Pull, create, start (kuberuntime startContainer), then the probes. */
  private async startContainer(spec: ContainerSpec): Promise<void> {
    const pulled = await this.deps.puller.ensureImage(this.pod, spec);
    // The kubelet may have been stopped while the pull ran: a dead process starts nothing.
    if (!this.deps.active()) return;
    if ('waiting' in pulled) {
      this.setWaiting(spec.name, pulled.waiting);
      if (pulled.waiting.reason !== 'ErrImageNeverPull' && pulled.waiting.reason !== 'InvalidImageName') this.retryLater();
      await this.postStatus();
      return;
    }
    if (this.terminating) return;
    const configError = hasConfigRefs(this.pod) ? await this.deps.config.envError(this.pod, spec) : undefined;
    if (configError) {
      this.deps.recorder.event(this.pod, 'Warning', 'Failed', `Error: ${configError}`);
      this.setWaiting(spec.name, { reason: 'CreateContainerConfigError', message: configError });
      this.retryLater();
      await this.postStatus();
      return;
    }
    this.waitingByName?.delete(spec.name);
    const annotations = this.pod.metadata.annotations ?? {};
    const c = await this.deps.runtime.createContainer(this.uid, spec, pulled.image, annotations);
    this.deps.recorder.event(this.pod, 'Normal', 'Created', `Created container: ${spec.name}`);
    await this.deps.runtime.startContainer(c.id);
    this.deps.recorder.event(this.pod, 'Normal', 'Started', `Started container ${spec.name}`);
    this.probes.start(spec, c);
    await this.postStatus();
    // The postStart hook runs to its end before the kubelet goes on (the next container waits).
    const postStartMs = spec.lifecycle?.postStart ? hookDurationMs(spec.lifecycle.postStart) : 0;
    if (postStartMs > 0) await new Promise<void>((r) => this.deps.timers.after(postStartMs, r, 'postStart'));
  }

  /** Records why a container waits. */
  protected setWaiting(name: string, why: { reason: string; message?: string }): void {
    (this.waitingByName ??= new Map()).set(name, why);
  }

  /** Forgets every waiting reason (the containers are being stopped). */
  protected clearWaiting(): void {
    this.waitingByName = undefined;
  }

  /** Builds views of every container for the status. */
  protected views(list: ContainerSpec[]): ContainerView[] {
    return list.map((spec) => {
      const latest = this.deps.runtime.container(this.uid, spec.name);
      const previous = this.deps.runtime.container(this.uid, spec.name, true);
      const st = latest ? this.probes.state(latest.id) : undefined;
      const running = latest?.state === 'running';
      let waiting = this.waitingByName?.get(spec.name);
      if (latest && latest.state !== 'exited') waiting = undefined;
      return { spec, latest, previous, waiting, ready: running && !!st?.ready && !!st.started, started: running && !!st?.started };
    });
  }

  /** Computes and queues the status. */
  async postStatus(terminal = false): Promise<void> {
    if (!this.deps.active()) return;
    await this.deps.statuses.set(this.pod, this.computeStatus(terminal));
  }

  private computeStatus(terminal: boolean): PodStatus {
    const spec = podSpec(this.pod);
    const sb = this.deps.runtime.sandbox(this.uid);
    return generatePodStatus({
      pod: this.pod,
      nowMs: this.deps.clock.now(),
      hostIP: this.deps.hostIP,
      podIP: sb?.ip,
      sandboxReady: !!sb && !terminal,
      startTimeMs: this.startTimeMs,
      initContainers: this.views(spec.initContainers ?? []),
      containers: this.views(spec.containers),
      initialized: this.initialized,
      terminal,
      failed: this.failed,
    });
  }

  /**
   * Takes back a pod this kubelet ran before the page was reloaded (pod-restore.ts put its sandbox
   * and containers back into the runtime): the worker's own state, the probes of running
   * containers, and the status as already written when it is what the API holds. Then it syncs
   * as the pod's state asks; a steady pod's sync changes nothing.
   */
  resume(r: RestoredPod): void {
    this.startTimeMs = r.startTimeMs;
    this.initialized = r.initialized;
    this.failed = r.failed;
    for (const [name, w] of r.waiting) this.setWaiting(name, w);
    for (const { spec, container, ready, started } of r.running) this.probes.start(spec, container, { ready, started });
    const status = this.computeStatus(false);
    if (sameJson(status, this.pod.status)) this.deps.statuses.markWritten(this.pod, status);
    const deadlineS = podSpec(this.pod).activeDeadlineSeconds;
    if (deadlineS !== undefined && r.startTimeMs !== undefined) this.schedule(Math.max(0, r.startTimeMs + deadlineS * 1000 - this.deps.clock.now()));
    if (r.firstSync === 'now') this.schedule(0);
    else if (r.firstSync === 'retry') this.retryLater();
  }

  /** Called by the runtime when one of this pod's containers changed. */
  onRuntimeChange(): void {
    this.probes.containersChanged(this.uid);
    this.schedule(0);
  }
}
