/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in equal
 * shares after placing the pod (1 - standard deviation of the shares, scaled to 100).
 */
import type { CycleState, ScorePlugin } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';

/** The plugin's name. */
export const BalancedAllocationName = 'NodeResourcesBalancedAllocation';

/** The score for resource shares (each capped at 1). */
export function balancedScore(fractions: number[]): number {
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Scores balance of cpu and memory use. */
export class BalancedAllocation implements ScorePlugin {
  readonly name = BalancedAllocationName;

  score(_state: CycleState, pi: PodInfo, ni: NodeInfo): number {
    const a = ni.allocatable;
    // Upstream uses actual (not non-zero) requests here and skips resources with no allocatable.
    const cpu = a.milliCPU > 0 ? Math.min(1, (ni.requested.milliCPU + pi.requests.milliCPU) / a.milliCPU) : -1;
    const mem = a.memory > 0 ? Math.min(1, (ni.requested.memory + pi.requests.memory) / a.memory) : -1;
    if (cpu >= 0 && mem >= 0) return Math.trunc((1 - Math.abs(cpu - mem) / 2) * MAX_NODE_SCORE);
    return MAX_NODE_SCORE;
  }
}
