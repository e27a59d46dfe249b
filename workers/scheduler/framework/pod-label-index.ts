/**
 * The pods on a node by label (`key=value`), for plugins that count pods matching a selector on
 * every node (PodTopologySpread's scoring): a selector with an equality requirement only needs to
 * look at the pods carrying that label, usually a few, not at all of the node's pods. Built lazily
 * per node info and rebuilt when the node info's generation moves (a pod added or removed).
 */
import type { LabelSelector } from '../../api/selector-requirements';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';

const NONE: readonly PodInfo[] = [];
const indexes = new WeakMap<NodeInfo, { generation: number; byPair: Map<string, PodInfo[]> }>();

/** The key of one label in the index. */
export function labelPair(key: string, value: string): string {
  return `${key}\x00${value}`;
}

/** The label pairs every object a selector matches must carry (its `=`/`==` and one-value `In` requirements). */
export function requiredPairs(selector: LabelSelector): string[] {
  const pairs: string[] = [];
  if (selector.nothing) return pairs;
  for (const r of selector.requirements) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'In') && r.values.length === 1) pairs.push(labelPair(r.key, r.values[0]));
  }
  return pairs;
}

function indexOf(ni: NodeInfo): Map<string, PodInfo[]> {
  const cached = indexes.get(ni);
  if (cached && cached.generation === ni.generation) return cached.byPair;
  const byPair = new Map<string, PodInfo[]>();
  for (const pi of ni.pods) {
    const labels = pi.pod.metadata.labels;
    if (!labels) continue;
    for (const k in labels) {
      const p = labelPair(k, labels[k]);
      const list = byPair.get(p);
      if (list) list.push(pi);
      else byPair.set(p, [pi]);
    }
  }
  indexes.set(ni, { generation: ni.generation, byPair });
  return byPair;
}

/**
 * The node's pods that may match a selector whose required pairs are `pairs` (non-empty): those
 * carrying the rarest of them. Callers still test each against the whole selector.
 */
export function candidatePods(ni: NodeInfo, pairs: readonly string[]): readonly PodInfo[] {
  const byPair = indexOf(ni);
  let best: PodInfo[] | undefined;
  for (const p of pairs) {
    const list = byPair.get(p);
    if (!list) return NONE;
    if (!best || list.length < best.length) best = list;
  }
  return best ?? NONE;
}
