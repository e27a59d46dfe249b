/**
 * The taints the node lifecycle controller derives from node conditions (upstream
 * doNoScheduleTaintingPass and doNoExecuteTaintingPass).
 */
import type { Taint } from '../tolerations';
import { conditionOf, type Node } from './node-health';

/** Taint keys the controller owns. */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';

/** Condition type and status -> NoSchedule taint key, as upstream's nodeConditionToTaintKeyStatusMap. */
const NO_SCHEDULE_BY_CONDITION: [string, string, string][] = [
  ['Ready', 'False', TAINT_NOT_READY],
  ['Ready', 'Unknown', TAINT_UNREACHABLE],
  ['MemoryPressure', 'True', TAINT_MEMORY_PRESSURE],
  ['DiskPressure', 'True', TAINT_DISK_PRESSURE],
  ['NetworkUnavailable', 'True', TAINT_NETWORK_UNAVAILABLE],
  ['PIDPressure', 'True', TAINT_PID_PRESSURE],
];

const OWNED_NO_SCHEDULE = new Set([...NO_SCHEDULE_BY_CONDITION.map(([, , k]) => k), TAINT_UNSCHEDULABLE]);
const OWNED_NO_EXECUTE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

/** The NoSchedule and NoExecute taints the node's conditions call for. */
export function wantedTaints(node: Node): { key: string; effect: 'NoSchedule' | 'NoExecute' }[] {
  const out: { key: string; effect: 'NoSchedule' | 'NoExecute' }[] = [];
  for (const [type, status, key] of NO_SCHEDULE_BY_CONDITION) if (conditionOf(node, type)?.status === status) out.push({ key, effect: 'NoSchedule' });
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = conditionOf(node, 'Ready')?.status;
  if (ready === 'False') out.push({ key: TAINT_NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') out.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute' });
  return out;
}

function owned(t: Taint): boolean {
  return (t.effect === 'NoSchedule' && OWNED_NO_SCHEDULE.has(t.key)) || (t.effect === 'NoExecute' && OWNED_NO_EXECUTE.has(t.key));
}

/**
 * How NoExecute taints may change this pass: `add` brings them in line; `defer` may swap not-ready
 * and unreachable or remove them but not taint a node that has neither (its zone's rate limit is
 * spent); `remove` drops them (every zone fully disrupted).
 */
export type NoExecuteMode = 'add' | 'defer' | 'remove';

/** True when the node wants a NoExecute taint and carries neither of ours: a new tainting. */
export function needsFreshNoExecute(node: Node): boolean {
  const wanted = wantedTaints(node).some((w) => w.effect === 'NoExecute');
  return wanted && !(node.spec?.taints ?? []).some((t) => t.effect === 'NoExecute' && OWNED_NO_EXECUTE.has(t.key));
}

/**
 * The node's taints with the controller-owned ones brought in line: kept when still wanted (with
 * their original timeAdded), added with `nowIso`, removed otherwise. Undefined when nothing changes.
 */
export function reconcileTaints(node: Node, nowIso: string, noExecute: NoExecuteMode = 'add'): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  let wanted = wantedTaints(node);
  if (noExecute === 'remove' || (noExecute === 'defer' && needsFreshNoExecute(node))) wanted = wanted.filter((w) => w.effect !== 'NoExecute');
  const isWanted = (t: Taint) => wanted.some((w) => w.key === t.key && w.effect === t.effect);
  const kept = current.filter((t) => !owned(t) || isWanted(t));
  const added = wanted
    .filter((w) => !current.some((t) => t.key === w.key && t.effect === w.effect))
    .map((w): Taint => ({ key: w.key, effect: w.effect, timeAdded: nowIso }));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
