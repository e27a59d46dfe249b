/**
 * Node health as the node lifecycle controller judges it (upstream tryUpdateNodeHealth): the last
 * time the kubelet was heard from (a new Ready heartbeat or a renewed Lease), and the conditions a
 * silent node gets once the grace period has passed.
 */
import type { KubeObject } from '../../api/types';
import type { Taint } from '../tolerations';
import { cloneJson } from '../../api/patch/json-values';

/** Upstream --node-monitor-grace-period (v1.32 default). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
/** Upstream --node-startup-grace-period: a node that never posted status gets this long. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** Upstream --node-monitor-period. */
export const NODE_MONITOR_PERIOD_MS = 5_000;

/** core/v1 NodeCondition. */
export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** A Node as the controller reads it. */
export type Node = KubeObject & {
  spec?: { taints?: Taint[]; unschedulable?: boolean; podCIDR?: string; podCIDRs?: string[] };
  status?: { conditions?: NodeCondition[] };
};

/** The conditions besides Ready that go Unknown with it (NetworkUnavailable is the cloud's to manage). */
export const REMAINING_CONDITION_TYPES = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** The node's condition of a type. */
export function conditionOf(node: Node, type: string): NodeCondition | undefined {
  return (node.status?.conditions ?? []).find((c) => c.type === type);
}

/** What the controller remembers of one node between passes. */
export interface NodeHealth {
  /** Virtual ms the kubelet was last heard from. */
  probeMs: number;
  heartbeat?: string;
  leaseRenewTime?: string;
}

/**
 * Updates the remembered health with what the caches show now; a changed Ready heartbeat or a newer
 * lease renewal counts as hearing from the kubelet at `nowMs`.
 */
export function observeHealth(prev: NodeHealth | undefined, node: Node, leaseRenewTime: string | undefined, nowMs: number, createdMs: number): NodeHealth {
  const ready = conditionOf(node, 'Ready');
  const heartbeat = ready?.lastHeartbeatTime;
  let probeMs = prev?.probeMs ?? (ready ? nowMs : createdMs);
  if (prev && heartbeat !== prev.heartbeat) probeMs = nowMs;
  const renewed = leaseRenewTime !== undefined && (prev?.leaseRenewTime === undefined || leaseRenewTime > prev.leaseRenewTime);
  if (renewed) probeMs = nowMs;
  return { probeMs, heartbeat, leaseRenewTime: renewed ? leaseRenewTime : prev?.leaseRenewTime };
}

/**
 * The node status after the grace period ran out: Ready and the pressure conditions Unknown with
 * upstream's reasons, or undefined when nothing changes (already Unknown).
 */
export function markedUnknown(node: Node, nowIso: string, createdIso: string): Node | undefined {
  const next = cloneJson(node) as Node;
  const conditions = (next.status ??= {}).conditions ?? (next.status.conditions = []);
  let changed = false;
  for (const type of ['Ready', ...REMAINING_CONDITION_TYPES]) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type, status: 'Unknown', lastHeartbeatTime: createdIso, lastTransitionTime: nowIso,
        reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = nowIso;
      changed = true;
    }
  }
  return changed ? next : undefined;
}
