/**
 * PodTopologySpread's constraints as a cycle uses them: compiled selectors with an id per namespace and
 * selector (the key of counts kept across cycles), and which nodes' pods count for them.
 */
import { labelSelectorFromObject, requiredEquality, type LabelSelector } from '../../api/selectors';
import { makeRequirement } from '../../api/selector-requirements';
import type { NodeInfo } from '../framework/node-info';
import type { Pod, TopologySpreadConstraint } from '../framework/types';
import { compileSelector, type LabelMatcher } from '../framework/label-matcher';
import { taintTolerated } from './helpers';
import { podMatchesNodeSelectorAndAffinity } from './node-affinity';

/** The hostname topology key (its domains are single nodes). */
export const HOSTNAME = 'kubernetes.io/hostname';

/** One spreading constraint of a pod, compiled for a cycle. */
export interface Constraint {
  /** The pod's namespace and selector, interned: the key of per-node cached counts. */
  selectorId: number;
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  matches: LabelMatcher;
  /** A label value every matching pod carries (narrows per-node counting), if the selector names one. */
  requiredValue: string | undefined;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

/** Upstream's system-default constraints, for pods without their own (scoring only). */
export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: HOSTNAME, maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 5 },
];

/** A topology pair as one map key. */
export const pair = (key: string, value: string) => `${key}\x00${value}`;

/** The pod's constraints for `want` (DoNotSchedule or ScheduleAnyway), compiled. */
export function toConstraints(pod: Pod, want: string): Constraint[] {
  const labels = pod.metadata.labels ?? {};
  return (pod.spec.topologySpreadConstraints ?? [])
    .filter((c: TopologySpreadConstraint) => c.whenUnsatisfiable === want)
    .map((c) => {
      let selector: LabelSelector;
      try {
        selector = labelSelectorFromObject(c.labelSelector);
      } catch {
        selector = { requirements: [], nothing: true };
      }
      const extra = (c.matchLabelKeys ?? []).filter((k) => Object.hasOwn(labels, k)).map((k) => makeRequirement(k, 'In', [labels[k]]));
      if (extra.length > 0 && !selector.nothing) selector = { requirements: [...selector.requirements, ...extra] };
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        ...compiledSelector(pod, selector),
        minDomains: c.minDomains ?? 1,
        honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorTaints: c.nodeTaintsPolicy === 'Honor',
      };
    });
}

/** Upstream's system-default constraints for a pod its Services and controllers select with `selector`. */
export function systemDefaultConstraints(pod: Pod, selector: LabelSelector): Constraint[] {
  const compiled = compiledSelector(pod, selector);
  return SYSTEM_DEFAULT_CONSTRAINTS.map((c) => ({ ...c, ...compiled, minDomains: 1, honorAffinity: true, honorTaints: false }));
}

// What a cycle reads of a constraint's selector, built once per constraint.
function compiledSelector(pod: Pod, selector: LabelSelector): Pick<Constraint, 'selector' | 'matches' | 'requiredValue' | 'selectorId'> {
  return { selector, matches: compileSelector(selector), requiredValue: requiredLabelValue(selector), selectorId: selectorId(pod, selector) };
}

// Namespace + selector text -> a small number: the key of the kept per-node counts.
const selectorIds = new Map<string, number>();
const MAX_SELECTOR_IDS = 100_000;
let nextSelectorId = 1;

/** The id of the pod's namespace and `selector`. */
function selectorId(pod: Pod, selector: LabelSelector): number {
  const text = `${pod.metadata.namespace ?? 'default'}\x00${JSON.stringify(selector)}`;
  let id = selectorIds.get(text);
  if (id === undefined) {
    // Bounded: when full, start over (ids stay unique, so stale cached counts are never read).
    if (selectorIds.size >= MAX_SELECTOR_IDS) selectorIds.clear();
    selectorIds.set(text, (id = nextSelectorId++));
  }
  return id;
}

/** Whether the node carries every constraint's topology key. */
export function hasAllKeys(ni: NodeInfo, cs: Constraint[]): boolean {
  const labels = ni.labels;
  return cs.every((c) => Object.hasOwn(labels, c.topologyKey));
}

/** Whether the node's pods count for the constraint (its nodeAffinityPolicy and nodeTaintsPolicy). */
export function nodeCounts(pod: Pod, ni: NodeInfo, c: Constraint): boolean {
  if (c.honorAffinity && !podMatchesNodeSelectorAndAffinity(pod, ni.node!)) return false;
  if (c.honorTaints) {
    for (const t of ni.node!.spec?.taints ?? []) {
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !taintTolerated(t, pod.spec.tolerations)) return false;
    }
  }
  return true;
}

// A label value every pod the selector matches carries (its first required `key=value`), if any.
function requiredLabelValue(selector: LabelSelector): string | undefined {
  return selector.nothing ? undefined : requiredEquality(selector)?.value;
}
