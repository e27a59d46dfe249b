/**
 * Label selectors compiled once per cycle into plain closures: filters and scores match them
 * against every pod on thousands of nodes, so the generic matcher's per-call work adds up.
 */
import { requirementMatches, type LabelSelector } from '../../api/selectors';
import type { Requirement } from '../../api/selector-requirements';

/** Matches a label set. */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

const NONE: LabelMatcher = () => false;
const ALL: LabelMatcher = () => true;

function compileOne(r: Requirement): LabelMatcher {
  const key = r.key;
  switch (r.operator) {
    case '=':
    case '==':
      return (l) => l !== undefined && l[key] === r.values[0] && Object.hasOwn(l, key);
    case 'In':
      if (r.values.length === 1) {
        const v = r.values[0];
        return (l) => l !== undefined && l[key] === v && Object.hasOwn(l, key);
      }
      return (l) => l !== undefined && Object.hasOwn(l, key) && r.values.includes(l[key]);
    case 'Exists':
      return (l) => l !== undefined && Object.hasOwn(l, key);
    case 'DoesNotExist':
      return (l) => l === undefined || !Object.hasOwn(l, key);
    default:
      return (l) => requirementMatches(r, l);
  }
}

/** A closure equivalent to `matchesLabels(sel, labels)`. */
export function compileSelector(sel: LabelSelector): LabelMatcher {
  if (sel.nothing) return NONE;
  const parts = sel.requirements.map(compileOne);
  if (parts.length === 0) return ALL;
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) {
    const [a, b] = parts;
    return (l) => a(l) && b(l);
  }
  return (l) => {
    for (const p of parts) if (!p(l)) return false;
    return true;
  };
}
