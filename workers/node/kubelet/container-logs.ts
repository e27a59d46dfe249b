/**
 * Container logs for pods/log (the kubelet's /containerLogs): the lines a container's plan has written
 * by now (plus lines appended at run time, like access logs), with upstream's errors for containers
 * that have not started or have no previous instance.
 */
import { badRequest } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { LogOptions } from '../../apiserver/rest/context';
import { logsUntil } from '../runtime/behaviour';
import { renderLogLine } from '../runtime/log-lines';
import type { ContainerRuntime, RuntimeContainer } from '../runtime/container-runtime';

/** RFC 3339 with nanoseconds, as the kubelet's timestamps=true prefix. */
function nanoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

interface LoggedStatus {
  name: string;
  containerID?: string;
  state?: { waiting?: { reason?: string } };
  lastState?: { terminated?: { containerID?: string } };
}

/** The container status of `name` in the pod as the API has it. */
function statusOf(pod: KubeObject, name: string): LoggedStatus | undefined {
  const st = (pod.status ?? {}) as { initContainerStatuses?: LoggedStatus[]; containerStatuses?: LoggedStatus[] };
  return [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])].find((s) => s.name === name);
}

/** Why logs cannot be shown yet, in the kubelet's words (validateContainerLogStatus). */
function waitingText(reason: string | undefined): string {
  if (reason === 'ErrImagePull') return "image can't be pulled";
  if (reason === 'ImagePullBackOff') return 'trying and failing to pull image';
  return reason ?? 'ContainerCreating';
}

/**
 * Picks the container instance as the kubelet does from the pod's status: with `previous`, the one
 * in lastState; otherwise the status's containerID (the dead one while in CrashLoopBackOff).
 */
function pickContainer(runtime: ContainerRuntime, pod: KubeObject, opts: LogOptions, uid: string): RuntimeContainer {
  const podName = pod.metadata.name!;
  const cs = statusOf(pod, opts.container);
  const byId = (id: string | undefined) => (id ? runtime.containerById(id.replace(/^containerd:\/\//, '')) : undefined);
  if (opts.previous) {
    const c = cs ? byId(cs.lastState?.terminated?.containerID) : runtime.container(uid, opts.container, true);
    if (!c) throw badRequest(`previous terminated container "${opts.container}" in pod "${podName}" not found`);
    return c;
  }
  const c = cs ? (byId(cs.containerID) ?? byId(cs.lastState?.terminated?.containerID)) : runtime.container(uid, opts.container);
  if (!c || c.startedAtMs === undefined) throw badRequest(`container "${opts.container}" in pod "${podName}" is waiting to start: ${waitingText(cs?.state?.waiting?.reason)}`);
  return c;
}

/** The log text of one container of a pod: its plan's lines and appended lines written by now. */
export function containerLogs(runtime: ContainerRuntime, pod: KubeObject, opts: LogOptions, nowMs: number, runtimeKey = pod.metadata.uid!): string {
  const c = pickContainer(runtime, pod, opts, runtimeKey);
  // A container stopped before it ever ran has written nothing.
  if (c.startedAtMs === undefined) return '';
  const startMs = c.startedAtMs;
  const endMs = (c.finishedAtMs ?? nowMs) - startMs;
  const written = [...logsUntil(c.plan, endMs), ...c.appendedLogs.filter((l) => l.atMs <= endMs)].sort((a, b) => a.atMs - b.atMs);
  let lines = written.map((l) => ({ ms: startMs + l.atMs, line: renderLogLine(l.line, startMs + l.atMs) }));
  if (opts.sinceSeconds !== undefined) lines = lines.filter((l) => l.ms >= nowMs - opts.sinceSeconds! * 1000);
  if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
  let text = lines.map((l) => `${opts.timestamps ? `${nanoTime(l.ms)} ` : ''}${l.line}\n`).join('');
  if (opts.limitBytes !== undefined) text = text.slice(0, opts.limitBytes);
  return text;
}
