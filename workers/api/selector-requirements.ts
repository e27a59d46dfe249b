/** Label selector requirements: their types and upstream's validity checks (labels.NewRequirement). */
import { isQualifiedName, isValidLabelValue } from './qualified-names';

export type Requirement =
  | { key: string; operator: 'In' | 'NotIn'; values: string[] }
  | { key: string; operator: 'Exists' | 'DoesNotExist' }
  | { key: string; operator: '=' | '==' | '!='; values: [string] }
  | { key: string; operator: 'Gt' | 'Lt'; values: [string] };

/** Any requirement operator. */
export type RequirementOperator = Requirement['operator'];

/** A parsed label selector: all requirements must hold. Empty matches everything. */
export interface LabelSelector {
  requirements: Requirement[];
  /** `nothing` is a selector that matches no object (a nil metav1.LabelSelector on some fields). */
  nothing?: boolean;
}

/** A selector syntax or validity error; `message` is upstream's error text. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}


// ---- Go formatting of bad values in field errors, as field.Error prints them ----

function goStringSlice(values: string[] | undefined): string {
  if (values === undefined) return '[]string(nil)';
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

// Joins like utilerrors.NewAggregate(...).Error(): one message bare, several in brackets.
function aggregate(errs: string[]): string | undefined {
  const unique = [...new Set(errs)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** Validates a requirement as upstream's labels.NewRequirement; returns the aggregate error text. */
export function requirementError(
  key: string,
  op: RequirementOperator,
  values: string[] | undefined,
  path?: string,
): string | undefined {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  const keyPath = path ? `${path}.key` : 'key';
  if (keyErrs.length) errs.push(`${keyPath}: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  const valuePath = path ? `${path}.values` : 'values';
  const vals = values ?? [];
  switch (op) {
    case 'In':
    case 'NotIn':
      if (vals.length === 0) {
        errs.push(`${valuePath}: Invalid value: ${goStringSlice(values)}: for 'in', 'notin' operators, values set can't be empty`);
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) {
        errs.push(`${valuePath}: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`);
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (vals.length !== 0) {
        errs.push(`${valuePath}: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`);
      }
      break;
    case 'Gt':
    case 'Lt':
      if (vals.length !== 1) {
        errs.push(`${valuePath}: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      }
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(`${valuePath}[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      });
      break;
  }
  vals.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) {
      errs.push(`${valuePath}[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${valueErrs.join('; ')}`);
    }
  });
  return aggregate(errs);
}

/** strconv.ParseInt(v, 10, 64): the value, or undefined when it is not a base-10 int64. */
export function parseInt64(v: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(v)) return undefined;
  const n = BigInt(v);
  return n >= -(1n << 63n) && n < 1n << 63n ? n : undefined;
}

/** A validated requirement; throws SelectorError with upstream's aggregate message. */
export function makeRequirement(key: string, op: RequirementOperator, values: string[] | undefined, path?: string): Requirement {
  const err = requirementError(key, op, values, path);
  if (err) throw new SelectorError(err);
  if (op === 'Exists' || op === 'DoesNotExist') return { key, operator: op };
  return { key, operator: op, values: [...(values ?? [])] } as Requirement;
}
