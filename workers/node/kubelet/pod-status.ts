/**
 * The pod status the kubelet writes (generateAPIPodStatus): phase from the containers (getPhase),
 * the conditions PodReadyToStartContainers, Initialized, Ready, ContainersReady and PodScheduled with
 * transition times kept while a status stays the same, IPs and start time.
 */
import type { KubeObject } from '../../api/types';
import { rfc3339 } from '../../controllers/meta-time';
import { containerStatus, type ContainerView } from './container-status';
import { podSpec, podStatusOf, type ContainerStatus, type PodCondition, type PodStatus } from './pod-types';

/** Everything the status is computed from. */
export interface StatusInput {
  pod: KubeObject;
  nowMs: number;
  hostIP: string;
  podIP?: string;
  sandboxReady: boolean;
  startTimeMs?: number;
  initContainers: ContainerView[];
  containers: ContainerView[];
  /** Every init container completed once (sidecars started): the pod stays Initialized. */
  initialized?: boolean;
  /** The pod is being deleted and every container has stopped: the phase must be terminal. */
  terminal?: boolean;
  /** The kubelet failed the pod itself (activeDeadlineSeconds): phase Failed with this reason. */
  failed?: { reason: string; message: string };
}

/** Status of every init container, with completed ones ready. */
function initStatuses(views: ContainerView[]): ContainerStatus[] {
  return views.map((v) => {
    const s = containerStatus(v, 'PodInitializing');
    if (s.state.terminated?.exitCode === 0) s.ready = true;
    return s;
  });
}

/** True when an init container exited 0, or a sidecar runs and has started. */
function initDone(v: ContainerView): boolean {
  if (v.spec.restartPolicy === 'Always') return v.latest?.state === 'running' && v.started;
  return v.latest?.state === 'exited' && v.latest.exitCode === 0 && !v.waiting;
}

/** Names of init containers not yet completed. */
export function incompleteInits(views: ContainerView[], initialized = false): string[] {
  if (initialized) return [];
  return views.filter((v) => !initDone(v)).map((v) => v.spec.name);
}

/** Upstream's getPhase. */
export function podPhase(input: StatusInput, statuses: ContainerStatus[], inits: ContainerStatus[]): PodStatus['phase'] {
  const restartPolicy = podSpec(input.pod).restartPolicy ?? 'Always';
  const pendingInit = incompleteInits(input.initContainers, input.initialized);
  if (pendingInit.length) {
    const failed = inits.some((s) => s.state.terminated && s.state.terminated.exitCode !== 0);
    return failed && restartPolicy === 'Never' ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0 && !input.terminal) return 'Pending';
  if (running > 0 && !input.terminal) return 'Running';
  if (stopped > 0 || input.terminal) {
    if (input.terminal) return stopped === succeeded && waiting === 0 ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(old: PodCondition[], nowMs: number, type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const prev = old.find((c) => c.type === type);
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : rfc3339(nowMs) };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** The five conditions, in upstream's order. */
export function podConditions(input: StatusInput, statuses: ContainerStatus[], phase: PodStatus['phase']): PodCondition[] {
  const old = podStatusOf(input.pod).conditions ?? [];
  const now = input.nowMs;
  const incomplete = incompleteInits(input.initContainers, input.initialized);
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const conds: PodCondition[] = [condition(old, now, 'PodReadyToStartContainers', input.sandboxReady)];
  conds.push(incomplete.length && phase !== 'Succeeded' ? condition(old, now, 'Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`) : condition(old, now, 'Initialized', true));
  let ready: PodCondition;
  if (phase === 'Succeeded') ready = condition(old, now, 'ContainersReady', false, 'PodCompleted');
  else if (unready.length) ready = condition(old, now, 'ContainersReady', false, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`);
  else ready = condition(old, now, 'ContainersReady', true);
  const podReady = readyCondition(input, ready, old, now);
  conds.push(podReady, ready);
  const scheduled = old.find((c) => c.type === 'PodScheduled');
  conds.push(scheduled ?? condition(old, now, 'PodScheduled', true));
  for (const c of old) if (!conds.some((x) => x.type === c.type)) conds.push(c);
  return conds;
}

/** Ready: ContainersReady, and every readiness gate True. */
function readyCondition(input: StatusInput, containersReady: PodCondition, old: PodCondition[], now: number): PodCondition {
  if (containersReady.status !== 'True') return condition(old, now, 'Ready', false, containersReady.reason, containersReady.message);
  const gates = podSpec(input.pod).readinessGates ?? [];
  const missing = gates.filter((g) => old.find((c) => c.type === g.conditionType)?.status !== 'True').map((g) => g.conditionType);
  if (missing.length) {
    const which = missing.length === 1 ? `corresponding condition of pod readiness gate "${missing[0]}" does not exist.` : `the status of pod readiness gates are not "True" or do not exist: [${missing.join(' ')}]`;
    return condition(old, now, 'Ready', false, 'ReadinessGatesNotReady', which);
  }
  return condition(old, now, 'Ready', true);
}

/** The whole status (merged over the old one for fields the kubelet does not own, like qosClass). */
export function generatePodStatus(input: StatusInput): PodStatus {
  const hasInit = input.initContainers.length > 0;
  const inits = initStatuses(input.initContainers);
  const statuses = input.containers.map((v) => containerStatus(v, hasInit ? 'PodInitializing' : 'ContainerCreating'));
  const phase = input.failed ? 'Failed' : podPhase(input, statuses, inits);
  const old = podStatusOf(input.pod);
  const status: PodStatus = {
    phase,
    conditions: podConditions(input, statuses, phase),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    containerStatuses: statuses,
  };
  if (input.failed) {
    status.reason = input.failed.reason;
    status.message = input.failed.message;
  }
  const podIP = input.podIP ?? old.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  if (input.startTimeMs !== undefined) status.startTime = rfc3339(input.startTimeMs);
  else if (old.startTime) status.startTime = old.startTime;
  if (hasInit) status.initContainerStatuses = inits;
  if (old.qosClass) status.qosClass = old.qosClass;
  return status;
}
