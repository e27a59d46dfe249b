/** NodeUnschedulable: no new pods on a cordoned node unless the pod tolerates the unschedulable taint. */
import type { CycleState, FilterPlugin } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import { Code, newStatus, SUCCESS, type Status } from '../framework/status';
import { taintTolerated } from './helpers';
import { FLAG_NO_NODE, FLAG_UNSCHEDULABLE, type NodeColumns } from '../framework/node-columns';

/** The plugin's name. */
export const NodeUnschedulableName = 'NodeUnschedulable';
/** Upstream's ErrReasonUnschedulable. */
export const ErrReasonUnschedulable = 'node(s) were unschedulable';
/** Upstream's ErrReasonUnknownCondition. */
export const ErrReasonUnknownCondition = 'node(s) had unknown conditions';

const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Filters out nodes with spec.unschedulable. */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = NodeUnschedulableName;

  filterFast(_state: CycleState, _pi: PodInfo, columns: NodeColumns, row: number): boolean {
    return (columns.flags[row] & (FLAG_UNSCHEDULABLE | FLAG_NO_NODE)) === 0;
  }

  filterFastRows(state: CycleState, pi: PodInfo, c: NodeColumns, rows: Int32Array, pass: Uint8Array): void {
    for (let i = 0; i < rows.length; i++) if (pass[i] !== 0 && !this.filterFast(state, pi, c, rows[i])) pass[i] = 0;
  }

  filter(_state: CycleState, pi: PodInfo, ni: NodeInfo): Status {
    if (!ni.node) return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonUnknownCondition);
    if (!ni.unschedulable) return SUCCESS;
    if (taintTolerated(unschedulableTaint, pi.tolerations)) return SUCCESS;
    return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonUnschedulable);
  }
}
