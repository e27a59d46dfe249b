/**
 * The taints the node lifecycle controller owns (upstream nodelifecycle taint templates and
 * doNoScheduleTaintingPass): NoSchedule taints mirroring node conditions and spec.unschedulable,
 * and the not-ready / unreachable NoExecute pair. Taints match by key and effect (MatchTaint).
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

/** The NoExecute taint of a node whose kubelet reports NotReady. */
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };
/** The NoExecute taint of a node that stopped reporting. */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };

/** Condition type and status -> NoSchedule taint key, as upstream's nodeConditionToTaintKeyStatusMap. */
const NO_SCHEDULE_BY_CONDITION: [string, string, string][] = [
  ['Ready', 'False', TAINT_NOT_READY],
  ['Ready', 'Unknown', TAINT_UNREACHABLE],
  ['MemoryPressure', 'True', TAINT_MEMORY_PRESSURE],
  ['DiskPressure', 'True', TAINT_DISK_PRESSURE],
  ['NetworkUnavailable', 'True', TAINT_NETWORK_UNAVAILABLE],
  ['PIDPressure', 'True', TAINT_PID_PRESSURE],
];

const CONDITION_TAINT_KEYS = new Set(NO_SCHEDULE_BY_CONDITION.map(([, , k]) => k));

/** Same key and effect (upstream Taint.MatchTaint). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** The node carries a taint matching `t`. */
export function hasTaint(node: Node, t: Taint): boolean {
  return (node.spec?.taints ?? []).some((x) => matchTaint(x, t));
}

/** The NoSchedule taints the node's conditions and cordon call for, in the node's condition order. */
export function wantedNoScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const hit = NO_SCHEDULE_BY_CONDITION.find(([type, status]) => type === c.type && status === c.status);
    if (hit) out.push({ key: hit[2], effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

/** The NoSchedule taints on the node that the controller manages. */
export function ownedNoScheduleTaints(node: Node): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
}

/** What to add and remove to get from `have` to `want` (upstream TaintSetDiff). */
export function taintSetDiff(want: Taint[], have: Taint[]): { add: Taint[]; remove: Taint[] } {
  return {
    add: want.filter((w) => !have.some((h) => matchTaint(w, h))),
    remove: have.filter((h) => !want.some((w) => matchTaint(w, h))),
  };
}

/** `taints` with each of `add` added or replacing its match (upstream AddOrUpdateTaint); undefined when unchanged. */
export function addOrUpdateTaints(taints: Taint[], add: Taint[]): Taint[] | undefined {
  let out = [...taints];
  let changed = false;
  for (const t of add) {
    const i = out.findIndex((x) => matchTaint(x, t));
    if (i < 0) out = [...out, t];
    else if (JSON.stringify(out[i]) !== JSON.stringify(t)) out[i] = t;
    else continue;
    changed = true;
  }
  return changed ? out : undefined;
}

/** `taints` without the matches of `remove`; undefined when none was there. */
export function removeTaints(taints: Taint[], remove: Taint[]): Taint[] | undefined {
  const out = taints.filter((x) => !remove.some((t) => matchTaint(x, t)));
  return out.length === taints.length ? undefined : out;
}

/** The NoExecute taint for a Ready status and its opposite; undefined for a Ready node. */
export function noExecuteSwapFor(readyStatus: string | undefined): { add: Taint; remove: Taint } | undefined {
  if (readyStatus === 'False') return { add: NOT_READY_NO_EXECUTE, remove: UNREACHABLE_NO_EXECUTE };
  if (readyStatus === 'Unknown') return { add: UNREACHABLE_NO_EXECUTE, remove: NOT_READY_NO_EXECUTE };
  return undefined;
}

/** The node's Ready status. */
export function readyStatusOf(node: Node): string | undefined {
  return conditionOf(node, 'Ready')?.status;
}
