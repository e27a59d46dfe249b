/**
 * Zones as the node lifecycle controller sees them (upstream ComputeZoneState, handleDisruption and
 * the per-zone NoExecute tainting rate limiters): a zone is Normal, PartiallyDisrupted (more than
 * two nodes not ready and at least 55% of it) or FullyDisrupted (no node ready). New NoExecute
 * taints are rate limited per zone; when every zone is fully disrupted the controller assumes the
 * fault is its own and stops tainting altogether ("master disruption mode").
 */
import type { Node } from './node-health';
import { conditionOf } from './node-health';

/** Upstream --node-eviction-rate (nodes per second whose NoExecute taints may be added). */
export const EVICTION_LIMITER_QPS = 0.1;
/** Upstream --secondary-node-eviction-rate, used by partially disrupted large zones. */
export const SECONDARY_EVICTION_LIMITER_QPS = 0.01;
/** Upstream --large-cluster-size-threshold. */
export const LARGE_CLUSTER_THRESHOLD = 50;
/** Upstream --unhealthy-zone-threshold. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;

/** A zone's health. */
export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** The zone key of a node: region and zone labels, as upstream's GetZoneKey. */
export function zoneOf(node: Node): string {
  const labels = node.metadata.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? '';
  return region || zone ? `${region}:\u0000:${zone}` : '';
}

/** The state of a zone from its nodes' Ready conditions. */
export function computeZoneState(nodes: Node[]): ZoneState {
  let ready = 0;
  let notReady = 0;
  for (const n of nodes) {
    if (conditionOf(n, 'Ready')?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/** Nodes grouped by zone. */
export function nodesByZone(nodes: Node[]): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const n of nodes) {
    const z = zoneOf(n);
    out.set(z, [...(out.get(z) ?? []), n]);
  }
  return out;
}

/** The tainting rate of a zone in a state (a fully disrupted zone alone keeps the normal rate). */
export function zoneQps(state: ZoneState, zoneSize: number): number {
  if (state !== 'PartialDisruption') return EVICTION_LIMITER_QPS;
  return zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0;
}

/** Token buckets (burst 1) per zone, in virtual time. */
export class ZoneLimiters {
  private readonly lastTakenMs = new Map<string, number>();

  /** Ms until the zone may taint another node at `qps`; Infinity when it may not at all. */
  waitMs(zone: string, qps: number, nowMs: number): number {
    if (qps <= 0) return Infinity;
    const last = this.lastTakenMs.get(zone);
    if (last === undefined) return 0;
    return Math.max(0, last + 1000 / qps - nowMs);
  }

  /** Spends the zone's token. */
  take(zone: string, nowMs: number): void {
    this.lastTakenMs.set(zone, nowMs);
  }
}
