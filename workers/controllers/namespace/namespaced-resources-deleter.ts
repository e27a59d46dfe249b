/**
 * Deletes everything in a terminating namespace, then releases it (upstream
 * pkg/controller/namespace/deletion): phase Terminating, delete every namespaced resource (collection
 * delete, or one by one where not served), count what remains into status conditions, and once
 * nothing remains remove the `kubernetes` finalizer through namespaces/<n>/finalize.
 */
import { resources, type ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import type { GroupVersionResource } from '../../client/paths';
import type { Clock } from '../../sim/types';
import { isConflict, isMethodNotSupported, isNotFound } from '../api-errors';
import { parseTime, rfc3339 } from '../meta-time';
import { failingConditions, mergeConditions, type DeletionTotals, type NamespaceCondition } from './namespace-conditions';
import { cloneJson } from '../../api/patch/json-values';

/** The finalizer token the namespace controller owns in spec.finalizers. */
export const KUBERNETES_FINALIZER = 'kubernetes';

/** Upstream's default wait for finalizers on remaining items to finish (seconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

/** Content remains; try again in about `estimateSeconds / 2 + 1` seconds. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimateSeconds: number) {
    super(`some content remains in the namespace, estimate ${estimateSeconds} seconds before it is removed`);
  }
}

/** Every namespaced resource that serves delete, preferred version only (as discovery's preferred resources). */
export function deletableNamespacedResources(): ResourceInfo[] {
  const seen = new Set<string>();
  const out: ResourceInfo[] = [];
  for (const r of resources) {
    if (!r.namespaced || !r.verbs.includes('delete')) continue;
    const gr = `${r.resource}.${r.group}`;
    if (seen.has(gr)) continue;
    seen.add(gr);
    out.push(r);
  }
  return out;
}

interface GvrOutcome {
  estimateSeconds: number;
  numRemaining: number;
  finalizers: Map<string, number>;
  error?: string;
}

type Namespace = KubeObject & { spec?: { finalizers?: string[] }; status?: { phase?: string; conditions?: NamespaceCondition[] } };

/** The deleter one namespace controller uses. */
export class NamespacedResourcesDeleter {
  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly finalizerToken = KUBERNETES_FINALIZER,
  ) {}

  /** One pass over a namespace; throws ResourcesRemainingError while content remains. */
  async delete(name: string): Promise<void> {
    const nsClient = this.client.resource<Namespace>(NAMESPACES);
    let ns: Namespace;
    try {
      ns = await nsClient.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    ns = await this.retryOnConflict(ns, (n) => this.markTerminating(n));
    if ((ns.spec?.finalizers?.length ?? 0) === 0) return;
    const { estimate, latest } = await this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    ns = latest;
    try {
      await this.retryOnConflict(ns, (n) => this.finalize(n));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async retryOnConflict(ns: Namespace, fn: (n: Namespace) => Promise<Namespace>): Promise<Namespace> {
    let latest = ns;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(latest);
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) throw err;
        const fresh = await this.client.resource<Namespace>(NAMESPACES).get(latest.metadata.name!);
        if (fresh.metadata.uid !== latest.metadata.uid) throw new Error('namespace uid has changed across retries');
        latest = fresh;
      }
    }
  }

  private async markTerminating(ns: Namespace): Promise<Namespace> {
    if (!ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return ns;
    const next = cloneJson(ns);
    next.status = { ...next.status, phase: 'Terminating' };
    return this.client.resource<Namespace>(NAMESPACES).updateStatus(next);
  }

  private async finalize(ns: Namespace): Promise<Namespace> {
    const next = cloneJson(ns);
    const rest = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== this.finalizerToken))].sort();
    next.spec = { ...next.spec, finalizers: rest };
    return this.client.resource<Namespace>(NAMESPACES).updateSubresource<Namespace>(ns.metadata.name!, 'finalize', next);
  }

  /** Deletes every resource type's content; the largest wait estimate (seconds), 0 when all is gone. */
  private async deleteAllContent(ns: Namespace): Promise<{ estimate: number; latest: Namespace }> {
    const name = ns.metadata.name!;
    const deletedAtMs = parseTime(ns.metadata.deletionTimestamp);
    const totals: DeletionTotals = { remainingByResource: new Map(), remainingByFinalizer: new Map(), deleteErrors: [] };
    let estimate = 0;
    for (const info of deletableNamespacedResources()) {
      const gvr = { group: info.group, version: info.version, resource: info.resource };
      const out = await this.deleteAllOf(gvr, name, deletedAtMs, info.verbs.includes('deletecollection'));
      if (out.error) totals.deleteErrors.push(out.error);
      estimate = Math.max(estimate, out.estimateSeconds);
      if (out.numRemaining > 0) {
        totals.remainingByResource.set(`${info.resource}.${info.group}`, out.numRemaining);
        for (const [f, n] of out.finalizers) totals.remainingByFinalizer.set(f, (totals.remainingByFinalizer.get(f) ?? 0) + n);
      }
    }
    const latest = await this.writeConditions(ns, totals);
    if (totals.deleteErrors.length) throw new Error(totals.deleteErrors.join(', '));
    return { estimate, latest };
  }

  /** Writes the conditions when they changed; the namespace as stored afterwards. */
  private async writeConditions(ns: Namespace, totals: DeletionTotals): Promise<Namespace> {
    const nowIso = rfc3339(this.clock.now());
    const next = cloneJson(ns);
    const conditions = next.status?.conditions ? next.status.conditions : [];
    if (!mergeConditions(conditions, failingConditions(totals, nowIso), nowIso)) return ns;
    next.status = { ...next.status, conditions };
    try {
      return await this.client.resource<Namespace>(NAMESPACES).updateStatus(next);
    } catch {
      // Upstream only logs this: the next pass writes the conditions again.
      return ns;
    }
  }

  private async deleteAllOf(gvr: GroupVersionResource, namespace: string, deletedAtMs: number, collection: boolean): Promise<GvrOutcome> {
    const finalizers = new Map<string, number>();
    const res = this.client.resource(gvr, namespace);
    let estimate = 0;
    try {
      if (gvr.group === '' && gvr.resource === 'pods') estimate = await this.estimateForPods(namespace, deletedAtMs);
      // A collection delete where served, else one by one (upstream checks the discovered verbs).
      let deleteEach = !collection;
      if (collection) {
        try {
          await res.deleteCollection({ propagationPolicy: 'Background' });
        } catch (err) {
          if (!isMethodNotSupported(err) && !isNotFound(err)) throw err;
          deleteEach = true;
        }
      }
      if (deleteEach) {
        for (const item of (await res.list()).items) {
          try {
            await res.delete(item.metadata.name!, { propagationPolicy: 'Background' });
          } catch (e) {
            if (!isNotFound(e) && !isMethodNotSupported(e)) throw e;
          }
        }
      }
      const left = (await res.list()).items;
      if (left.length === 0) return { estimateSeconds: estimate, numRemaining: 0, finalizers };
      for (const item of left) for (const f of item.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      if (estimate > 0) return { estimateSeconds: estimate, numRemaining: left.length, finalizers };
      if (finalizers.size > 0) return { estimateSeconds: FINALIZER_ESTIMATE_SECONDS, numRemaining: left.length, finalizers };
      const gv = gvr.group ? `${gvr.group}/${gvr.version}` : `/${gvr.version}`;
      return { estimateSeconds: 0, numRemaining: left.length, finalizers, error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gv}, Resource=${gvr.resource}` };
    } catch (err) {
      return { estimateSeconds: estimate, numRemaining: 0, finalizers, error: (err as Error).message };
    }
  }

  /** The longest grace period of the namespace's running pods, 0 once that long has passed since deletion. */
  private async estimateForPods(namespace: string, deletedAtMs: number): Promise<number> {
    let estimate = 0;
    for (const pod of (await this.client.resource(PODS, namespace).list()).items) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const grace = (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
      if (grace !== undefined && grace > estimate) estimate = grace;
    }
    const elapsedMs = this.clock.now() - deletedAtMs;
    return elapsedMs >= estimate * 1000 ? 0 : estimate;
  }
}
