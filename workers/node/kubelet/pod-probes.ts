/**
 * The probes of one pod's containers (the kubelet's probe manager, per pod): a worker per probe of
 * each container instance, the readiness and started results the status shows, Unhealthy events for
 * failed runs, and a restart (Killing) when a liveness or startup probe fails for good.
 */
import type { KubeObject } from '../../api/types';
import type { RuntimeContainer } from '../runtime/container-runtime';
import { podSpec, type ContainerSpec } from './pod-types';
import type { PodWorkerDeps } from './pod-worker';
import { ProbeWorker, type ProbeCallbacks, type ProbeKind } from './probe-worker';

/** What the probes of one container instance have settled on. */
export interface ProbeState {
  workers: ProbeWorker[];
  ready: boolean;
  started: boolean;
}

/**
 * What the probes need from their pod worker: the worker itself implements it (methods, not
 * closures per pod, which cost a few hundred bytes each with their contexts).
 */
export interface PodProbeOwner {
  probedPod(): KubeObject;
  isTerminating(): boolean;
  /** When the pod was first synced: probe periods tick from then. */
  probeOriginMs(): number | undefined;
  /** Syncs the pod soon (a result changed). */
  resync(): void;
}

/** The probes of one container instance. */
interface ProbeEntry extends ProbeState {
  id: string;
}

/** No container started yet (shared; replaced, never changed). */
const NO_ENTRIES: readonly ProbeEntry[] = Object.freeze([]);

/**
 * Probe workers of one pod, by container instance id: a short list (a pod has a container or
 * a few), in the order they started, made anew on every change.
 */
export class PodProbes {
  private entries: readonly ProbeEntry[] = NO_ENTRIES;

  constructor(
    private readonly deps: PodWorkerDeps,
    private readonly owner: PodProbeOwner,
  ) {}

  /** The settled results of a container instance. */
  state(containerId: string): ProbeState | undefined {
    for (const e of this.entries) if (e.id === containerId) return e;
    return undefined;
  }

  /**
   * Starts the probes of a container that just started, or, for a resumed kubelet, of one that
   * runs on with the results its status showed (`known`).
   */
  start(spec: ContainerSpec, c: RuntimeContainer, known?: { ready: boolean; started: boolean }): void {
    // Without such a probe the result is the kubelet's own (ready, started), whatever the status
    // said: the node lifecycle controller marks pods of an unreachable node not ready.
    const ready = spec.readinessProbe ? (known?.ready ?? false) : true;
    const started = spec.startupProbe ? (known?.started ?? false) : true;
    const state: ProbeEntry = { id: c.id, workers: [], ready, started };
    const at = this.entries.findIndex((e) => e.id === c.id);
    // Lists of the exact length (a spread or push leaves room to grow).
    if (at >= 0) this.entries = this.entries.map((e, i) => (i === at ? state : e));
    else this.entries = this.entries.length ? this.entries.concat(state) : [state];
    const podIP = this.deps.runtime.sandbox(c.podUid)?.ip ?? '';
    const specs: [ProbeKind, ContainerSpec['livenessProbe']][] = [['Startup', spec.startupProbe], ['Liveness', spec.livenessProbe], ['Readiness', spec.readinessProbe]];
    let hooks: ContainerProbeHooks | undefined;
    for (const [kind, probe] of specs) {
      if (!probe) continue;
      hooks ??= new ContainerProbeHooks(this, spec, c, state);
      const w = new ProbeWorker(kind, probe, c, spec, podIP, this.deps.clock, this.deps.timers, hooks);
      if (known) w.assume(kind === 'Readiness' ? known.ready : kind === 'Startup' ? known.started : true);
      state.workers.push(w);
      w.start(this.owner.probeOriginMs());
    }
  }

  /** A probe run failed: the Unhealthy event. */
  unhealthy(kind: ProbeKind, output: string): void {
    this.deps.recorder.event(this.owner.probedPod(), 'Warning', 'Unhealthy', `${kind} probe failed: ${output}`);
  }

  /** False while the kubelet is stopped. */
  active(): boolean {
    return this.deps.active();
  }

  /** A probe's settled result changed. */
  onResult(spec: ContainerSpec, c: RuntimeContainer, state: ProbeState, kind: ProbeKind, ok: boolean): void {
    if (kind === 'Readiness') state.ready = ok;
    if (kind === 'Startup') state.started = ok;
    if (!ok && kind !== 'Readiness' && !this.owner.isTerminating()) {
      const what = kind === 'Liveness' ? 'liveness' : 'startup';
      this.deps.recorder.event(this.owner.probedPod(), 'Normal', 'Killing', `Container ${spec.name} failed ${what} probe, will be restarted`);
      const probe = kind === 'Liveness' ? spec.livenessProbe : spec.startupProbe;
      const graceS = probe?.terminationGracePeriodSeconds ?? podSpec(this.owner.probedPod()).terminationGracePeriodSeconds ?? 30;
      void this.deps.runtime.stopContainer(c.id, graceS * 1000);
    }
    this.owner.resync();
  }

  /** Stops the probes of a container instance, or of all. */
  stop(containerId?: string): void {
    const kept: ProbeEntry[] = [];
    for (const st of this.entries) {
      if (containerId && st.id !== containerId) {
        kept.push(st);
        continue;
      }
      for (const w of st.workers) w.stop();
    }
    this.entries = kept.length ? kept.slice() : NO_ENTRIES;
  }

  /** Containers changed: the probes of dead instances stop, and they are no longer ready. */
  containersChanged(podUid: string): void {
    for (const st of this.entries) {
      const c = this.deps.runtime.containerById(st.id);
      if (!c || c.podUid !== podUid || c.state === 'exited') {
        for (const w of st.workers) w.stop();
        st.ready = false;
      }
    }
  }
}

/**
 * What the probe workers of one container instance report to their pod's probes: one object with
 * methods for all of them (closures per probe would cost a context and, under keepNames, a name
 * property each).
 */
class ContainerProbeHooks implements ProbeCallbacks {
  constructor(
    private readonly probes: PodProbes,
    private readonly spec: ContainerSpec,
    private readonly container: RuntimeContainer,
    private readonly state: ProbeState,
  ) {}

  onFailure(kind: ProbeKind, output: string): void {
    this.probes.unhealthy(kind, output);
  }

  onResult(kind: ProbeKind, ok: boolean): void {
    this.probes.onResult(this.spec, this.container, this.state, kind, ok);
  }

  started(): boolean {
    return this.state.started;
  }

  active(): boolean {
    return this.probes.active();
  }
}
