/**
 * A resumed kubelet reading back a pod it was running. The simulated machine's memory (containerd's
 * containers and sandboxes, the CNI's reservations, the kubelet's back-off and probe results) went
 * with the page; what the kubelet last wrote to the pod's status is the record it rebuilds from, as
 * a restarted kubelet rebuilds its pod workers from the runtime and the apiserver. The result is the
 * same machine: same container ids, attempts, start and exit times, same pod address, the crash
 * back-off where it was. Times come back at the status's one-second resolution.
 */
import { parseDuration } from '../../api/duration';
import type { KubeObject } from '../../api/types';
import { parseTime } from '../../controllers/meta-time';
import type { ContainerRuntime, ExitReason, RuntimeContainer } from '../runtime/container-runtime';
import { resolvePull, type ResolvedImage } from '../runtime/images';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, type Backoff } from './backoff';
import { podSpec, podStatusOf, type ContainerSpec, type ContainerState, type ContainerStatus } from './pod-types';

/** Waiting reasons after which the kubelet had a retry pending (its 10 s back-off period). */
const RETRY_REASONS = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError']);
/** Waiting reasons the kubelet only leaves when the pod's spec changes. */
const STUCK_REASONS = new Set(['ErrImageNeverPull', 'InvalidImageName']);

/** What the pod worker takes back. */
export interface RestoredPod {
  startTimeMs?: number;
  initialized: boolean;
  failed?: { reason: string; message: string };
  /** Why containers wait (the reasons the worker itself had set). */
  waiting: [string, { reason: string; message?: string }][];
  /** Running containers whose probes go on, with the results their status showed. */
  running: { spec: ContainerSpec; container: RuntimeContainer; ready: boolean; started: boolean }[];
  /**
   * When the worker syncs first: `now` (a steady pod's sync changes nothing; an interrupted pull or
   * start begins again), `retry` (a container waited in a back-off: the pending retry comes), or
   * `none` (stuck until the spec changes).
   */
  firstSync: 'now' | 'retry' | 'none';
}

/** What restoring needs of the kubelet. */
export interface RestoreDeps {
  runtime: ContainerRuntime;
  crashBackoff: Backoff;
}

/**
 * Puts a pod's sandbox and containers back into the runtime and the crash back-off, and returns
 * the worker's own state. Undefined when there is nothing to take back (the pod never got a sandbox
 * here) or its address cannot be held again: the worker then starts the pod as a new one.
 */
