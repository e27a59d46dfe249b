/**
 * How much of a quota's resources a namespace uses (upstream pkg/quota/v1/evaluator/core and the
 * generic object-count evaluator): object counts (`pods`, `count/deployments.apps`), pod compute
 * requests and limits (sidecars and init containers as PodRequests does) of pods that still count,
 * extended resources and hugepages, service node ports and load balancers, and claimed storage.
 */
import { resources, type ResourceInfo } from '../registry';
import { Quantity, tryParseQuantity } from '../quantity';
import type { KubeObject } from '../types';

/** Resource name -> amount. */
export type Usage = Map<string, Quantity>;

/** Quota names that count a core resource without the `count/` prefix. */
const LEGACY_COUNTS = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'];

const STANDARD_COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

/** True for an extended resource name (`example.com/gpu`): domain-qualified, not kubernetes.io. */
function isExtended(name: string): boolean {
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

/** The served resource a quota key counts or measures, or undefined for keys no evaluator knows. */
export function resourceForQuotaKey(key: string): ResourceInfo | undefined {
  const core = (res: string) => resources.find((r) => r.group === '' && r.resource === res);
  if (LEGACY_COUNTS.includes(key)) return core(key);
  if (key.startsWith('count/')) {
    const rest = key.slice('count/'.length);
    const dot = rest.indexOf('.');
    const res = dot < 0 ? rest : rest.slice(0, dot);
    const group = dot < 0 ? '' : rest.slice(dot + 1);
    return resources.find((r) => r.group === group && r.resource === res);
  }
  if (/^(requests\.|limits\.)?(cpu|memory|ephemeral-storage)$/.test(key) || /^(requests\.)?hugepages-/.test(key)) return core('pods');
  if (key.startsWith('requests.') && isExtended(key.slice('requests.'.length))) return core('pods');
  if (key === 'services.nodeports' || key === 'services.loadbalancers') return core('services');
  if (key === 'requests.storage' || (key.includes(STORAGE_CLASS_SUFFIX) && /\/(requests\.storage|persistentvolumeclaims)$/.test(key))) return core('persistentvolumeclaims');
  return undefined;
}

interface Container {
  restartPolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

type Amounts = Map<string, Quantity>;

function addAll(into: Amounts, from: Amounts): void {
  for (const [k, q] of from) into.set(k, into.has(k) ? into.get(k)!.add(q) : q);
}

function maxAll(into: Amounts, from: Amounts): void {
  for (const [k, q] of from) if (!into.has(k) || q.cmp(into.get(k)!) > 0) into.set(k, q);
}

function amounts(list: Record<string, string> | undefined): Amounts {
  const out: Amounts = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = tryParseQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

/**
 * A pod's effective requests or limits (upstream resourcehelper.PodRequests / PodLimits): the sum of
 * its containers and sidecars, or the largest init container (plus the sidecars started before it)
 * when that is more, plus the pod overhead (on limits, only where a limit is set).
 */
export function podAmounts(pod: KubeObject, kind: 'requests' | 'limits'): Amounts {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[]; overhead?: Record<string, string> };
  const sum: Amounts = new Map();
  for (const c of spec.containers ?? []) addAll(sum, amounts(c.resources?.[kind]));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of spec.initContainers ?? []) {
    const own = amounts(c.resources?.[kind]);
    if (c.restartPolicy === 'Always') {
      addAll(sum, own);
      addAll(sidecars, own);
      maxAll(initMax, new Map(sidecars));
    } else {
      const withSidecars = new Map(sidecars);
      addAll(withSidecars, own);
      maxAll(initMax, withSidecars);
    }
  }
  maxAll(sum, initMax);
  const overhead = amounts(spec.overhead);
  // Overhead adds to every request, but only to limits the pod already has.
  if (kind === 'limits') for (const k of overhead.keys()) if (!sum.has(k)) overhead.delete(k);
  addAll(sum, overhead);
  return sum;
}

/**
 * Whether a pod still uses quota (upstream QuotaV1Pod): not Succeeded or Failed, and not stuck
 * terminating past its deletion grace period.
 */
export function podCountsTowardQuota(pod: KubeObject, nowMs: number): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deletion = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (deletion && grace !== undefined && nowMs > Date.parse(deletion) + grace * 1000) return false;
  return true;
}

function podUsage(pod: KubeObject, u: Usage): void {
  const requests = podAmounts(pod, 'requests');
  const limits = podAmounts(pod, 'limits');
  for (const r of STANDARD_COMPUTE) {
    const req = requests.get(r);
    if (req) {
      u.set(r, req);
      u.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) u.set(`limits.${r}`, lim);
  }
  for (const [r, q] of requests) {
    if (r.startsWith('hugepages-')) {
      u.set(r, q);
      u.set(`requests.${r}`, q);
    } else if (isExtended(r)) u.set(`requests.${r}`, q);
  }
}

function pvcUsage(obj: KubeObject, u: Usage): void {
  const spec = (obj.spec ?? {}) as { storageClassName?: string; resources?: { requests?: Record<string, string> } };
  const storage = tryParseQuantity(spec.resources?.requests?.storage);
  if (storage) u.set('requests.storage', storage);
  const sc = spec.storageClassName;
  if (!sc) return;
  u.set(`${sc}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, Quantity.fromInt(1));
  if (storage) u.set(`${sc}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
}

/** What one object contributes to the quota keys of its resource. */
export function objectUsage(info: ResourceInfo, obj: KubeObject): Usage {
  const u: Usage = new Map();
  const one = Quantity.fromInt(1);
  u.set(info.group ? `count/${info.resource}.${info.group}` : `count/${info.resource}`, one);
  if (!info.group && LEGACY_COUNTS.includes(info.resource)) u.set(info.resource, one);
  if (!info.group && info.resource === 'pods') podUsage(obj, u);
  if (!info.group && info.resource === 'services') {
    const spec = (obj.spec ?? {}) as { type?: string; ports?: { nodePort?: number }[]; allocateLoadBalancerNodePorts?: boolean };
    const ports = spec.ports ?? [];
    if (spec.type === 'NodePort') u.set('services.nodeports', Quantity.fromInt(ports.length));
    if (spec.type === 'LoadBalancer') {
      u.set('services.loadbalancers', one);
      // Without node port allocation only explicitly given node ports count.
      const n = spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length;
      u.set('services.nodeports', Quantity.fromInt(n));
    }
  }
  if (!info.group && info.resource === 'persistentvolumeclaims') pvcUsage(obj, u);
  return u;
}

/** Usage of the given keys over the objects of a resource (pods that no longer count excluded). */
export function usageOf(info: ResourceInfo, objects: KubeObject[], keys: string[], nowMs: number): Usage {
  const total: Usage = new Map();
  const isPods = !info.group && info.resource === 'pods';
  for (const obj of objects) {
    if (isPods && !podCountsTowardQuota(obj, nowMs)) continue;
    const each = objectUsage(info, obj);
    for (const k of keys) {
      const q = each.get(k);
      if (q) total.set(k, total.has(k) ? total.get(k)!.add(q) : q);
    }
  }
  return total;
}
