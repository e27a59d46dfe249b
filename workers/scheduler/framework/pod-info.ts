/**
 * A pod with what the scheduler derives from it computed once (requests, parsed affinity terms),
 * as upstream's framework.PodInfo, so filters and scores over thousands of nodes reuse it.
 */
import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors';
import { makeRequirement } from '../../api/selector-requirements';
import { compileSelector, type LabelMatcher } from './label-matcher';
import { podRequests, type Resource } from './resources';
import type { Pod, PodAffinityTerm, Toleration, WeightedPodAffinityTerm } from './types';

const NO_TOLERATIONS: readonly Toleration[] = [];

/** A pod affinity term ready to match: namespaces resolved, selector parsed. */
export interface AffinityTerm {
  /** Namespaces the term selects; empty with allNamespaces false means the pod's own. */
  namespaces: Set<string>;
  /** True for `namespaceSelector: {}` (every namespace). */
  allNamespaces: boolean;
  selector: LabelSelector;
  /** The selector compiled for the hot loops. */
  matches: LabelMatcher;
  topologyKey: string;
}

/** A preferred term with its weight. */
export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** A pod plus its precomputed scheduling facts. */
export interface PodInfo {
  pod: Pod;
  /** spec.tolerations, or an empty list. */
  tolerations: readonly Toleration[];
  /** Init then regular containers' images, normalized as ImageLocality compares them ('' for none). */
  imageNames: string[];
  requests: Resource;
  /** Requests with upstream's non-zero defaults (for scoring). */
  nonZeroRequests: Resource;
  requiredAffinityTerms: readonly AffinityTerm[];
  requiredAntiAffinityTerms: readonly AffinityTerm[];
  preferredAffinityTerms: readonly WeightedAffinityTerm[];
  preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
}

// matchLabelKeys / mismatchLabelKeys add `key in (value)` / `key notin (value)` from the pod's labels.
function termSelector(pod: Pod, term: PodAffinityTerm): LabelSelector {
  let sel: LabelSelector;
  try {
    sel = labelSelectorFromObject(term.labelSelector);
  } catch {
    return { requirements: [], nothing: true };
  }
  const labels = pod.metadata.labels ?? {};
  const extra = [
    ...(term.matchLabelKeys ?? []).filter((k) => Object.hasOwn(labels, k)).map((k) => makeRequirement(k, 'In', [labels[k]])),
    ...(term.mismatchLabelKeys ?? []).filter((k) => Object.hasOwn(labels, k)).map((k) => makeRequirement(k, 'NotIn', [labels[k]])),
  ];
  if (extra.length === 0 || sel.nothing) return sel;
  return { requirements: [...sel.requirements, ...extra] };
}

/** A term with its namespaces resolved as upstream's getNamespacesFromPodAffinityTerm. */
export function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(term.namespaces ?? []);
  const nsSel = term.namespaceSelector;
  const allNamespaces = !!nsSel && Object.keys(nsSel.matchLabels ?? {}).length === 0 && (nsSel.matchExpressions ?? []).length === 0;
  if (namespaces.size === 0 && !nsSel) namespaces.add(pod.metadata.namespace ?? 'default');
  const selector = termSelector(pod, term);
  return { namespaces, allNamespaces, selector, matches: compileSelector(selector), topologyKey: term.topologyKey };
}

/** Whether the term selects `pod` (namespace and labels). */
export function termMatches(term: AffinityTerm, pod: Pod): boolean {
  if (!term.allNamespaces && !term.namespaces.has(pod.metadata.namespace ?? 'default')) return false;
  return term.matches(pod.metadata.labels);
}

// One shared empty list: most pods have no (anti-)affinity, and every pod in the cache keeps its PodInfo.
const NONE: readonly never[] = Object.freeze([]);

function weighted(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined): readonly WeightedAffinityTerm[] {
  return terms && terms.length > 0 ? terms.map((t) => ({ ...newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight })) : NONE;
}

function required(pod: Pod, terms: PodAffinityTerm[] | undefined): readonly AffinityTerm[] {
  return terms && terms.length > 0 ? terms.map((t) => newAffinityTerm(pod, t)) : NONE;
}

/** Adds `:latest` to an image without a tag or digest, as upstream's normalizedImageName. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/') && !name.includes('@')) return `${name}:latest`;
  return name;
}

/** Builds the PodInfo of a pod. */
export function newPodInfo(pod: Pod): PodInfo {
  const a = pod.spec.affinity;
  return {
    pod,
    tolerations: pod.spec.tolerations ?? NO_TOLERATIONS,
    imageNames: [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].map((c) => (c.image ? normalizedImageName(c.image) : '')),
    requests: podRequests(pod),
    nonZeroRequests: podRequests(pod, true),
    requiredAffinityTerms: required(pod, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinityTerms: required(pod, a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredAffinityTerms: weighted(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

/** Whether the pod has any affinity or anti-affinity term. */
export function hasAffinity(pi: PodInfo): boolean {
  return pi.requiredAffinityTerms.length + pi.requiredAntiAffinityTerms.length + pi.preferredAffinityTerms.length + pi.preferredAntiAffinityTerms.length > 0;
}
