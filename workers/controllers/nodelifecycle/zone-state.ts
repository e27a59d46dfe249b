/**
 * Zones as the node lifecycle controller sees them (upstream ComputeZoneState, handleDisruption and
 * the per-zone NoExecute tainting rate): a zone is Normal, PartialDisruption (more than two nodes
 * not ready and at least 55% of it) or FullDisruption (no node ready). Nodes labelled
 * node.kubernetes.io/exclude-disruption do not count.
 */
import type { Node } from './node-health';

/** Upstream --node-eviction-rate (nodes per second whose NoExecute taints may be added). */
export const EVICTION_LIMITER_QPS = 0.1;
/** Upstream --secondary-node-eviction-rate, used by partially disrupted large zones. */
export const SECONDARY_EVICTION_LIMITER_QPS = 0.01;
/** Upstream --large-cluster-size-threshold. */
export const LARGE_CLUSTER_THRESHOLD = 50;
/** Upstream --unhealthy-zone-threshold. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** Label that keeps a node out of the disruption arithmetic. */
export const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

/** A zone's health; Initial until its first pass. */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** The zone key of a node: region and zone labels, as upstream's GetZoneKey. */
export function zoneOf(node: Node): string {
  const labels = node.metadata.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? '';
  return region || zone ? `${region}:\u0000:${zone}` : '';
}

/** True for a node kept out of disruption checks. */
export function excludedFromDisruption(node: Node): boolean {
  return EXCLUDE_DISRUPTION_LABEL in (node.metadata.labels ?? {});
}

/** The state of a zone from its nodes' Ready statuses (undefined: no Ready condition). */
export function computeZoneState(readyStatuses: (string | undefined)[]): ZoneState {
  let ready = 0;
  let notReady = 0;
  for (const s of readyStatuses) {
    if (s === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/** The tainting rate of a zone in a state (upstream setLimiterInZone with the default QPS functions). */
export function zoneQps(state: ZoneState, zoneSize: number): number {
  if (state !== 'PartialDisruption') return EVICTION_LIMITER_QPS;
  return zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0;
}
