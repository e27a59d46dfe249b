/** NodePorts: a pod's hostPorts must be free on the node (same protocol and port, overlapping IP). */
import type { CycleState, FilterPlugin, PreFilterPlugin } from '../framework/interfaces';
import { hostPorts, portKey, type NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import { Code, newStatus, SKIP, SUCCESS, type Status } from '../framework/status';

/** The plugin's name. */
export const NodePortsName = 'NodePorts';
/** Upstream's ErrReason. */
export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

const STATE_KEY = 'PreFilter' + NodePortsName;
const ANY_IP = '0.0.0.0';

/** Whether `key` (protocol/ip/port) conflicts with a port in use: same protocol and port, and 0.0.0.0 or the same IP on either side. */
export function portConflicts(used: Set<string>, key: string): boolean {
  if (used.size === 0) return false;
  const [protocol, ip, port] = key.split('/');
  if (ip === ANY_IP) {
    for (const u of used) {
      const [p2, , port2] = u.split('/');
      if (p2 === protocol && port2 === port) return true;
    }
    return false;
  }
  return used.has(key) || used.has(portKey(protocol, ANY_IP, Number(port)));
}

/** Filters out nodes where a requested host port is taken. */
export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NodePortsName;

  preFilter(state: CycleState, pi: PodInfo): Status {
    const wanted = hostPorts(pi.pod);
    if (wanted.length === 0) return SKIP;
    state.write(STATE_KEY, wanted);
    return SUCCESS;
  }

  filter(state: CycleState, _pi: PodInfo, ni: NodeInfo): Status {
    const wanted = state.read<string[]>(STATE_KEY) ?? [];
    for (const k of wanted) if (portConflicts(ni.usedPorts, k)) return newStatus(Code.Unschedulable, ErrReasonNodePorts);
    return SUCCESS;
  }
}
