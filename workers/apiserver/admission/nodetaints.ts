/**
 * TaintNodesByCondition: a Node registers tainted `node.kubernetes.io/not-ready:NoSchedule`, so
 * nothing schedules onto it before the node lifecycle controller sees it Ready and lifts the taint.
 */
import type { MutatingPlugin } from './types';

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** The TaintNodesByCondition admission plugin. */
export const taintNodesByConditionPlugin: MutatingPlugin = {
  name: 'TaintNodesByCondition',
  admit(a) {
    if (a.operation !== 'CREATE' || a.info.group !== '' || a.info.resource !== 'nodes' || a.subresource || !a.object) return false;
    const spec = (a.object.spec ?? (a.object.spec = {})) as { taints?: Taint[] };
    const taints = spec.taints ?? [];
    if (taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoSchedule')) return false;
    spec.taints = [...taints, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }];
    return true;
  },
};
