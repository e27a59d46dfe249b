/**
 * The snapshot's hot per-node numbers in dense columns, one row per node in list order. A cycle
 * filters and scores hundreds of nodes; reading a few typed arrays front to back costs far less than
 * visiting hundreds of node-info objects scattered over the heap. Plugins use the columns only to
 * answer the common case early (a Filter that would surely pass, a Score that needs only numbers);
 * everything else still goes through the NodeInfo, so results are the same either way.
 */
import type { NodeInfo } from './node-info';

/** Row flags. */
export const FLAG_UNSCHEDULABLE = 1;
/** The node has NoSchedule or NoExecute taints. */
export const FLAG_HARD_TAINTS = 2;
/** The node has PreferNoSchedule taints. */
export const FLAG_SOFT_TAINTS = 4;
/** The node reports images. */
export const FLAG_IMAGES = 8;
/** The node info has no Node object. */
export const FLAG_NO_NODE = 16;

/** Column storage for `capacity` rows. */
export class NodeColumns {
  readonly flags: Uint8Array;
  readonly allocMilliCPU: Float64Array;
  readonly allocMemory: Float64Array;
  readonly allocEphemeralStorage: Float64Array;
  readonly allowedPods: Float64Array;
  readonly reqMilliCPU: Float64Array;
  readonly reqMemory: Float64Array;
  readonly reqEphemeralStorage: Float64Array;
  readonly nonZeroMilliCPU: Float64Array;
  readonly nonZeroMemory: Float64Array;
  readonly podCount: Float64Array;

  constructor(readonly capacity: number) {
    this.flags = new Uint8Array(capacity);
    this.allocMilliCPU = new Float64Array(capacity);
    this.allocMemory = new Float64Array(capacity);
    this.allocEphemeralStorage = new Float64Array(capacity);
    this.allowedPods = new Float64Array(capacity);
    this.reqMilliCPU = new Float64Array(capacity);
    this.reqMemory = new Float64Array(capacity);
    this.reqEphemeralStorage = new Float64Array(capacity);
    this.nonZeroMilliCPU = new Float64Array(capacity);
    this.nonZeroMemory = new Float64Array(capacity);
    this.podCount = new Float64Array(capacity);
  }

  /** Copies one node info's numbers into its row. */
  write(row: number, ni: NodeInfo): void {
    let flags = 0;
    if (!ni.node) flags |= FLAG_NO_NODE;
    if (ni.unschedulable) flags |= FLAG_UNSCHEDULABLE;
    for (const t of ni.taints) {
      if (t.effect === 'NoSchedule' || t.effect === 'NoExecute') flags |= FLAG_HARD_TAINTS;
      else if (t.effect === 'PreferNoSchedule') flags |= FLAG_SOFT_TAINTS;
    }
    if (ni.imageCount > 0) flags |= FLAG_IMAGES;
    this.flags[row] = flags;
    const a = ni.allocatable;
    this.allocMilliCPU[row] = a.milliCPU;
    this.allocMemory[row] = a.memory;
    this.allocEphemeralStorage[row] = a.ephemeralStorage;
    this.allowedPods[row] = a.allowedPodNumber;
    const r = ni.requested;
    this.reqMilliCPU[row] = r.milliCPU;
    this.reqMemory[row] = r.memory;
    this.reqEphemeralStorage[row] = r.ephemeralStorage;
    this.nonZeroMilliCPU[row] = ni.nonZeroRequested.milliCPU;
    this.nonZeroMemory[row] = ni.nonZeroRequested.memory;
    this.podCount[row] = ni.podCount;
  }
}

/** No rows: callers outside the snapshot (preemption's trial copies) pass this and row -1. */
export const NO_COLUMNS = new NodeColumns(0);
