/** Small helpers several plugins share: toleration matching and the default score normalization. */
import { MAX_NODE_SCORE, type ScoreList } from '../framework/interfaces';
import type { Taint, Toleration } from '../framework/types';

/** Whether a toleration tolerates a taint, as upstream's Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  // An empty key with Exists tolerates everything.
  if (t.operator === 'Exists') return true;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** Whether any toleration tolerates the taint. */
export function taintTolerated(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** Upstream's helper.DefaultNormalizeScore: scale to [0, max] by the highest score, optionally reversed. */
export function defaultNormalizeScore(scores: ScoreList, reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let maxCount = 0;
  // Indexed, not for-of: the iterator protocol over a typed array showed in cycle profiles.
  for (let i = 0; i < scores.length; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
