/**
 * How much of a quota's resources a namespace uses (upstream pkg/quota/v1/evaluator/core): object
 * counts (`pods`, `count/deployments.apps`), pod compute requests and limits of non-terminal pods,
 * service node ports and load balancers, and claimed storage.
 */
import { resources, type ResourceInfo } from '../../api/registry';
import { Quantity, tryParseQuantity } from '../../api/quantity';
import type { KubeObject } from '../../api/types';

/** Resource name -> amount. */
export type Usage = Map<string, Quantity>;

/** Quota names that count a core resource without the `count/` prefix. */
const LEGACY_COUNTS = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'];

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

/** The served resource a quota key counts or measures, or undefined for keys we do not know. */
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
  if (/^(requests\.|limits\.)?(cpu|memory|ephemeral-storage)$/.test(key) || /^(hugepages-|requests\.hugepages-)/.test(key)) return core('pods');
  if (key === 'services.nodeports' || key === 'services.loadbalancers') return core('services');
  if (key === 'requests.storage' || key.endsWith('.storageclass.storage.k8s.io/requests.storage')) return core('persistentvolumeclaims');
  return undefined;
}

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function add(u: Usage, k: string, q: Quantity | undefined): void {
  if (!q) return;
  const have = u.get(k);
  u.set(k, have ? have.add(q) : q);
}

/** A pod past its phase (Succeeded/Failed) no longer uses quota. */
export function podCountsTowardQuota(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** Requests and limits of one pod: the containers' sum, or the largest init container when larger. */
function podCompute(pod: KubeObject): Usage {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const u: Usage = new Map();
  for (const kind of ['requests', 'limits'] as const) {
    for (const r of COMPUTE) {
      let sum: Quantity | undefined;
      for (const c of spec.containers ?? []) {
        const q = tryParseQuantity(c.resources?.[kind]?.[r]);
        if (q) sum = sum ? sum.add(q) : q;
      }
      for (const c of spec.initContainers ?? []) {
        const q = tryParseQuantity(c.resources?.[kind]?.[r]);
        if (q && (!sum || q.cmp(sum) > 0)) sum = q;
      }
      if (!sum) continue;
      add(u, `${kind}.${r}`, sum);
      if (kind === 'requests') add(u, r, sum);
    }
  }
  return u;
}

/** What one object contributes to the quota keys of its resource. */
export function objectUsage(info: ResourceInfo, obj: KubeObject): Usage {
  const u: Usage = new Map();
  const one = Quantity.fromInt(1);
  u.set(info.group ? `count/${info.resource}.${info.group}` : `count/${info.resource}`, one);
  if (!info.group && LEGACY_COUNTS.includes(info.resource)) u.set(info.resource, one);
  if (!info.group && info.resource === 'pods') for (const [k, q] of podCompute(obj)) add(u, k, q);
  if (!info.group && info.resource === 'services') {
    const spec = (obj.spec ?? {}) as { type?: string; ports?: unknown[] };
    if (spec.type === 'LoadBalancer') u.set('services.loadbalancers', one);
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') u.set('services.nodeports', Quantity.fromInt(spec.ports?.length ?? 0));
  }
  if (!info.group && info.resource === 'persistentvolumeclaims') {
    const spec = (obj.spec ?? {}) as { storageClassName?: string; resources?: { requests?: Record<string, string> } };
    const storage = tryParseQuantity(spec.resources?.requests?.storage);
    add(u, 'requests.storage', storage);
    if (spec.storageClassName) add(u, `${spec.storageClassName}.storageclass.storage.k8s.io/requests.storage`, storage);
  }
  return u;
}

/** Usage of the given keys over the objects of a resource (terminal pods excluded). */
export function usageOf(info: ResourceInfo, objects: KubeObject[], keys: string[]): Usage {
  const total: Usage = new Map();
  const isPods = !info.group && info.resource === 'pods';
  for (const obj of objects) {
    if (isPods && !podCountsTowardQuota(obj)) continue;
    const each = objectUsage(info, obj);
    for (const k of keys) add(total, k, each.get(k));
  }
  return total;
}
