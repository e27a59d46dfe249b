/**
 * ObjectMeta, labels, annotations and label selectors, as upstream's ValidateObjectMeta,
 * ValidateLabels, ValidateAnnotations and metav1 ValidateLabelSelector.
 */
import { field } from '../errors';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, type NameCheck } from '../names';
import type { FieldError, KubeObject } from '../types';
import { arr, invalidEach, isObj, jsonEqual, obj, str, type Obj } from './util';
import { utf8ByteLength } from '../utf8-length';

/** TotalAnnotationSizeLimitB: all annotation keys and values together, 256 KiB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

const byteLength = utf8ByteLength;

/** ValidateLabels: qualified-name keys and label values, all reported at the map's path. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (!isObj(labels)) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...invalidEach(path, k, isQualifiedName(k)));
    if (typeof v === 'string') errs.push(...invalidEach(path, v, isValidLabelValue(v)));
  }
  return errs;
}

/** ValidateAnnotations: qualified-name keys (case-insensitive) and the total size limit. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  if (!isObj(annotations)) return [];
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    errs.push(...invalidEach(path, k, isQualifiedName(k.toLowerCase())));
    total += byteLength(k) + (typeof v === 'string' ? byteLength(v) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errs.push(field.tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

/** Options for ValidateObjectMeta. */
export interface MetaOptions {
  namespaced: boolean;
  nameCheck: NameCheck;
}

/** ValidateObjectMeta at `path` (`metadata`, or `spec.template.metadata` with no name required). */
export function validateObjectMeta(meta: unknown, opts: MetaOptions, path = 'metadata'): FieldError[] {
  const m = isObj(meta) ? meta : {};
  const errs: FieldError[] = [];
  const name = str(m, 'name');
  const generateName = str(m, 'generateName');
  if (generateName) errs.push(...invalidEach(`${path}.generateName`, generateName, opts.nameCheck(generateName, true)));
  if (!name) errs.push(field.required(`${path}.name`, 'name or generateName is required'));
  else errs.push(...invalidEach(`${path}.name`, name, opts.nameCheck(name, false)));
  const namespace = str(m, 'namespace');
  if (opts.namespaced) {
    if (!namespace) errs.push(field.required(`${path}.namespace`, ''));
    else errs.push(...invalidEach(`${path}.namespace`, namespace, isDNS1123Label(namespace)));
  } else if (namespace) {
    errs.push(field.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateMetaCommon(m, path));
  return errs;
}

/** The parts of ObjectMeta checked for every object and template: generation, labels, annotations, finalizers. */
export function validateMetaCommon(m: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const generation = m.generation;
  if (typeof generation === 'number' && generation < 0) {
    errs.push(field.invalid(`${path}.generation`, generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(m.labels, `${path}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${path}.annotations`));
  arr(m, 'finalizers').forEach((f, i) => {
    if (typeof f === 'string') errs.push(...invalidEach(`${path}.finalizers[${i}]`, f, isQualifiedName(f)));
  });
  arr(m, 'ownerReferences').forEach((ref, i) => errs.push(...validateOwnerReference(ref, `${path}.ownerReferences[${i}]`)));
  return errs;
}

function validateOwnerReference(ref: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(ref, 'apiVersion')) errs.push(field.invalid(`${path}.apiVersion`, str(ref, 'apiVersion'), 'version must not be empty'));
  if (!str(ref, 'kind')) errs.push(field.invalid(`${path}.kind`, str(ref, 'kind'), 'kind must not be empty'));
  if (!str(ref, 'name')) errs.push(field.invalid(`${path}.name`, str(ref, 'name'), 'name must not be empty'));
  if (!str(ref, 'uid')) errs.push(field.invalid(`${path}.uid`, str(ref, 'uid'), 'uid must not be empty'));
  return errs;
}

/** Pod template metadata: no name or namespace required, labels and annotations checked. */
export function validateTemplateMeta(meta: unknown, path: string): FieldError[] {
  return validateMetaCommon(isObj(meta) ? meta : {}, path);
}

/** ValidateObjectMetaUpdate: name, namespace, uid and creationTimestamp may not change (labels are checked by the kind's own validation). */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata ?? {};
  const o = old.metadata ?? {};
  for (const key of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    const now = m[key] ?? '';
    const before = o[key] ?? '';
    // The REST layer copies uid and creationTimestamp from the stored object when a client omits them.
    const omitted = now === '' && (key === 'uid' || key === 'creationTimestamp');
    if (!omitted && now !== before) errs.push(field.invalid(`metadata.${key}`, now, 'field is immutable'));
  }
  if (typeof m.generation === 'number' && typeof o.generation === 'number' && m.generation < o.generation) {
    errs.push(field.invalid('metadata.generation', m.generation, 'must not be decremented'));
  }
  return errs;
}


/** metav1 ValidateLabelSelector: matchLabels as labels, matchExpressions' operators and values. */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (sel === undefined || sel === null) return [];
  const errs: FieldError[] = [];
  arr(sel, 'matchExpressions').forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const op = str(req, 'operator');
    const values = arr(req, 'values');
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(field.required(`${p}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(field.forbidden(`${p}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else {
      errs.push(field.invalid(`${p}.operator`, op, 'not a valid selector operator'));
    }
    errs.push(...invalidEach(`${p}.key`, str(req, 'key'), isQualifiedName(str(req, 'key'))));
    values.forEach((v, j) => {
      if (typeof v === 'string') errs.push(...invalidEach(`${p}.values[${j}]`, v, isValidLabelValue(v)));
    });
  });
  errs.push(...validateLabels(obj(sel, 'matchLabels'), `${path}.matchLabels`));
  return errs;
}

/** Whether a label selector object selects nothing in particular (no labels, no expressions). */
export function isEmptySelector(sel: unknown): boolean {
  return Object.keys(obj(sel, 'matchLabels') ?? {}).length === 0 && arr(sel, 'matchExpressions').length === 0;
}

/** Whether `labels` satisfy a label selector object (matchLabels and matchExpressions). */
export function selectorMatches(sel: unknown, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(obj(sel, 'matchLabels') ?? {})) if (labels[k] !== v) return false;
  for (const req of arr(sel, 'matchExpressions')) {
    const key = str(req, 'key');
    const values = arr(req, 'values');
    const present = Object.prototype.hasOwnProperty.call(labels, key);
    switch (str(req, 'operator')) {
      case 'In':
        if (!present || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether two values are the same for an immutability check. */
export const unchanged = jsonEqual;
