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

/**
 * One toleration matches a taint (upstream's Toleration.ToleratesTaint): same effect (or any), same
 * key (or any), then Exists matches every value, Equal (or no operator) the same value, and any other
 * operator nothing.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** The tolerations among `tolerations` matching the taint. */
export function matchingTolerations(taint: Taint, tolerations: Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
}

/** True when some toleration matches the taint. */
export function taintTolerated(taint: Taint, tolerations: Toleration[] | undefined): boolean {
  return matchingTolerations(taint, tolerations).length > 0;
}
