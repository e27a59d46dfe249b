/**
 * TaintToleration: NoSchedule and NoExecute taints the pod does not tolerate rule a node out; the
 * score counts untolerated PreferNoSchedule taints, fewer is better (reversed normalization).
 */
import type { CycleState, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreList } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import { Code, newStatus, SUCCESS, type Status } from '../framework/status';
import type { Toleration } from '../framework/types';
import { defaultNormalizeScore, taintTolerated } from './helpers';
import { FLAG_HARD_TAINTS, FLAG_SOFT_TAINTS, type NodeColumns } from '../framework/node-columns';

/** The plugin's name. */
export const TaintTolerationName = 'TaintToleration';

const STATE_KEY = 'PreScore' + TaintTolerationName;

/** Filters on hard taints, scores on soft ones. */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = TaintTolerationName;

  filterFast(_state: CycleState, _pi: PodInfo, columns: NodeColumns, row: number): boolean {
    return (columns.flags[row] & FLAG_HARD_TAINTS) === 0;
  }

  filterFastRows(state: CycleState, pi: PodInfo, c: NodeColumns, rows: Int32Array, pass: Uint8Array): void {
    for (let i = 0; i < rows.length; i++) if (pass[i] !== 0 && !this.filterFast(state, pi, c, rows[i])) pass[i] = 0;
  }

  filter(_state: CycleState, pi: PodInfo, ni: NodeInfo): Status {
    const taints = ni.taints;
    if (taints.length === 0) return SUCCESS;
    const tolerations = pi.tolerations;
    for (const taint of taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (taintTolerated(taint, tolerations)) continue;
      return newStatus(Code.UnschedulableAndUnresolvable, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    }
    return SUCCESS;
  }

  preScore(state: CycleState, pi: PodInfo): Status {
    // Only tolerations that can tolerate PreferNoSchedule count for the score.
    const preferred = pi.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(STATE_KEY, preferred);
    return SUCCESS;
  }

  scoreFast(_state: CycleState, _pi: PodInfo, columns: NodeColumns, row: number): number {
    return (columns.flags[row] & FLAG_SOFT_TAINTS) === 0 ? 0 : -1;
  }

  scoreFastRows(state: CycleState, pi: PodInfo, c: NodeColumns, rows: ArrayLike<number>, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.scoreFast(state, pi, c, rows[i]);
  }

  score(state: CycleState, _pi: PodInfo, ni: NodeInfo): number {
    const taints = ni.taints;
    if (taints.length === 0) return 0;
    const tolerations = state.read<Toleration[]>(STATE_KEY) ?? [];
    let count = 0;
    for (const taint of taints) {
      if (taint.effect === 'PreferNoSchedule' && !taintTolerated(taint, tolerations)) count++;
    }
    return count;
  }

  normalizeScore(_state: CycleState, _pi: PodInfo, scores: ScoreList): void {
    defaultNormalizeScore(scores, true);
  }
}
