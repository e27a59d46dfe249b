/**
 * DefaultTolerationSeconds: pods tolerate `node.kubernetes.io/not-ready` and `unreachable` NoExecute
 * taints for 300 s unless they say otherwise, so a node outage evicts them after five minutes. The
 * toleration logic lives with the defaults in api/; this is its place in the admission chain.
 */
import { addDefaultTolerationSeconds } from '../../api/defaults';
import { isPod, type MutatingPlugin } from './types';

function tolerationCount(spec: unknown): number {
  const list = (spec as { tolerations?: unknown } | undefined)?.tolerations;
  return Array.isArray(list) ? list.length : 0;
}

/** The DefaultTolerationSeconds admission plugin. */
export const defaultTolerationSecondsPlugin: MutatingPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(a) {
    if (a.operation !== 'CREATE' || !isPod(a) || !a.object) return false;
    a.object.spec ??= {};
    const before = tolerationCount(a.object.spec);
    addDefaultTolerationSeconds(a.object);
    return tolerationCount(a.object.spec) !== before;
  },
};
