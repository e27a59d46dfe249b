/**
 * Label selectors (equality- and set-based), parsed, matched and printed as upstream's
 * k8s.io/apimachinery/pkg/labels. Field selectors live in fieldselectors.ts.
 */
import { badRequest } from './errors';
import { lex, Parser } from './selector-parser';
import {
  makeRequirement,
  parseInt64,
  SelectorError,
  type LabelSelector,
  type Requirement,
  type RequirementOperator,
} from './selector-requirements';

export { requirementError, SelectorError, type LabelSelector, type Requirement, type RequirementOperator } from './selector-requirements';

/** The selector that matches every object (labels.Everything). */
export const everything = (): LabelSelector => ({ requirements: [] });
/** The selector that matches no object (labels.Nothing). */
export const nothing = (): LabelSelector => ({ requirements: [], nothing: true });

const byKey = (a: Requirement, b: Requirement): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Parses a selector string as labels.Parse; throws SelectorError with upstream's message. */
export function parseLabelSelectorText(text: string): LabelSelector {
  const reqs = new Parser(lex(text)).parse();
  return { requirements: reqs.sort(byKey) };
}

/** Parses a `labelSelector` query parameter; a syntax error is a 400 BadRequest as upstream. */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    return parseLabelSelectorText(text);
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

interface MetaLabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

const metaOperators: Record<string, RequirementOperator> = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
};

/**
 * A metav1.LabelSelector as LabelSelectorAsSelector converts it: null or undefined matches nothing,
 * `{}` (no matchLabels, no matchExpressions) matches everything. Throws SelectorError (upstream's
 * message) for an unknown operator or invalid key/values; use labelSelectorFromObjectOrBadRequest in
 * request paths.
 */
export function labelSelectorFromObject(sel: unknown): LabelSelector {
  if (sel === null || sel === undefined) return nothing();
  const ps = sel as MetaLabelSelector;
  const labels = ps.matchLabels ?? {};
  const exprs = ps.matchExpressions ?? [];
  if (Object.keys(labels).length + exprs.length === 0) return everything();
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(labels)) reqs.push(makeRequirement(k, '=', [v]));
  for (const e of exprs) {
    const op = Object.hasOwn(metaOperators, e.operator) ? metaOperators[e.operator] : undefined;
    if (!op) throw new SelectorError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push(makeRequirement(e.key, op, e.values ?? undefined));
  }
  return { requirements: reqs.sort(byKey) };
}

/** labelSelectorFromObject, with errors as a 400 BadRequest. */
export function labelSelectorFromObjectOrBadRequest(sel: unknown): LabelSelector {
  try {
    return labelSelectorFromObject(sel);
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

/** A set-based selector from a plain map (Service and ReplicationController selectors). */
export function selectorFromSet(labels: Record<string, string> | undefined | null): LabelSelector {
  const reqs = Object.entries(labels ?? {}).map(([k, v]) => ({ key: k, operator: '=', values: [v] }) as Requirement);
  return { requirements: reqs.sort(byKey) };
}

/** One requirement against a label set, as Requirement.Matches. */
export function requirementMatches(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'In':
    case '=':
    case '==':
      return has && r.values.includes(value as string);
    case 'NotIn':
    case '!=':
      return !has || !r.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = parseInt64(value as string);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'Gt' ? actual > bound : actual < bound;
    }
  }
}

/**
 * The first `key=value` the selector requires (an `=`/`==` requirement, or an `In` of one value): every
 * object it matches carries that label, so an index by label narrows the candidates to test.
 */
export function requiredEquality(sel: LabelSelector): { key: string; value: string } | undefined {
  for (const r of sel.requirements) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'In') && r.values.length === 1) return { key: r.key, value: r.values[0] };
  }
  return undefined;
}

/** Whether a label set satisfies every requirement of the selector. */
export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  if (sel.nothing) return false;
  return sel.requirements.every((r) => requirementMatches(r, labels));
}

/** Whether the selector is labels.Everything (no requirements). */
export function isEverything(sel: LabelSelector): boolean {
  return !sel.nothing && sel.requirements.length === 0;
}

const opText: Record<RequirementOperator, string> = {
  '=': '=', '==': '==', '!=': '!=', In: ' in ', NotIn: ' notin ', Gt: '>', Lt: '<', Exists: '', DoesNotExist: '',
};

/** One requirement as Requirement.String() prints it (set values sorted). */
export function requirementToString(r: Requirement): string {
  if (!('values' in r)) return r.operator === 'DoesNotExist' ? `!${r.key}` : r.key;
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  const body = r.operator === 'In' || r.operator === 'NotIn' ? `(${vals})` : vals;
  return `${r.key}${opText[r.operator]}${body}`;
}

/** The canonical string form, as Selector.String() (`app=web,tier in (a,b)`); "" for everything and nothing. */
export function selectorToString(sel: LabelSelector): string {
  if (sel.nothing) return '';
  return sel.requirements.map(requirementToString).join(',');
}

/** metav1.FormatLabelSelector, as kubectl describe prints: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: unknown): string {
  try {
    return selectorToString(labelSelectorFromObject(sel)) || '<none>';
  } catch {
    return '<error>';
  }
}

// Field selectors moved to their own file; re-exported here for existing importers.
export { parseFieldSelector, type FieldRequirement } from './fieldselectors';
