/**
 * What each graph node shows, computed from one object: the fields a person checks first, as plain
 * strings and numbers (so that an unchanged view compares equal and its React node does not redraw).
 */
import type { KubeObject } from '../../workers/api/types';
import { nodeStatus, podStatus } from '../state/object-status';

/** The colour family of a status. */
export type Tone = 'ok' | 'progress' | 'warn' | 'error' | 'muted';

export interface WorkloadView {
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet';
  uid: string;
  name: string;
  namespace: string;
  ready: number;
  desired: number;
  /** `Complete`, `Rolling out: 1/3 updated`, `Paused`, `Progress deadline exceeded`... */
  rollout: string;
  tone: Tone;
}

export interface ReplicaSetView {
  uid: string;
  name: string;
  namespace: string;
  /** The annotation deployment.kubernetes.io/revision, '' when absent. */
  revision: string;
  desired: number;
  current: number;
  ready: number;
  tone: Tone;
}

export interface PodView {
  uid: string;
  name: string;
  namespace: string;
  /** kubectl get pods' STATUS. */
  status: string;
  /** kubectl's READY: `1/1`. */
  ready: string;
  restarts: number;
  nodeName: string;
  tone: Tone;
}

export interface NodeView {
  uid: string;
  name: string;
  status: string;
  roles: string;
  ready: boolean;
  cordoned: boolean;
  taints: string[];
  cpuRequested: number;
  cpuAllocatable: number;
  memoryRequested: number;
  memoryAllocatable: number;
  pods: number;
  podsAllocatable: number;
  tone: Tone;
}

type Conditions = { type: string; status: string; reason?: string }[];

const errorReasons = new Set([
  'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError',
  'CreateContainerError', 'RunContainerError', 'Error', 'OOMKilled', 'Failed', 'Evicted', 'ContainerStatusUnknown',
  'OutOfcpu', 'OutOfmemory', 'NodeAffinity', 'UnexpectedAdmissionError',
]);

