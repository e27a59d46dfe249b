/**
 * The `endpoints.kubernetes.io/last-change-trigger-time` both endpoint controllers write (upstream
 * TriggerTimeTracker): for a service seen for the first time, its creation time; afterwards, the
 * earliest of the pod Ready transitions (and service creation) that changed since the last sync, or
 * nothing when none did (the annotation is then removed on the next write).
 */
import type { Pod, Service } from './endpoint-pods';
import { podReadyTransitionTime } from './endpoint-pods';

/** The annotation key. */
export const LAST_CHANGE_TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

interface ServiceState {
  serviceTriggerMs: number;
  podTriggerMs: Map<string, number>;
}

function ms(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const v = Date.parse(t);
  return Number.isNaN(v) ? undefined : v;
}

/** Per-service memory of the trigger times seen at the last sync. */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The trigger time (virtual ms) to export for this sync, or undefined for none; updates the memory. */
  compute(key: string, svc: Service, pods: Pod[]): number | undefined {
    const prev = this.states.get(key);
    let minChanged: number | undefined;
    const podTriggerMs = new Map<string, number>();
    for (const pod of pods) {
      const t = ms(podReadyTransitionTime(pod));
      if (t === undefined) continue;
      podTriggerMs.set(pod.metadata.name!, t);
      if (t > (prev?.podTriggerMs.get(pod.metadata.name!) ?? -Infinity)) minChanged = Math.min(minChanged ?? t, t);
    }
    const serviceTriggerMs = ms(svc.metadata.creationTimestamp) ?? 0;
    if (serviceTriggerMs > (prev?.serviceTriggerMs ?? -Infinity)) minChanged = Math.min(minChanged ?? serviceTriggerMs, serviceTriggerMs);
    this.states.set(key, { serviceTriggerMs, podTriggerMs });
    if (!prev) return ms(svc.metadata.creationTimestamp);
    return minChanged;
  }

  /** Forgets a deleted service. */
  deleteService(key: string): void {
    this.states.delete(key);
  }
}

/** Sets the annotation to the trigger time, or removes it when there is none (mutates `annotations`). */
export function setTriggerTimeAnnotation(annotations: Record<string, string>, triggerMs: number | undefined, format: (ms: number) => string): void {
  if (triggerMs !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = format(triggerMs);
  else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
}
