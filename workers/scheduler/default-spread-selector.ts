/**
 * The selector upstream's system-default topology spreading uses for a pod without constraints
 * (helper.DefaultSelector): the selectors of the Services selecting it, merged with its controlling
 * ReplicationController's, ReplicaSet's or StatefulSet's.
 */
import type { KubeObject } from '../api/types';
import { labelSelectorFromObject, selectorFromSet, type LabelSelector } from '../api/selectors';
import type { Lister } from '../client/indexer';
import type { Pod } from './framework/types';

/** Listers the default selector reads. */
export interface DefaultSelectorListers {
  services: Lister<KubeObject>;
  replicationControllers: Lister<KubeObject>;
  replicaSets: Lister<KubeObject>;
  statefulSets: Lister<KubeObject>;
}

function specSelector(o: KubeObject | undefined): unknown {
  return (o as { spec?: { selector?: unknown } } | undefined)?.spec?.selector;
}

/** The pod's default spreading selector; undefined when nothing selects it. */
export function defaultSelector(pod: Pod, l: DefaultSelectorListers): LabelSelector | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};
  const merged: Record<string, string> = {};
  for (const svc of l.services.listNamespace(ns)) {
    const sel = specSelector(svc) as Record<string, string> | undefined;
    // A Service without a selector selects no pods, as upstream's GetPodServices.
    if (!sel || Object.keys(sel).length === 0) continue;
    if (Object.entries(sel).every(([k, v]) => labels[k] === v)) Object.assign(merged, sel);
  }
  let selector = selectorFromSet(merged);
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (owner) {
    const extra = ownerRequirements(owner.apiVersion, owner.kind, ns, owner.name, l, merged);
    if (extra) selector = extra;
  }
  return selector.requirements.length > 0 ? selector : undefined;
}

function ownerRequirements(apiVersion: string, kind: string, ns: string, name: string, l: DefaultSelectorListers, merged: Record<string, string>): LabelSelector | undefined {
  if (apiVersion === 'v1' && kind === 'ReplicationController') {
    const sel = specSelector(l.replicationControllers.get(ns, name)) as Record<string, string> | undefined;
    return sel ? selectorFromSet({ ...merged, ...sel }) : undefined;
  }
  const lister = apiVersion === 'apps/v1' && kind === 'ReplicaSet' ? l.replicaSets : apiVersion === 'apps/v1' && kind === 'StatefulSet' ? l.statefulSets : undefined;
  const owner = lister?.get(ns, name);
  if (!owner) return undefined;
  try {
    const own = labelSelectorFromObject(specSelector(owner));
    if (own.nothing) return undefined;
    return { requirements: [...selectorFromSet(merged).requirements, ...own.requirements] };
  } catch {
    return undefined;
  }
}