/** The colour of a pod STATUS. A Running pod whose containers are not all ready is a warning. */
export function podTone(status: string, allReady: boolean): Tone {
  if (status === 'Running') return allReady ? 'ok' : 'warn';
  if (status === 'Completed' || status === 'Succeeded' || status === 'Terminating') return 'muted';
  if (errorReasons.has(status) || status.startsWith('Init:Error') || status.startsWith('Init:Crash') || status.startsWith('ExitCode:') || status.startsWith('Signal:')) return 'error';
  if (status === 'Unknown' || status === 'NodeLost') return 'warn';
  return 'progress';
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** A Deployment, DaemonSet or StatefulSet: ready/desired and where its rollout stands. */
export function workloadView(obj: KubeObject): WorkloadView {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const st = (obj.status ?? {}) as Record<string, unknown>;
  const base = { kind: obj.kind as WorkloadView['kind'], uid: obj.metadata.uid ?? '', name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '' };
  if (obj.kind === 'DaemonSet') {
    const desired = num(st.desiredNumberScheduled);
    const ready = num(st.numberReady);
    const updated = num(st.updatedNumberScheduled);
    const rollout = updated < desired ? `Rolling out: ${updated}/${desired} updated` : num(st.numberAvailable) < desired ? `${num(st.numberAvailable)}/${desired} available` : 'Complete';
    return { ...base, ready, desired, rollout, tone: toneOf(rollout, ready, desired) };
  }
  const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const ready = num(st.readyReplicas);
  const rollout = obj.kind === 'StatefulSet' ? statefulSetRollout(st, desired) : deploymentRollout(obj, desired);
  return { ...base, ready, desired, rollout, tone: toneOf(rollout, ready, desired) };
}

function toneOf(rollout: string, ready: number, desired: number): Tone {
  if (rollout === 'Progress deadline exceeded') return 'error';
  if (rollout === 'Paused') return 'warn';
  if (desired === 0) return 'muted';
  if (rollout === 'Complete' && ready >= desired) return 'ok';
  return 'progress';
}

/** As `kubectl rollout status` words it, shortened for a card. */
function deploymentRollout(obj: KubeObject, replicas: number): string {
  const spec = (obj.spec ?? {}) as { paused?: boolean };
  const st = (obj.status ?? {}) as { observedGeneration?: number; updatedReplicas?: number; replicas?: number; availableReplicas?: number; conditions?: Conditions };
  if (spec.paused) return 'Paused';
  if ((obj.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return 'Waiting for rollout';
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return 'Progress deadline exceeded';
  const updated = st.updatedReplicas ?? 0;
  if (updated < replicas) return `Rolling out: ${updated}/${replicas} updated`;
  if ((st.replicas ?? 0) > updated) return `Rolling out: ${(st.replicas ?? 0) - updated} old terminating`;
  if ((st.availableReplicas ?? 0) < updated) return `Rolling out: ${st.availableReplicas ?? 0}/${updated} available`;
  return 'Complete';
}

function statefulSetRollout(st: Record<string, unknown>, replicas: number): string {
  if (st.updateRevision && st.currentRevision !== st.updateRevision) return `Rolling out: ${num(st.updatedReplicas)}/${replicas} updated`;
  if (num(st.readyReplicas) < replicas) return `${num(st.readyReplicas)}/${replicas} ready`;
  return 'Complete';
}

/** A ReplicaSet: its Deployment revision and replicas. */
export function replicaSetView(obj: KubeObject): ReplicaSetView {
  const desired = num((obj.spec as { replicas?: number } | undefined)?.replicas ?? 1);
  const st = (obj.status ?? {}) as { replicas?: number; readyReplicas?: number };
  const ready = st.readyReplicas ?? 0;
  const current = st.replicas ?? 0;
  const tone: Tone = desired === 0 && current === 0 ? 'muted' : ready >= desired && current === desired ? 'ok' : 'progress';
  return {
    uid: obj.metadata.uid ?? '',
    name: obj.metadata.name ?? '',
    namespace: obj.metadata.namespace ?? '',
    revision: obj.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '',
    desired,
    current,
    ready,
    tone,
  };
}

/** A Pod: STATUS, READY and restarts as kubectl prints them. */
export function podView(obj: KubeObject): PodView {
  const spec = (obj.spec ?? {}) as { nodeName?: string; containers?: unknown[] };
  const statuses = ((obj.status ?? {}) as { containerStatuses?: { ready?: boolean; restartCount?: number }[] }).containerStatuses ?? [];
  const total = spec.containers?.length ?? statuses.length;
  const readyCount = statuses.filter((c) => c.ready).length;
  const status = podStatus(obj);
  return {
    uid: obj.metadata.uid ?? '',
    name: obj.metadata.name ?? '',
    namespace: obj.metadata.namespace ?? '',
    status,
    ready: `${readyCount}/${total}`,
    restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0),
    nodeName: spec.nodeName ?? '',
    tone: podTone(status, total > 0 && readyCount === total),
  };
}

/** The usage figures the page sums for a node from its pods. */
export interface NodeUsage {
  cpu: number;
  memory: number;
  pods: number;
}

/** A Node: Ready condition, cordon, taints, roles and requested vs allocatable. */
export function nodeView(obj: KubeObject, usage: NodeUsage, parse: (q: unknown) => number | undefined): NodeView {
  const spec = (obj.spec ?? {}) as { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  const alloc = ((obj.status ?? {}) as { allocatable?: Record<string, unknown> }).allocatable ?? {};
  const status = nodeStatus(obj);
  const ready = status.startsWith('Ready');
  const roles = Object.keys(obj.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .join(',');
  return {
    uid: obj.metadata.uid ?? '',
    name: obj.metadata.name ?? '',
    status,
    roles,
    ready,
    cordoned: spec.unschedulable === true,
    taints: (spec.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
    cpuRequested: usage.cpu,
    cpuAllocatable: parse(alloc.cpu) ?? 0,
    memoryRequested: usage.memory,
    memoryAllocatable: parse(alloc.memory) ?? 0,
    pods: usage.pods,
    podsAllocatable: parse(alloc.pods) ?? 0,
    tone: !ready ? 'error' : spec.unschedulable ? 'warn' : 'ok',
  };
}
