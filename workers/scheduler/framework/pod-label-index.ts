/**
 * A node's pods by each of their label values, for counting the pods a selector matches without
 * testing every pod: a selector requiring `app=web` only needs the pods carrying the value `web`
 * (the full selector is still tested on each). Built on first use and again after the node info
 * changes (its generation moves); values are the pods' own label strings, so nothing is copied.
 */
import type { LabelSelector } from '../../api/selectors';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';

interface Index {
  generation: number;
  byValue: Map<string, PodInfo[]>;
}

const NONE: readonly PodInfo[] = Object.freeze([]);
const indexes = new WeakMap<NodeInfo, Index>();

/** The node's pods that carry `value` under some label key (terminating pods included; callers filter). */
export function podsWithLabelValue(ni: NodeInfo, value: string): readonly PodInfo[] {
  let index = indexes.get(ni);
  if (index === undefined || index.generation !== ni.generation) indexes.set(ni, (index = build(ni)));
  return index.byValue.get(value) ?? NONE;
}

function build(ni: NodeInfo): Index {
  const byValue = new Map<string, PodInfo[]>();
  for (const pi of ni.pods) {
    const labels = pi.pod.metadata.labels;
    if (labels === undefined) continue;
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const v = labels[k];
      const list = byValue.get(v);
      // A pod with one value under two keys is listed once (it is counted once).
      if (list === undefined) byValue.set(v, [pi]);
      else if (list[list.length - 1] !== pi) list.push(pi);
    }
  }
  return { generation: ni.generation, byValue };
}

/**
 * A label value every object the selector matches must carry (from its first `key=value` or
 * single-valued `In` requirement), or undefined when the selector names none.
 */
export function requiredLabelValue(selector: LabelSelector): string | undefined {
  if (selector.nothing) return undefined;
  for (const r of selector.requirements) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'In') && r.values.length === 1) return r.values[0];
  }
  return undefined;
}
