/**
 * ResourceQuota admission: refuses a create that would take a namespace's usage past a quota's hard
 * limits. Usage is computed from the store with the same evaluators (workers/api/quota) the quota
 * controller uses for status.used: init containers and overhead, scopes, pods stuck terminating.
 */
import { forbiddenWithReason } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { coreKeys, keyPrefix } from '../keys';
import { Quantity, tryParseQuantity } from '../../api/quantity';
import { hasScopes, podInScope, type QuotaScopeSpec } from '../../api/quota/quota-scopes';
import { objectUsage, usageOf } from '../../api/quota/quota-usage';
import type { ValidatingPlugin } from './types';

type Usage = Map<string, Quantity>;

interface Container {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** Regular and init containers: a quota on compute needs each to state what it constrains. */
function podContainers(pod: KubeObject): Container[] {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
}

const zero = Quantity.fromInt(0);

function prettyPrint(u: Usage, keys: string[]): string {
  return [...keys].sort().map((k) => `${k}=${(u.get(k) ?? zero).toString()}`).join(',');
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
    const requested = objectUsage(a.info, a.object);
    const isPods = !a.info.group && a.info.resource === 'pods';
    for (const q of quotas) {
      const spec = (q.spec ?? {}) as QuotaScopeSpec & { hard?: Record<string, string> };
      const hard = spec.hard ?? {};
      // A scoped quota tracks only pods, and only those in its scopes (as the quota controller counts).
      if (hasScopes(spec) && (!isPods || !podInScope(spec, a.object))) continue;
      const relevant = Object.keys(hard).filter((k) => requested.has(k) || (isPods && /^(requests\.|limits\.)?(cpu|memory)$/.test(k)));
      if (relevant.length === 0) continue;
      if (isPods) {
        const why = missingCompute(a.object, hard);
        if (why) throw forbiddenWithReason(a.info.group, a.info.resource, a.name, `failed quota: ${q.metadata.name}: ${why}`);
      }
      let objects = deps.store.list(keyPrefix(a.info, a.namespace)).items;
      if (hasScopes(spec)) objects = objects.filter((p) => podInScope(spec, p));
      const used = usageOf(a.info, objects, relevant, deps.clock.now());
      const hardValues: Usage = new Map();
      for (const k of relevant) hardValues.set(k, tryParseQuantity(hard[k]) ?? zero);
      const exceeded = relevant.filter((k) => (used.get(k) ?? zero).add(requested.get(k) ?? zero).cmp(hardValues.get(k)!) > 0);
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
