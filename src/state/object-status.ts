/**
 * The one-word state a person checks first, as kubectl's printers show it: a Pod's STATUS column,
 * a Node's STATUS, a Deployment's or ReplicaSet's READY.
 */
import type { KubeObject } from '../../workers/api/types';
import { translate, type Language } from '../i18n/i18n';

interface ContainerState {
  waiting?: { reason?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number };
  running?: object;
}

interface PodStatus {
  phase?: string;
  reason?: string;
  initContainerStatuses?: { state?: ContainerState }[];
  containerStatuses?: { ready?: boolean; state?: ContainerState }[];
}

/** kubectl get pods' STATUS: the phase, or the reason a container waits or ended, or Terminating. */
export function podStatus(pod: KubeObject): string {
  const st = (pod.status ?? {}) as PodStatus;
  let reason = st.reason || st.phase || 'Pending';
  const inits = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const s = inits[i].state ?? {};
    if (s.terminated && s.terminated.exitCode === 0) continue;
    if (s.terminated) return `Init:${s.terminated.reason || `ExitCode:${s.terminated.exitCode}`}`;
    if (s.waiting?.reason && s.waiting.reason !== 'PodInitializing') return `Init:${s.waiting.reason}`;
    return `Init:${i}/${inits.length}`;
  }
  for (const c of [...(st.containerStatuses ?? [])].reverse()) {
    const s = c.state ?? {};
    if (s.waiting?.reason) reason = s.waiting.reason;
    else if (s.terminated?.reason) reason = s.terminated.reason;
    else if (s.terminated) reason = s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode}`;
  }
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  return reason;
}

/** kubectl get nodes' STATUS: Ready, NotReady or Unknown, with SchedulingDisabled when cordoned. */
export function nodeStatus(node: KubeObject): string {
  const ready = ((node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready');
  const base = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown';
  return (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable ? `${base},SchedulingDisabled` : base;
}

/** The status cell for any object ('' where kubectl shows none). */
export function objectStatus(obj: KubeObject): string {
  switch (obj.kind) {
    case 'Pod':
      return podStatus(obj);
    case 'Node':
      return nodeStatus(obj);
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet': {
      const want = (obj.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      const ready = (obj.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0;
      return `${ready}/${want} ready`;
    }
    case 'DaemonSet': {
      const st = (obj.status ?? {}) as { numberReady?: number; desiredNumberScheduled?: number };
      return `${st.numberReady ?? 0}/${st.desiredNumberScheduled ?? 0} ready`;
    }
    default:
      return '';
  }
}

/**
 * A status value as shown to a person in `language`. The value itself (kept in `data-status`) stays
 * as objectStatus gives it; only the word of a workload's `2/3 ready` is translated, kubectl's own
 * words (Running, CrashLoopBackOff, NotReady) stay.
 */
export function statusText(status: string, language: Language): string {
  const ready = /^(\d+)\/(\d+) ready$/.exec(status);
  return ready ? translate(language, 'status.ready', { ready: ready[1], want: ready[2] }) : status;
}
