/**
 * Resource arithmetic in plain numbers (milli-CPU, bytes, counts) so filters and scores never touch
 * bigint quantities per node. Pod requests follow upstream's resourcehelper.PodRequests: regular
 * containers summed, sidecars (restartable init containers) added, each init container's need taken
 * with the sidecars started before it, the maximum of both, plus overhead.
 */
import { tryParseQuantity } from '../../api/quantity';
import type { Container, Node, Pod, ResourceList } from './types';
import { BoundedMemo } from '../../api/bounded-memo';

/** Requested or allocatable amounts: cpu in milli-cores, memory and storage in bytes. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended resources (e.g. `nvidia.com/gpu`), absent when there are none. */
  scalar?: Map<string, number>;
}

/** Upstream's defaults for containers that request nothing (scoring only): 100m and 200 MiB. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A zero Resource. */
export function emptyResource(): Resource {
  // Every Resource has the same fields in the same order (one hidden class for the hot loops).
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: undefined };
}

const IGNORED = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

// Parsed amounts by quantity text, cpu (milli-units) apart from the rest (units). A cluster uses a
// handful of distinct quantities, so every pod after the first few reads its requests from here
// instead of parsing them exactly (in bigint) again. Bounded: cleared when full.
const milliMemo = new BoundedMemo<string | number, number>(4096);
const unitMemo = new BoundedMemo<string | number, number>(4096);

function amount(name: string, q: string | number | undefined): number {
  if (q === undefined) return 0;
  const memo = name === 'cpu' ? milliMemo : unitMemo;
  const known = memo.get(q);
  if (known !== undefined) return known;
  const parsed = tryParseQuantity(q);
  return memo.remember(q, !parsed ? 0 : name === 'cpu' ? parsed.milliValue() : parsed.value());
}

/** A ResourceList as a Resource. */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  if (!list) return r;
  for (const name of Object.keys(list)) {
    const v = amount(name, list[name]);
    if (name === 'cpu') r.milliCPU = v;
    else if (name === 'memory') r.memory = v;
    else if (name === 'ephemeral-storage') r.ephemeralStorage = v;
    else if (name === 'pods') r.allowedPodNumber = v;
    else if (!IGNORED.has(name) && isScalarResource(name)) (r.scalar ??= new Map()).set(name, v);
  }
  return r;
}

// Extended resources are domain-prefixed names outside kubernetes.io, and hugepages.
function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-')) return true;
  return name.includes('/') && !name.startsWith('kubernetes.io/');
}

function add(a: Resource, b: Resource): void {
  a.milliCPU += b.milliCPU;
  a.memory += b.memory;
  a.ephemeralStorage += b.ephemeralStorage;
  if (b.scalar) for (const [k, v] of b.scalar) (a.scalar ??= new Map()).set(k, (a.scalar.get(k) ?? 0) + v);
}

function max(a: Resource, b: Resource): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage);
  if (b.scalar) for (const [k, v] of b.scalar) (a.scalar ??= new Map()).set(k, Math.max(a.scalar.get(k) ?? 0, v));
}

function copy(r: Resource): Resource {
  return { milliCPU: r.milliCPU, memory: r.memory, ephemeralStorage: r.ephemeralStorage, allowedPodNumber: r.allowedPodNumber, scalar: r.scalar ? new Map(r.scalar) : undefined };
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = resourceFromList(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests;
    if (!req || req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!req || req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/** The pod's effective request; `nonZero` substitutes upstream's defaults for unset cpu/memory. */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const reqs = emptyResource();
  for (const c of pod.spec.containers ?? []) add(reqs, containerRequests(c, nonZero));
  const sidecars = emptyResource();
  const initMax = emptyResource();
  for (const c of pod.spec.initContainers ?? []) {
    const own = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      add(reqs, own);
      add(sidecars, own);
      max(initMax, sidecars);
    } else {
      const need = copy(own);
      add(need, sidecars);
      max(initMax, need);
    }
  }
  max(reqs, initMax);
  if (pod.spec.overhead) add(reqs, resourceFromList(pod.spec.overhead));
  return reqs;
}

/** The node's allocatable resources (capacity when allocatable is absent). */
export function nodeAllocatable(node: Node): Resource {
  return resourceFromList(node.status?.allocatable ?? node.status?.capacity);
}

/** Adds (sign 1) or removes (sign -1) a request into a running total. */
export function addScaled(total: Resource, r: Resource, sign: 1 | -1): void {
  total.milliCPU += sign * r.milliCPU;
  total.memory += sign * r.memory;
  total.ephemeralStorage += sign * r.ephemeralStorage;
  if (r.scalar) for (const [k, v] of r.scalar) (total.scalar ??= new Map()).set(k, (total.scalar.get(k) ?? 0) + sign * v);
}

/** A deep copy. */
export function cloneResource(r: Resource): Resource {
  return copy(r);
}

/** Overwrites `into` with the amounts of `from` (no new object unless extended resources are involved). */
export function copyResourceInto(into: Resource, from: Resource): void {
  into.milliCPU = from.milliCPU;
  into.memory = from.memory;
  into.ephemeralStorage = from.ephemeralStorage;
  into.allowedPodNumber = from.allowedPodNumber;
  into.scalar = from.scalar ? new Map(from.scalar) : undefined;
}
