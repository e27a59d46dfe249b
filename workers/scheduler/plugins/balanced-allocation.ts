/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in equal
 * shares after placing the pod (1 - standard deviation of the shares, scaled to 100).
 */
import type { CycleState, ScorePlugin } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { NodeColumns } from '../framework/node-columns';

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

  scoreFastRows(_state: CycleState, pi: PodInfo, c: NodeColumns, rows: ArrayLike<number>, out: Float64Array): void {
    // scoreFast with the pod's numbers and the columns read once.
    const cpu = pi.requests.milliCPU;
    const mem = pi.requests.memory;
    const { reqMilliCPU, reqMemory, allocMilliCPU, allocMemory } = c;
    for (let i = 0; i < out.length; i++) {
      const row = rows[i];
      out[i] = balancedCpuMemory(reqMilliCPU[row] + cpu, allocMilliCPU[row], reqMemory[row] + mem, allocMemory[row]);
    }
  }

  score(_state: CycleState, pi: PodInfo, ni: NodeInfo): number {
    const a = ni.allocatable;
    return balancedCpuMemory(ni.requested.milliCPU + pi.requests.milliCPU, a.milliCPU, ni.requested.memory + pi.requests.memory, a.memory);
  }

  scoreFast(_state: CycleState, pi: PodInfo, c: NodeColumns, row: number): number {
    return balancedCpuMemory(c.reqMilliCPU[row] + pi.requests.milliCPU, c.allocMilliCPU[row], c.reqMemory[row] + pi.requests.memory, c.allocMemory[row]);
  }
}

// Upstream uses actual (not non-zero) requests here and skips resources with no allocatable.
function balancedCpuMemory(cpuRequested: number, cpuAllocatable: number, memRequested: number, memAllocatable: number): number {
  const cpu = cpuAllocatable > 0 ? Math.min(1, cpuRequested / cpuAllocatable) : -1;
  const mem = memAllocatable > 0 ? Math.min(1, memRequested / memAllocatable) : -1;
  if (cpu >= 0 && mem >= 0) return Math.trunc((1 - Math.abs(cpu - mem) / 2) * MAX_NODE_SCORE);
  return MAX_NODE_SCORE;
}
