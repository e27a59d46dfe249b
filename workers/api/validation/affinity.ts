/**
 * Affinity and topology spread validation as upstream's validateAffinity, validateNodeSelector and
 * validateTopologySpreadConstraints. A value of the wrong shape (a list where an object belongs, as
 * in the malformed nodeAffinity of the website's pod-with-node-affinity.yaml) is reported at its path.
 */
import { field } from '../errors';
import { isQualifiedName, isValidLabelValue } from '../names';
import type { FieldError } from '../types';
import { validateLabelSelector } from './meta';
import { arr, invalidEach, isObj, num, obj, str, wrongType } from './util';

const nodeSelectorOperators = ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'];

function validateNodeSelectorRequirement(req: unknown, path: string, allowFields: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req, 'operator');
  const values = arr(req, 'values');
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(field.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(field.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(field.required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(field.notSupported(`${path}.operator`, op, nodeSelectorOperators));
  }
  const key = str(req, 'key');
  if (!allowFields || key !== 'metadata.name') errs.push(...invalidEach(`${path}.key`, key, isQualifiedName(key)));
  return errs;
}

function validateNodeSelectorTerm(term: unknown, path: string): FieldError[] {
  if (!isObj(term)) return [wrongType(path, term, 'an object')];
  const errs: FieldError[] = [];
  arr(term, 'matchExpressions').forEach((r, i) => errs.push(...validateNodeSelectorRequirement(r, `${path}.matchExpressions[${i}]`, false)));
  arr(term, 'matchFields').forEach((r, i) => {
    const p = `${path}.matchFields[${i}]`;
    if (str(r, 'key') !== 'metadata.name') errs.push(field.invalid(`${p}.key`, str(r, 'key'), 'not a valid field selector key'));
    errs.push(...validateNodeSelectorRequirement(r, p, true));
  });
  return errs;
}

/** validateNodeSelector: a required node selector has at least one term. */
export function validateNodeSelector(sel: unknown, path: string): FieldError[] {
  if (!isObj(sel)) return [wrongType(path, sel, 'an object with nodeSelectorTerms')];
  const terms = sel.nodeSelectorTerms;
  if (terms !== undefined && !Array.isArray(terms)) return [wrongType(`${path}.nodeSelectorTerms`, terms, 'a list')];
  const list = arr(sel, 'nodeSelectorTerms');
  if (list.length === 0) return [field.required(`${path}.nodeSelectorTerms`, 'must have at least one node selector term')];
  return list.flatMap((t, i) => validateNodeSelectorTerm(t, `${path}.nodeSelectorTerms[${i}]`));
}

function validateWeight(term: unknown, path: string): FieldError[] {
  const weight = num(term, 'weight') ?? 0;
  return weight <= 0 || weight > 100 ? [field.invalid(`${path}.weight`, weight, 'must be in the range 1-100')] : [];
}

function validatePreferredNode(list: unknown, path: string): FieldError[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [wrongType(path, list, 'a list')];
  return list.flatMap((term, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(term)) return [wrongType(p, term, 'an object')];
    return [...validateWeight(term, p), ...validateNodeSelectorTerm(term.preference ?? {}, `${p}.preference`)];
  });
}

function validatePodAffinityTerm(term: unknown, path: string): FieldError[] {
  if (!isObj(term)) return [wrongType(path, term, 'an object')];
  const errs = validateLabelSelector(term.labelSelector, `${path}.labelSelector`);
  errs.push(...validateLabelSelector(term.namespaceSelector, `${path}.namespaceSelector`));
  arr(term, 'namespaces').forEach((ns, i) => {
    if (typeof ns === 'string') errs.push(...invalidEach(`${path}.namespaces[${i}]`, ns, isValidLabelValue(ns)));
  });
  const topologyKey = str(term, 'topologyKey');
  if (!topologyKey) errs.push(field.required(`${path}.topologyKey`, 'can not be empty'));
  else errs.push(...invalidEach(`${path}.topologyKey`, topologyKey, isQualifiedName(topologyKey)));
  return errs;
}