export function restorePod(pod: KubeObject, deps: RestoreDeps): RestoredPod | undefined {
  const status = podStatusOf(pod);
  const spec = podSpec(pod);
  const uid = pod.metadata.uid!;
  if (!status.podIP) return undefined;
  const sandboxReady = status.conditions?.find((c) => c.type === 'PodReadyToStartContainers');
  const createdAtMs = firstTime(sandboxReady?.lastTransitionTime, status.startTime);
  const hostNetwork = (pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true;
  if (!deps.runtime.adoptSandbox(uid, status.podIP, createdAtMs ?? 0, hostNetwork)) return undefined;

  const restored: RestoredPod = {
    startTimeMs: firstTime(status.startTime),
    initialized: status.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True') ?? false,
    waiting: [],
    running: [],
    firstSync: 'now',
  };
  if (status.phase === 'Failed' && status.reason === 'DeadlineExceeded') restored.failed = { reason: status.reason, message: status.message ?? '' };
  const specs = [...(spec.initContainers ?? []), ...spec.containers];
  let retry = false;
  let stuck = false;
  let busy = false;
  for (const s of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
    const cs = specs.find((x) => x.name === s.name);
    if (!cs) continue;
    const latest = restoreContainer(pod, cs, s, deps.runtime);
    const waiting = s.state.waiting;
    if (waiting && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') restored.waiting.push([s.name, { reason: waiting.reason, message: waiting.message }]);
    if (waiting && RETRY_REASONS.has(waiting.reason)) retry = true;
    else if (waiting && STUCK_REASONS.has(waiting.reason)) stuck = true;
    else if (!s.state.running && !s.state.terminated) busy = true;
    if (latest) restoreCrashBackoff(pod, s, latest, deps.crashBackoff);
    if (latest?.state === 'running') restored.running.push({ spec: cs, container: latest, ready: s.ready, started: s.started ?? s.ready });
  }
  restored.firstSync = busy ? 'now' : retry ? 'retry' : stuck ? 'none' : 'now';
  return restored;
}

/**
 * Puts one container name's instances back: the one before (lastState) and the latest (state, or
 * lastState while it waits to be restarted). Returns the latest, if any ran.
 */
function restoreContainer(pod: KubeObject, spec: ContainerSpec, s: ContainerStatus, runtime: ContainerRuntime): RuntimeContainer | undefined {
  const image = resolvedImage(s.image);
  if (!image || !s.containerID) return undefined;
  const annotations = pod.metadata.annotations ?? {};
  const uid = pod.metadata.uid!;
  const adopt = (c: Omit<RuntimeContainer, 'plan' | 'timers' | 'appendedLogs' | 'podUid' | 'name' | 'image'>) => runtime.adoptContainer({ ...c, podUid: uid, name: spec.name, image }, spec, annotations);
  const last = s.lastState.terminated;
  const run = s.state.running;
  const dead = s.state.terminated;
  if (run || dead) {
    if (last && s.restartCount > 0) adopt(exited(last, s.restartCount - 1));
    if (dead) return adopt(exited(dead, s.restartCount));
    const startedAtMs = parseTime(run!.startedAt);
    return adopt({ id: bareId(s.containerID), attempt: s.restartCount, state: 'running', createdAtMs: startedAtMs, startedAtMs });
  }
  // Waiting with a last state: the dead instance is the latest, waiting to be started again.
  return last ? adopt(exited(last, s.restartCount)) : undefined;
}

function exited(t: NonNullable<ContainerState['terminated']>, attempt: number): Omit<RuntimeContainer, 'plan' | 'timers' | 'appendedLogs' | 'podUid' | 'name' | 'image'> {
  const startedAtMs = parseTime(t.startedAt);
  return {
    id: bareId(t.containerID),
    attempt,
    state: 'exited',
    createdAtMs: startedAtMs,
    startedAtMs,
    finishedAtMs: parseTime(t.finishedAt),
    exitCode: t.exitCode,
    reason: t.reason as ExitReason,
  };
}

/**
 * The crash back-off of a container that was restarted: the delay its CrashLoopBackOff message
 * shows, or, while it runs, the one its restart count gives (10 s doubling to 5 min, started over
 * when the instance before ran longer than twice the maximum), counted from the latest start.
 */
function restoreCrashBackoff(pod: KubeObject, s: ContainerStatus, latest: RuntimeContainer, backoff: Backoff): void {
  const key = `${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${s.name}`;
  const since = latest.startedAtMs ?? latest.createdAtMs;
  const waiting = s.state.waiting;
  const shown = waiting?.reason === 'CrashLoopBackOff' ? /^back-off (\S+) restarting/.exec(waiting.message ?? '')?.[1] : undefined;
  if (shown) {
    backoff.restore(key, parseDuration(shown), since);
    return;
  }
  if (s.restartCount <= 0) return;
  const before = s.lastState.terminated;
  const ranMs = before ? parseTime(before.finishedAt) - parseTime(before.startedAt) : 0;
  const ms = ranMs > 2 * BACKOFF_MAX_MS ? BACKOFF_INITIAL_MS : Math.min(BACKOFF_INITIAL_MS * 2 ** Math.min(s.restartCount - 1, 30), BACKOFF_MAX_MS);
  backoff.restore(key, ms, since);
}

function resolvedImage(name: string): ResolvedImage | undefined {
  const r = resolvePull(name);
  return r.ok ? r.image : undefined;
}

/** `containerd://<id>` to `<id>`. */
function bareId(containerID: string): string {
  const i = containerID.indexOf('://');
  return i >= 0 ? containerID.slice(i + 3) : containerID;
}

/** The first of the times that parses. */
function firstTime(...times: (string | undefined)[]): number | undefined {
  for (const t of times) {
    const ms = parseTime(t);
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}

/**
 * Deep equality of a status as computed and as the API holds it: key order aside, and a null field
 * equal to an absent one (the merge patch that wrote it dropped its nulls, `lastProbeTime: null`).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] != null);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] != null);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
