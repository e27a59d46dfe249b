/**
 * Plans the writes that bring a Service's slices to the desired endpoints, with upstream's
 * churn-minimising reconciler (k8s.io/endpointslice reconciler.go): endpoints stay in the slice
 * they are in; slices that change are filled up first; leftovers go into the unchanged slice they
 * fit best, else into new slices of at most 100; emptied slices are deleted; a service with no
 * endpoints keeps one placeholder slice; finally creates are turned into updates of slices that
 * would be deleted. Go map iteration is replaced by name and pod order so the plan is deterministic.
 */
import type { Service } from './endpoint-pods';
import { cloneJson } from '../../api/patch/json-values';
import {
  MAX_ENDPOINTS_PER_SLICE, newSlice, ownedBy, portKeyOf, sameEndpoint, endpointKey, sliceLabels, type DesiredGroup, type EndpointSlice,
} from './desired-slices';

/** The writes one sync makes. */
export interface SliceChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

const byName = (a: EndpointSlice, b: EndpointSlice) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);

/** Takes the first `n` entries out of the desired map (insertion order, i.e. pod-name order). */
function take(desired: Map<string, unknown>, n: number): string[] {
  const keys: string[] = [];
  for (const k of desired.keys()) {
    if (keys.length >= n) break;
    keys.push(k);
  }
  return keys;
}

function fill(slice: EndpointSlice, desired: DesiredGroup['endpoints'], max: number): void {
  const eps = (slice.endpoints ??= []);
  for (const k of take(desired, max - eps.length)) {
    eps.push(desired.get(k)!);
    desired.delete(k);
  }
}

/** The unchanged slice that will be closest to full with `n` more endpoints (upstream getSliceToFill). */
function sliceToFill(slices: EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  let best: EndpointSlice | undefined;
  let closest = max;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints ?? []).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = s;
      if (diff === 0) break;
    }
  }
  return best;
}

function withChanges(slice: EndpointSlice, labels: Record<string, string>, endpoints?: EndpointSlice['endpoints']): EndpointSlice {
  const copy = cloneJson(slice) as EndpointSlice;
  copy.metadata.labels = labels;
  if (endpoints) copy.endpoints = endpoints;
  return copy;
}

/** One port map: keep, update, fill, create, delete (upstream reconcileByPortMapping). */
export function reconcileByPortMapping(svc: Service, existing: EndpointSlice[], group: DesiredGroup, addressType: string, max = MAX_ENDPOINTS_PER_SLICE): SliceChanges {
  const desired = new Map(group.endpoints);
  const toUpdate: EndpointSlice[] = [];
  const unchanged: EndpointSlice[] = [];
  const toDelete: EndpointSlice[] = [];
  for (const slice of [...existing].sort(byName)) {
    const kept = [];
    let changedEndpoint = false;
    for (const ep of slice.endpoints ?? []) {
      const want = desired.get(endpointKey(ep));
      if (!want) continue;
      kept.push(want);
      if (!sameEndpoint(want, ep)) changedEndpoint = true;
      desired.delete(endpointKey(ep));
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, svc);
    if (changedEndpoint || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.push(slice);
      else toUpdate.push(withChanges(slice, labels, kept));
    } else if (labelsChanged) {
      toUpdate.push(withChanges(slice, labels));
    } else unchanged.push(slice);
  }
  // Fill the slices that change anyway, fullest first.
  if (desired.size > 0) {
    const fullestFirst = [...toUpdate].sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length);
    for (const s of fullestFirst) fill(s, desired, max);
  }
  const toCreate: EndpointSlice[] = [];
  while (desired.size > 0) {
    const fit = desired.size < max ? sliceToFill(unchanged, desired.size, max) : undefined;
    if (fit) {
      const copy = cloneJson(fit) as EndpointSlice;
      unchanged.splice(unchanged.indexOf(fit), 1);
      fill(copy, desired, max);
      toUpdate.push(copy);
      continue;
    }
    const fresh = newSlice(svc, group.ports, addressType);
    fill(fresh, desired, max);
    toCreate.push(fresh);
  }
  return { create: toCreate, update: toUpdate.sort(byName), delete: toDelete };
}

/** Equal as a placeholder: namespace, labels, owners, address type, and no endpoints or ports. */
function samePlaceholder(a: EndpointSlice, b: EndpointSlice): boolean {
  const labels = (s: EndpointSlice) => JSON.stringify(Object.entries(s.metadata.labels ?? {}).sort());
  const owners = (s: EndpointSlice) => JSON.stringify((s.metadata.ownerReferences ?? []).map((o) => [o.apiVersion, o.kind, o.name, o.uid, !!o.controller, !!o.blockOwnerDeletion]));
  return (
    a.metadata.namespace === b.metadata.namespace && labels(a) === labels(b) && owners(a) === owners(b) && a.addressType === b.addressType &&
    (a.endpoints ?? []).length === 0 && (b.endpoints ?? []).length === 0 && (a.ports ?? []).length === 0 && (b.ports ?? []).length === 0
  );
}

/** One address type (upstream reconcileByAddressType, without topology hints). */
export function reconcileAddressType(svc: Service, existing: EndpointSlice[], groups: Map<string, DesiredGroup>, addressType: string, max = MAX_ENDPOINTS_PER_SLICE): SliceChanges {
  const out: SliceChanges = { create: [], update: [], delete: [] };
  const byPortMap = new Map<string, EndpointSlice[]>();
  for (const s of [...existing].sort(byName)) {
    if (!ownedBy(s, svc)) {
      out.delete.push(s);
      continue;
    }
    const k = portKeyOf(s.ports);
    byPortMap.set(k, [...(byPortMap.get(k) ?? []), s]);
  }
  for (const key of [...groups.keys()].sort()) {
    const c = reconcileByPortMapping(svc, byPortMap.get(key) ?? [], groups.get(key)!, addressType, max);
    out.create.push(...c.create);
    out.update.push(...c.update);
    out.delete.push(...c.delete);
  }
  for (const [key, slices] of byPortMap) if (!groups.has(key)) out.delete.push(...slices);
  if (existing.length === out.delete.length && out.create.length === 0) {
    const placeholder = newSlice(svc, [], addressType);
    if (out.delete.length === 1 && samePlaceholder(out.delete[0], placeholder)) out.delete = [];
    else out.create.push(placeholder);
  }
  return out;
}

/**
 * Turns creates into updates of slices that would be deleted (same address type, owned by the
 * service), taking the last create first as upstream's finalize does.
 */
export function recycleDeletions(svc: Service, c: SliceChanges): SliceChanges {
  const create = [...c.create];
  const update = [...c.update];
  const remaining: EndpointSlice[] = [];
  for (const doomed of c.delete) {
    const last = create.at(-1);
    if (last && doomed.addressType === last.addressType && ownedBy(doomed, svc)) {
      create.pop();
      const recycled = cloneJson(last) as EndpointSlice;
      recycled.metadata = { ...cloneJson(doomed.metadata), labels: last.metadata.labels, ownerReferences: last.metadata.ownerReferences };
      delete recycled.metadata.generateName;
      update.push(recycled);
    } else remaining.push(doomed);
  }
  return { create, update, delete: remaining };
}