function validatePodAffinity(aff: unknown, path: string): FieldError[] {
  if (aff === undefined || aff === null) return [];
  if (!isObj(aff)) return [wrongType(path, aff, 'an object')];
  const errs: FieldError[] = [];
  const required = aff.requiredDuringSchedulingIgnoredDuringExecution;
  const reqPath = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  if (required !== undefined && !Array.isArray(required)) errs.push(wrongType(reqPath, required, 'a list'));
  arr(aff, 'requiredDuringSchedulingIgnoredDuringExecution').forEach((t, i) => errs.push(...validatePodAffinityTerm(t, `${reqPath}[${i}]`)));
  const preferred = aff.preferredDuringSchedulingIgnoredDuringExecution;
  const prefPath = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  if (preferred !== undefined && !Array.isArray(preferred)) errs.push(wrongType(prefPath, preferred, 'a list'));
  arr(aff, 'preferredDuringSchedulingIgnoredDuringExecution').forEach((t, i) => {
    const p = `${prefPath}[${i}]`;
    errs.push(...validateWeight(t, p), ...validatePodAffinityTerm(obj(t, 'podAffinityTerm') ?? {}, `${p}.podAffinityTerm`));
  });
  return errs;
}

/** validateAffinity: node affinity, pod affinity and pod anti-affinity. */
export function validateAffinity(affinity: unknown, path: string): FieldError[] {
  if (affinity === undefined || affinity === null) return [];
  if (!isObj(affinity)) return [wrongType(path, affinity, 'an object')];
  const errs: FieldError[] = [];
  const node = affinity.nodeAffinity;
  if (node !== undefined && node !== null) {
    if (!isObj(node)) errs.push(wrongType(`${path}.nodeAffinity`, node, 'an object'));
    else {
      const required = node.requiredDuringSchedulingIgnoredDuringExecution;
      if (required !== undefined && required !== null) {
        errs.push(...validateNodeSelector(required, `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`));
      }
      errs.push(...validatePreferredNode(node.preferredDuringSchedulingIgnoredDuringExecution, `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`));
    }
  }
  errs.push(...validatePodAffinity(affinity.podAffinity, `${path}.podAffinity`));
  errs.push(...validatePodAffinity(affinity.podAntiAffinity, `${path}.podAntiAffinity`));
  return errs;
}

const whenUnsatisfiable = ['DoNotSchedule', 'ScheduleAnyway'];

/** validateTopologySpreadConstraints: maxSkew > 0, topologyKey, whenUnsatisfiable, unique pairs. */
export function validateTopologySpread(constraints: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  constraints.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const skew = num(c, 'maxSkew') ?? 0;
    if (skew <= 0) errs.push(field.invalid(`${p}.maxSkew`, skew, 'must be greater than zero'));
    const key = str(c, 'topologyKey');
    if (!key) errs.push(field.required(`${p}.topologyKey`, 'can not be empty'));
    else errs.push(...invalidEach(`${p}.topologyKey`, key, isQualifiedName(key)));
    const when = str(c, 'whenUnsatisfiable');
    if (!whenUnsatisfiable.includes(when)) errs.push(field.notSupported(`${p}.whenUnsatisfiable`, when, whenUnsatisfiable));
    const pair = `${key}/${when}`;
    if (seen.has(pair)) errs.push(field.duplicate(`${p}.{topologyKey, whenUnsatisfiable}`, pair));
    seen.add(pair);
    const minDomains = num(c, 'minDomains');
    if (minDomains !== undefined && minDomains <= 0) errs.push(field.invalid(`${p}.minDomains`, minDomains, 'must be greater than 0'));
    errs.push(...validateLabelSelector(c && isObj(c) ? c.labelSelector : undefined, `${p}.labelSelector`));
  });
  return errs;
}
