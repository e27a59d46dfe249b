/**
 * NodeResourcesFit: the pod's requests (cpu, memory, ephemeral-storage, extended resources, one pod
 * slot) must fit in the node's allocatable minus what its pods request. Scores with the
 * LeastAllocated strategy (cpu and memory weighted 1 each) over non-zero requests.
 */
import type { CycleState, FilterPlugin, PreFilterPlugin, ScorePlugin } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import type { NodeColumns } from '../framework/node-columns';
import { Code, newStatus, SUCCESS, type Status } from '../framework/status';

/** The plugin's name. */
export const NodeResourcesFitName = 'NodeResourcesFit';

/** One resource the pod needs more of than the node has free. */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The pod asks for more than the node's whole allocatable: preemption cannot help there. */
  unresolvable: boolean;
}

/** Upstream's fitsRequest: every shortfall, in upstream's order (pods, cpu, memory, storage, scalars). */
export function fitsRequest(pi: PodInfo, ni: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = ni.allocatable;
  const used = ni.requested;
  if (ni.podCount + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: ni.podCount, capacity: alloc.allowedPodNumber, unresolvable: false });
  }
  const req = pi.requests;
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar?.size) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: req.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU, unresolvable: req.milliCPU > alloc.milliCPU });
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: req.memory, used: used.memory, capacity: alloc.memory, unresolvable: req.memory > alloc.memory });
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
      unresolvable: req.ephemeralStorage > alloc.ephemeralStorage,
    });
  }
  for (const [name, amount] of req.scalar ?? []) {
    if (amount === 0) continue;
    const free = (alloc.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0);
    const capacity = alloc.scalar?.get(name) ?? 0;
    if (amount > free) out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: amount, used: used.scalar?.get(name) ?? 0, capacity, unresolvable: amount > capacity });
  }
  return out;
}

// The common case without allocating: everything fits.
function fitsQuickly(pi: PodInfo, ni: NodeInfo): boolean {
  const a = ni.allocatable;
  const u = ni.requested;
  const r = pi.requests;
  if (ni.podCount + 1 > a.allowedPodNumber || r.scalar?.size) return false;
  return r.milliCPU <= a.milliCPU - u.milliCPU && r.memory <= a.memory - u.memory && r.ephemeralStorage <= a.ephemeralStorage - u.ephemeralStorage;
}

/** LeastAllocated for one resource: the free share after placing the pod, in [0, 100]. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** Filters on free resources, scores by LeastAllocated. */
export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = NodeResourcesFitName;

  preFilter(): Status {
    // Requests are precomputed on the PodInfo; nothing to stash.
    return SUCCESS;
  }

  filterFast(_state: CycleState, pi: PodInfo, c: NodeColumns, row: number): boolean {
    const r = pi.requests;
    if (c.podCount[row] + 1 > c.allowedPods[row] || r.scalar?.size) return false;
    return (
      r.milliCPU <= c.allocMilliCPU[row] - c.reqMilliCPU[row] &&
      r.memory <= c.allocMemory[row] - c.reqMemory[row] &&
      r.ephemeralStorage <= c.allocEphemeralStorage[row] - c.reqEphemeralStorage[row]
    );
  }

  filterFastRows(state: CycleState, pi: PodInfo, c: NodeColumns, rows: Int32Array, pass: Uint8Array): void {
    for (let i = 0; i < rows.length; i++) if (pass[i] !== 0 && !this.filterFast(state, pi, c, rows[i])) pass[i] = 0;
  }

  filter(_state: CycleState, pi: PodInfo, ni: NodeInfo): Status {
    if (fitsQuickly(pi, ni)) return SUCCESS;
    const insufficient = fitsRequest(pi, ni);
    if (insufficient.length === 0) return SUCCESS;
    // As upstream (since v1.34): a request larger than the whole node is UnschedulableAndUnresolvable.
    const code = insufficient.some((r) => r.unresolvable) ? Code.UnschedulableAndUnresolvable : Code.Unschedulable;
    return newStatus(code, ...insufficient.map((r) => r.reason));
  }

  scoreFast(_state: CycleState, pi: PodInfo, c: NodeColumns, row: number): number {
    return leastAllocatedCpuMemory(c.nonZeroMilliCPU[row] + pi.nonZeroRequests.milliCPU, c.allocMilliCPU[row], c.nonZeroMemory[row] + pi.nonZeroRequests.memory, c.allocMemory[row]);
  }

  scoreFastRows(_state: CycleState, pi: PodInfo, c: NodeColumns, rows: ArrayLike<number>, out: Float64Array): void {
    // scoreFast with the pod's numbers and the columns read once.
    const cpu = pi.nonZeroRequests.milliCPU;
    const mem = pi.nonZeroRequests.memory;
    const { nonZeroMilliCPU, nonZeroMemory, allocMilliCPU, allocMemory } = c;
    for (let i = 0; i < out.length; i++) {
      const row = rows[i];
      out[i] = leastAllocatedCpuMemory(nonZeroMilliCPU[row] + cpu, allocMilliCPU[row], nonZeroMemory[row] + mem, allocMemory[row]);
    }
  }

  score(_state: CycleState, pi: PodInfo, ni: NodeInfo): number {
    return leastAllocatedCpuMemory(ni.nonZeroRequested.milliCPU + pi.nonZeroRequests.milliCPU, ni.allocatable.milliCPU, ni.nonZeroRequested.memory + pi.nonZeroRequests.memory, ni.allocatable.memory);
  }
}

/** LeastAllocated with cpu and memory weighted equally (upstream's default): the mean of the two scores. */
function leastAllocatedCpuMemory(cpuRequested: number, cpuAllocatable: number, memRequested: number, memAllocatable: number): number {
  return Math.trunc((leastRequestedScore(cpuRequested, cpuAllocatable) + leastRequestedScore(memRequested, memAllocatable)) / 2);
}
