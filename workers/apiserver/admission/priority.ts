/**
 * Priority admission: resolves a pod's priorityClassName (or the global default class) into
 * spec.priority and spec.preemptionPolicy, refusing unknown classes and hand-set priorities.
 */
import { forbiddenWithReason } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { coreKeys } from '../keys';
import { isPod, type MutatingPlugin, type AdmissionDeps } from './types';

/** The two classes kube-apiserver creates at start-up. */
export const SYSTEM_PRIORITY_CLASSES = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

function defaultClass(deps: AdmissionDeps): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const pc of deps.store.list(coreKeys.priorityClasses).items) {
    if (pc.globalDefault !== true) continue;
    // With several defaults upstream picks the lowest value.
    if (!best || (pc.value as number) < (best.value as number)) best = pc;
  }
  return best;
}

/** The Priority admission plugin. */
export const priorityPlugin: MutatingPlugin = {
  name: 'Priority',
  admit(a, deps) {
    if (a.operation !== 'CREATE' || !isPod(a) || !a.object) return false;
    const spec = (a.object.spec ?? (a.object.spec = {})) as Record<string, unknown>;
    const className = spec.priorityClassName as string | undefined;
    let value = 0;
    let preemptionPolicy = 'PreemptLowerPriority';
    if (className) {
      const pc = deps.store.get(coreKeys.priorityClass(className))?.object;
      if (!pc) throw forbiddenWithReason('', 'pods', a.name, `no PriorityClass with name ${className} was found`);
      value = pc.value as number;
      preemptionPolicy = (pc.preemptionPolicy as string | undefined) ?? preemptionPolicy;
    } else {
      const pc = defaultClass(deps);
      if (pc) {
        spec.priorityClassName = pc.metadata.name;
        value = pc.value as number;
        preemptionPolicy = (pc.preemptionPolicy as string | undefined) ?? preemptionPolicy;
      }
    }
    if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
      throw forbiddenWithReason(
        '',
        'pods',
        a.name,
        `the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
      );
    }
    spec.priority = value;
    spec.preemptionPolicy = preemptionPolicy;
    return true;
  },
};
