/**
 * Node selector terms (node affinity, PV node affinity) matched as upstream's
 * component-helpers nodeaffinity: terms are ORed, a term's expressions and fields are ANDed.
 */
import { requirementError, requirementMatches, type Requirement, type RequirementOperator } from './selectors';

/** One v1.NodeSelectorRequirement. */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

/** One v1.NodeSelectorTerm. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[] | null;
  matchFields?: NodeSelectorRequirement[] | null;
}

const nodeOperators: Record<string, RequirementOperator> = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
  Gt: 'Gt',
  Lt: 'Lt',
};

// NodeSelectorRequirementsAsSelector: an unknown operator or invalid requirement makes the term fail.
function expressionRequirements(exprs: NodeSelectorRequirement[]): Requirement[] | undefined {
  const reqs: Requirement[] = [];
  for (const e of exprs) {
    const op = Object.hasOwn(nodeOperators, e.operator) ? nodeOperators[e.operator] : undefined;
    if (!op || requirementError(e.key, op, e.values ?? undefined)) return undefined;
    reqs.push(
      op === 'Exists' || op === 'DoesNotExist'
        ? { key: e.key, operator: op }
        : ({ key: e.key, operator: op, values: [...(e.values ?? [])] } as Requirement),
    );
  }
  return reqs;
}

// Only metadata.name is a selectable node field, with In or NotIn and exactly one value.
function fieldRequirementsMatch(fields: NodeSelectorRequirement[], nodeFields: Record<string, string>): boolean {
  for (const f of fields) {
    if (f.key !== 'metadata.name') return false;
    const values = f.values ?? [];
    if ((f.operator !== 'In' && f.operator !== 'NotIn') || values.length !== 1) return false;
    const has = Object.hasOwn(nodeFields, f.key);
    const match = has && nodeFields[f.key] === values[0];
    if (f.operator === 'In' ? !match : match) return false;
  }
  return true;
}

/** Whether one term matches; an empty term (no expressions, no fields) matches nothing, as upstream. */
export function matchNodeSelectorTerm(
  term: NodeSelectorTerm,
  nodeLabels: Record<string, string> | undefined,
  nodeFields: Record<string, string>,
): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const reqs = expressionRequirements(exprs);
  if (!reqs || !reqs.every((r) => requirementMatches(r, nodeLabels ?? {}))) return false;
  return fieldRequirementsMatch(fields, nodeFields);
}

/**
 * Whether any term matches the node (labels, and fields such as `{ 'metadata.name': node }`). An
 * empty or missing term list matches nothing; callers treat a missing nodeSelector as "any node".
 */
export function matchNodeSelectorTerms(
  terms: NodeSelectorTerm[] | null | undefined,
  nodeLabels: Record<string, string> | undefined,
  nodeFields: Record<string, string>,
): boolean {
  return (terms ?? []).some((t) => matchNodeSelectorTerm(t, nodeLabels, nodeFields));
}
