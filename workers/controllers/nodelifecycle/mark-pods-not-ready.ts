/**
 * Upstream MarkPodsNotReady (pkg/controller/util/node): the pods of a node the controller found
 * unresponsive get Ready=False, so Services stop sending them traffic before any eviction; each
 * write is followed by a `NodeNotReady` Warning Event on the pod.
 */
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import type { EventRecorder } from '../../client/component';
import { isNotFound } from '../api-errors';
import { cloneJson } from '../../api/patch/json-values';

const PODS = { group: '', version: 'v1', resource: 'pods' };

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
  reason?: string;
  message?: string;
}

/** A pod as this helper reads it. */
export type Pod = KubeObject & { spec?: { nodeName?: string }; status?: { conditions?: PodCondition[] } };

/**
 * Sets Ready=False on each pod of `nodeName` whose Ready condition says otherwise (the transition
 * time moves only with the status, as UpdatePodCondition). Returns the errors (NotFound excluded).
 */
export async function markPodsNotReady(client: Client, recorder: EventRecorder, pods: Pod[], nodeName: string, nowIso: string): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    const next = cloneJson(pod) as Pod;
    const c = next.status!.conditions!.find((x) => x.type === 'Ready')!;
    c.status = 'False';
    c.lastTransitionTime = nowIso;
    try {
      await client.resource<Pod>(PODS, pod.metadata.namespace).updateStatus(next);
    } catch (err) {
      if (isNotFound(err)) continue;
      errors.push(err);
    }
    recorder.event(next, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  return errors;
}
