/** NodeName: a pod that names its node (spec.nodeName) fits only there. */
import type { CycleState, FilterPlugin } from '../framework/interfaces';
import type { NodeColumns } from '../framework/node-columns';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import { Code, newStatus, SUCCESS, type Status } from '../framework/status';

/** The plugin's name. */
export const NodeNameName = 'NodeName';
/** Upstream's ErrReason. */
export const ErrReasonNodeName = "node(s) didn't match the requested node name";

/** Filters out every node but the one the pod names. */
export class NodeName implements FilterPlugin {
  readonly name = NodeNameName;

  filterFast(_state: CycleState, pi: PodInfo): boolean {
    return !pi.pod.spec.nodeName;
  }

  filterFastRows(state: CycleState, pi: PodInfo, _columns: NodeColumns, _rows: Int32Array, pass: Uint8Array): void {
    // The same answer for every node.
    if (!this.filterFast(state, pi)) pass.fill(0);
  }

  filter(_state: CycleState, pi: PodInfo, ni: NodeInfo): Status {
    const want = pi.pod.spec.nodeName;
    if (!want || want === ni.name) return SUCCESS;
    return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNodeName);
  }
}
