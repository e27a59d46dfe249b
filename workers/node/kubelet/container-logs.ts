/**
 * Container logs for pods/log (the kubelet's /containerLogs): the lines a container's plan has written
 * by now, with upstream's errors for containers that have not started or have no previous instance.
 */
import { badRequest } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { LogOptions } from '../../apiserver/rest/context';
import { logsUntil } from '../runtime/behaviour';
import type { ContainerRuntime } from '../runtime/container-runtime';

/** RFC 3339 with nanoseconds, as the kubelet's timestamps=true prefix. */
function nanoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** The log text of one container of a pod. */
export function containerLogs(runtime: ContainerRuntime, pod: KubeObject, opts: LogOptions, nowMs: number, waitingReason?: string): string {
  const uid = pod.metadata.uid!;
  const podName = pod.metadata.name!;
  const c = runtime.container(uid, opts.container, !!opts.previous);
  if (!c) {
    if (opts.previous) throw badRequest(`previous terminated container "${opts.container}" in pod "${podName}" not found`);
    throw badRequest(`container "${opts.container}" in pod "${podName}" is waiting to start: ${waitingReason ?? 'ContainerCreating'}`);
  }
  if (c.startedAtMs === undefined) throw badRequest(`container "${opts.container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  const endMs = (c.finishedAtMs ?? nowMs) - c.startedAtMs;
  let lines = logsUntil(c.plan, endMs).map((l) => ({ ms: c.startedAtMs! + l.atMs, line: l.line }));
  if (opts.sinceSeconds !== undefined) lines = lines.filter((l) => l.ms >= nowMs - opts.sinceSeconds! * 1000);
  if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
  let text = lines.map((l) => `${opts.timestamps ? `${nanoTime(l.ms)} ` : ''}${l.line}\n`).join('');
  if (opts.limitBytes !== undefined) text = text.slice(0, opts.limitBytes);
  return text;
}
