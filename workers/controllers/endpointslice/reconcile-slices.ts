/**
 * Turns the desired endpoint groups and the service's existing managed slices into writes: existing
 * slices with the same port mapping are reused in name order (updated only when they differ), the
 * rest are created or deleted; with no endpoints at all one placeholder slice remains.
 */
import type { Service } from './endpoint-pods';
import { MAX_ENDPOINTS_PER_SLICE, newSlice, portKeyOf, sliceLabels, type EndpointGroup, type EndpointSlice } from './desired-slices';

/** The writes one sync makes. */
export interface SliceChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sameContent(a: EndpointSlice, b: EndpointSlice): boolean {
  return (
    JSON.stringify(a.endpoints ?? []) === JSON.stringify(b.endpoints ?? []) &&
    portKeyOf(a.ports) === portKeyOf(b.ports) &&
    JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {}) &&
    a.addressType === b.addressType
  );
}

function isPlaceholder(s: EndpointSlice): boolean {
  return (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0;
}

/** Plans the writes for one service. `existing` are its managed slices from the cache. */
export function reconcileSlices(svc: Service, groups: EndpointGroup[], existing: EndpointSlice[]): SliceChanges {
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const byKey = new Map<string, EndpointSlice[]>();
  for (const s of [...existing].sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))) {
    const k = portKeyOf(s.ports);
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  const used = new Set<EndpointSlice>();
  for (const g of groups) {
    const reusable = byKey.get(g.portKey) ?? [];
    for (const part of chunks(g.endpoints, MAX_ENDPOINTS_PER_SLICE)) {
      const want = newSlice(svc, g.ports, part);
      const old = reusable.find((s) => !used.has(s));
      if (!old) {
        changes.create.push(want);
        continue;
      }
      used.add(old);
      if (sameContent(old, want)) continue;
      const next = structuredClone(old) as EndpointSlice;
      next.metadata.labels = sliceLabels(svc);
      next.endpoints = part;
      if (g.ports.length || next.ports) next.ports = g.ports;
      next.addressType = want.addressType;
      changes.update.push(next);
    }
  }
  for (const s of existing) if (!used.has(s)) changes.delete.push(s);
  if (changes.create.length === 0 && used.size === 0) {
    // Nothing selected: keep (or make) exactly one empty placeholder slice, as upstream does.
    const keep = changes.delete.find((s) => isPlaceholder(s) && JSON.stringify(s.metadata.labels) === JSON.stringify(sliceLabels(svc)));
    if (keep) changes.delete = changes.delete.filter((s) => s !== keep);
    else changes.create.push(newSlice(svc, null, []));
  }
  return changes;
}
