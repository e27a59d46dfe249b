/**
 * LimitRanger: defaults container requests and limits from the namespace's LimitRanges (type
 * Container), records what it set in the `kubernetes.io/limit-ranger` annotation, and refuses pods
 * outside a LimitRange's min/max.
 */
import { forbiddenWithReason } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { coreKeys } from '../keys';
import { compareQuantities } from '../../api/quantity';
import { isPod, type MutatingPlugin, type ValidatingPlugin, type AdmissionDeps } from './types';

type ResourceList = Record<string, string>;
interface LimitRangeItem {
  type?: string;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  max?: ResourceList;
  min?: ResourceList;
}
interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

const annotationKey = 'kubernetes.io/limit-ranger';

function containerItems(deps: AdmissionDeps, namespace: string): LimitRangeItem[] {
  const out: LimitRangeItem[] = [];
  for (const lr of deps.store.list(coreKeys.limitRanges(namespace)).items) {
    for (const item of ((lr.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? [])) {
      if (item.type === 'Container') out.push(item);
    }
  }
  return out;
}

function applyItem(c: Container, item: LimitRangeItem, kind: string, notes: string[]): void {
  // As the LimitRange defaulting does: a missing default limit is the max, a missing default request the default limit.
  const limits: ResourceList = { ...item.max, ...item.default };
  const requests: ResourceList = { ...limits, ...item.defaultRequest };
  const res = (c.resources ??= {});
  const setRequests: string[] = [];
  const setLimits: string[] = [];
  for (const [r, q] of Object.entries(requests)) {
    if (res.requests?.[r] !== undefined) continue;
    (res.requests ??= {})[r] = q;
    setRequests.push(r);
  }
  for (const [r, q] of Object.entries(limits)) {
    if (res.limits?.[r] !== undefined) continue;
    (res.limits ??= {})[r] = q;
    setLimits.push(r);
  }
  if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${kind} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${kind} ${c.name}`);
}

function podContainers(pod: KubeObject): [Container, string][] {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  return [
    ...(spec.initContainers ?? []).map((c): [Container, string] => [c, 'init container']),
    ...(spec.containers ?? []).map((c): [Container, string] => [c, 'container']),
  ];
}

/** The defaulting half of LimitRanger. */
export const limitRangerPlugin: MutatingPlugin = {
  name: 'LimitRanger',
  admit(a, deps) {
    if (a.operation !== 'CREATE' || !isPod(a) || !a.object) return false;
    const items = containerItems(deps, a.namespace);
    if (items.length === 0) return false;
    const notes: string[] = [];
    for (const [c, kind] of podContainers(a.object)) for (const item of items) applyItem(c, item, kind, notes);
    if (notes.length === 0) return false;
    const meta = a.object.metadata;
    meta.annotations = { ...meta.annotations, [annotationKey]: `LimitRanger plugin set: ${notes.join('; ')}` };
    return true;
  },
};

function boundsErrors(c: Container, item: LimitRangeItem): string[] {
  const errs: string[] = [];
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  for (const [r, min] of Object.entries(item.min ?? {})) {
    const have = req[r];
    if (have === undefined) errs.push(`minimum ${r} usage per Container is ${min}.  No request is specified`);
    else if (compareQuantities(have, min) < 0) errs.push(`minimum ${r} usage per Container is ${min}, but request is ${have}`);
  }
  for (const [r, max] of Object.entries(item.max ?? {})) {
    const have = lim[r];
    if (have === undefined) errs.push(`maximum ${r} usage per Container is ${max}.  No limit is specified`);
    else if (compareQuantities(have, max) > 0) errs.push(`maximum ${r} usage per Container is ${max}, but limit is ${have}`);
  }
  return errs;
}

/** The validating half of LimitRanger: min/max per container. */
export const limitRangerValidator: ValidatingPlugin = {
  name: 'LimitRanger',
  validate(a, deps) {
    if (a.operation !== 'CREATE' || !isPod(a) || !a.object) return;
    const items = containerItems(deps, a.namespace);
    if (items.length === 0) return;
    const errs: string[] = [];
    for (const [c] of podContainers(a.object)) for (const item of items) errs.push(...boundsErrors(c, item));
    if (errs.length) throw forbiddenWithReason('', 'pods', a.name, errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  },
};
