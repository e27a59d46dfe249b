/**
 * Quota scopes (upstream pod evaluator podMatchesScopeFunc): a quota with scopes or a scope selector
 * tracks only the pods matching every one of them, and nothing but pods.
 */
import type { KubeObject } from '../types';

interface ScopedSelectorRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** The quota spec fields about scopes. */
export interface QuotaScopeSpec {
  scopes?: string[];
  scopeSelector?: { matchExpressions?: ScopedSelectorRequirement[] };
}

interface PodSpec {
  activeDeadlineSeconds?: number;
  priorityClassName?: string;
  containers?: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[];
  initContainers?: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[];
  affinity?: { podAffinity?: AffinityTerms; podAntiAffinity?: AffinityTerms };
}

interface AffinityTerms {
  requiredDuringSchedulingIgnoredDuringExecution?: { namespaces?: string[]; namespaceSelector?: unknown }[];
  preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm?: { namespaces?: string[]; namespaceSelector?: unknown } }[];
}

/** True when the quota names scopes (directly or through its selector). */
export function hasScopes(spec: QuotaScopeSpec | undefined): boolean {
  return (spec?.scopes?.length ?? 0) > 0 || (spec?.scopeSelector?.matchExpressions?.length ?? 0) > 0;
}

/** BestEffort QoS: no container states a cpu or memory request or limit. */
function isBestEffort(spec: PodSpec): boolean {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  return all.every((c) => ['cpu', 'memory'].every((r) => !c.resources?.requests?.[r] && !c.resources?.limits?.[r]));
}

function crossNamespaceAffinity(spec: PodSpec): boolean {
  const terms = [spec.affinity?.podAffinity, spec.affinity?.podAntiAffinity].flatMap((a) => [
    ...(a?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p) => p.podAffinityTerm ?? {}),
  ]);
  return terms.some((t) => (t.namespaces?.length ?? 0) > 0 || t.namespaceSelector !== undefined);
}

function scopeMatches(scope: string, spec: PodSpec): boolean {
  const terminating = spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds >= 0;
  switch (scope) {
    case 'Terminating': return terminating;
    case 'NotTerminating': return !terminating;
    case 'BestEffort': return isBestEffort(spec);
    case 'NotBestEffort': return !isBestEffort(spec);
    case 'CrossNamespacePodAffinity': return crossNamespaceAffinity(spec);
    default: return false;
  }
}

function requirementMatches(req: ScopedSelectorRequirement, spec: PodSpec): boolean {
  if (req.scopeName !== 'PriorityClass') {
    const hit = scopeMatches(req.scopeName, spec);
    return req.operator === 'DoesNotExist' ? !hit : hit;
  }
  const pc = spec.priorityClassName ?? '';
  switch (req.operator) {
    case 'Exists': return pc !== '';
    case 'In': return (req.values ?? []).includes(pc);
    case 'NotIn': return !(req.values ?? []).includes(pc);
    // The priority class is always present as a (possibly empty) value, as upstream's label set.
    default: return false;
  }
}

/** Whether a pod falls under the quota's scopes. */
export function podInScope(spec: QuotaScopeSpec | undefined, pod: KubeObject): boolean {
  const podSpec = (pod.spec ?? {}) as PodSpec;
  return (spec?.scopes ?? []).every((s) => scopeMatches(s, podSpec)) && (spec?.scopeSelector?.matchExpressions ?? []).every((r) => requirementMatches(r, podSpec));
}
