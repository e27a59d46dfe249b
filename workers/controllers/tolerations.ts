/** Taints and tolerations as the node controllers read them (upstream v1helper.TolerationsTolerateTaint). */

/** core/v1 Taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
  timeAdded?: string;
}

/** core/v1 Toleration. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** One toleration matches a taint: same effect (or any), same key (or any with Exists), value by operator. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The tolerations among `tolerations` matching the taint. */
export function matchingTolerations(taint: Taint, tolerations: Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
}

/** True when some toleration matches the taint. */
export function taintTolerated(taint: Taint, tolerations: Toleration[] | undefined): boolean {
  return matchingTolerations(taint, tolerations).length > 0;
}
