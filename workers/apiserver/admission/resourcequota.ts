/**
 * ResourceQuota admission: refuses a create that would take a namespace's usage past a quota's hard
 * limits. Usage is computed from the store (the quota controller keeps status.used for display).
 */
import { forbiddenWithReason } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { ResourceInfo } from '../../api/registry';
import { coreKeys, keyPrefix } from '../keys';
import { Quantity, tryParseQuantity } from '../../api/quantity';
import type { AdmissionDeps, ValidatingPlugin } from './types';

type Usage = Record<string, Quantity>;

const one = Quantity.fromInt(1);

function addTo(u: Usage, k: string, q: Quantity | undefined): void {
  if (q) u[k] = u[k] ? u[k].add(q) : q;
}

/** Quota names that count objects of a core resource without the `count/` prefix. */
const legacyCounts: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function podContainers(pod: KubeObject): Container[] {
  const spec = (pod.spec ?? {}) as { containers?: Container[] };
  return spec.containers ?? [];
}

function isTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The compute usage of one pod: requests.* / limits.* (and the bare `cpu`/`memory` aliases of requests). */
function podCompute(pod: KubeObject): Usage {
  const u: Usage = {};
  const add = (k: string, q: string | undefined) => addTo(u, k, q === undefined ? undefined : tryParseQuantity(q));
  for (const c of podContainers(pod)) {
    for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
      add(`requests.${r}`, c.resources?.requests?.[r]);
      add(r, c.resources?.requests?.[r]);
      add(`limits.${r}`, c.resources?.limits?.[r]);
    }
  }
  return u;
}

/** What creating `obj` adds to the namespace's usage. */
function requestedUsage(info: ResourceInfo, obj: KubeObject): Usage {
  const u: Usage = {};
  const countKey = info.group ? `count/${info.resource}.${info.group}` : `count/${info.resource}`;
  u[countKey] = one;
  if (!info.group && legacyCounts[info.resource]) u[legacyCounts[info.resource]] = one;
  if (!info.group && info.resource === 'pods') Object.assign(u, podCompute(obj));
  if (!info.group && info.resource === 'services') {
    const spec = (obj.spec ?? {}) as { type?: string; ports?: unknown[] };
    if (spec.type === 'LoadBalancer') u['services.loadbalancers'] = one;
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') u['services.nodeports'] = Quantity.fromInt(spec.ports?.length ?? 0);
  }
  if (!info.group && info.resource === 'persistentvolumeclaims') {
    const storage = (obj.spec as { resources?: { requests?: Record<string, string> } } | undefined)?.resources?.requests?.storage;
    addTo(u, 'requests.storage', storage === undefined ? undefined : tryParseQuantity(storage));
  }
  return u;
}

/** The namespace's current usage for the keys a quota constrains. */
function currentUsage(deps: AdmissionDeps, info: ResourceInfo, namespace: string, keys: string[]): Usage {
  const u: Usage = {};
  const items = deps.store.list(keyPrefix(info, namespace)).items;
  const isPods = !info.group && info.resource === 'pods';
  const live = isPods ? items.filter((p) => !isTerminal(p)) : items;
  for (const obj of live) {
    const each = requestedUsage(info, obj);
    for (const k of keys) addTo(u, k, each[k]);
  }
  return u;
}

const zero = Quantity.fromInt(0);

function prettyPrint(u: Usage, keys: string[]): string {
  return [...keys].sort().map((k) => `${k}=${(u[k] ?? zero).toString()}`).join(',');
}

/** The quota-constrained compute resources some container does not state (upstream: sorted, comma joined). */
function missingCompute(obj: KubeObject, hard: Record<string, string>): string | undefined {
  const missing = new Set<string>();
  for (const key of Object.keys(hard)) {
    const m = /^(?:(requests|limits)\.)?(cpu|memory)$/.exec(key);
    if (!m) continue;
    const kind = (m[1] ?? 'requests') as 'requests' | 'limits';
    if (podContainers(obj).some((c) => c.resources?.[kind]?.[m[2]] === undefined)) missing.add(key);
  }
  return missing.size ? `must specify ${[...missing].sort().join(',')}` : undefined;
}

/** The ResourceQuota admission plugin. */
export const resourceQuotaPlugin: ValidatingPlugin = {
  name: 'ResourceQuota',
  validate(a, deps) {
    if (a.operation !== 'CREATE' || a.subresource || !a.info.namespaced || !a.object || !a.namespace) return;
    const quotas = deps.store.list(coreKeys.resourceQuotas(a.namespace)).items;
    if (quotas.length === 0) return;
    const requested = requestedUsage(a.info, a.object);
    const isPods = !a.info.group && a.info.resource === 'pods';
    for (const q of quotas) {
      const hard = ((q.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {});
      const relevant = Object.keys(hard).filter((k) => requested[k] !== undefined || (isPods && /^(requests\.|limits\.)?(cpu|memory)$/.test(k)));
      if (relevant.length === 0) continue;
      if (isPods) {
        const why = missingCompute(a.object, hard);
        if (why) throw forbiddenWithReason(a.info.group, a.info.resource, a.name, `failed quota: ${q.metadata.name}: ${why}`);
      }
      const used = currentUsage(deps, a.info, a.namespace, relevant);
      const hardValues: Usage = {};
      for (const k of relevant) hardValues[k] = tryParseQuantity(hard[k]) ?? zero;
      const exceeded = relevant.filter((k) => (used[k] ?? zero).add(requested[k] ?? zero).cmp(hardValues[k]) > 0);
      if (exceeded.length === 0) continue;
      throw forbiddenWithReason(
        a.info.group,
        a.info.resource,
        a.name,
        `exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(requested, exceeded)}, used: ${prettyPrint(used, exceeded)}, limited: ${prettyPrint(hardValues, exceeded)}`,
      );
    }
  },
};
