/**
 * Strict decoding of a request body against the Kubernetes schema: unknown fields and wrong types,
 * reported as kube-apiserver reports them (fieldValidation Strict / Warn / Ignore).
 *
 * Upstream decodes the body into the Go struct: a wrong type is a json UnmarshalTypeError (always a
 * 400, whatever the mode; the first one wins), and unknown or duplicate fields are "strict decoding
 * errors", collected in document order: a 400 with Strict, `Warning` headers with Warn, nothing with
 * Ignore. Both 400s read `<Kind> in version "<version>" cannot be handled as a <Kind>: <error>`.
 */
import { ApiError, statusFailure } from '../errors';
import type { ResourceInfo } from '../registry';
import type { KubeObject, StatusCause } from '../types';
import { structSpec, type FieldSpec, type StructSpec } from './field-specs';
import { base64Error, quantityError, timeError } from './go-scalars';
import { duplicateKeysOf, forbiddenKeyError, forbiddenKeys, formatFieldPath, hasDuplicateKeys } from './json-strict';
import { schemaNameFor } from './schema';

export { parseJsonStrict, summarizeBody } from './json-strict';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** A map key in a path: shown in strict paths, left out of Go's struct-field paths. */
interface MapKey {
  key: string;
}
type PathSeg = string | number | MapKey;

interface StrictProblem {
  message: string;
  field: string;
  reason: 'FieldValueUnknown' | 'FieldValueDuplicate';
}

interface TypeProblem {
  message: string;
  field: string;
}

class Walk {
  readonly path: PathSeg[] = [];
  readonly strict: StrictProblem[] = [];
  typeError?: TypeProblem;

  constructor(readonly checkDuplicates: boolean) {}

  /** Objects that did not come through parseJsonStrict (in-process callers) get the same key check. */
  refuseForbidden(key: string): void {
    if (forbiddenKeys.has(key)) throw forbiddenKeyError(key, this.path.map((p) => (typeof p === 'object' ? p.key : p)));
  }

  strictPath(last?: string): string {
    const segs = this.path.map((p) => (typeof p === 'object' ? p.key : p));
    return formatFieldPath(last === undefined ? segs : [...segs, last]);
  }

  /** Go's UnmarshalTypeError: `cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`. */
  typeMismatch(owner: StructSpec, what: string, go: string): void {
    if (this.typeError) return;
    const goPath = this.path.filter((p): p is string => typeof p === 'string').join('.');
    this.typeError = {
      message: `json: cannot unmarshal ${what} into Go struct field ${owner.goName}.${goPath} of type ${go}`,
      field: this.strictPath(),
    };
  }

  /** An error returned by a custom unmarshaller (Quantity, Time, IntOrString): reported verbatim. */
  valueError(message: string): void {
    if (!this.typeError) this.typeError = { message, field: this.strictPath() };
  }
}

/** Go's name for the JSON kind of a value, as UnmarshalTypeError prints it. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks one value against its spec; `owner` is the innermost struct holding the field. */
function walkValue(w: Walk, v: unknown, spec: FieldSpec, owner: StructSpec): void {
  if (v === null) return; // Go leaves the zero value for null, whatever the type.
  switch (spec.k) {
    case 'string':
      if (typeof v !== 'string') w.typeMismatch(owner, jsonKind(v), spec.go);
      return;
    case 'bool':
      if (typeof v !== 'boolean') w.typeMismatch(owner, jsonKind(v), spec.go);
      return;
    case 'float':
      if (typeof v !== 'number') w.typeMismatch(owner, jsonKind(v), spec.go);
      return;
    case 'int':
      if (typeof v !== 'number') w.typeMismatch(owner, jsonKind(v), spec.go);
      else if (!Number.isInteger(v) || v < spec.min || v > spec.max) w.typeMismatch(owner, `number ${v}`, spec.go);
      return;
    case 'bytes': {
      if (typeof v !== 'string') return w.typeMismatch(owner, jsonKind(v), spec.go);
      const err = base64Error(v);
      if (err) w.valueError(err);
      return;
    }
    case 'quantity': {
      const err = quantityError(v);
      if (err) w.valueError(err);
      return;
    }
    case 'intOrString':
      if (typeof v === 'string') return;
      if (typeof v !== 'number') w.valueError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type int32`);
      else if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        w.valueError(`json: cannot unmarshal number ${v} into Go value of type int32`);
      }
      return;
    case 'time': {
      if (typeof v !== 'string') return w.valueError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`);
      const err = timeError(v, spec.micro);
      if (err) w.valueError(err);
      return;
    }
    case 'raw':
      return;
    case 'struct': {
      if (!isPlainObject(v)) return w.typeMismatch(owner, jsonKind(v), spec.go);
      const inner = structSpec(spec.name);
      if (inner) walkStruct(w, v, inner);
      return;
    }
    case 'array':
      if (!Array.isArray(v)) return w.typeMismatch(owner, jsonKind(v), spec.go);
      for (let i = 0; i < v.length; i++) {
        w.path.push(i);
        walkValue(w, v[i], spec.elem, owner);
        w.path.pop();
      }
      return;
    case 'map':
      if (!isPlainObject(v)) return w.typeMismatch(owner, jsonKind(v), spec.go);
      for (const key of Object.keys(v)) {
        w.refuseForbidden(key);
        w.path.push({ key });
        walkValue(w, v[key], spec.elem, owner);
        w.path.pop();
      }
      if (w.checkDuplicates) reportDuplicates(w, v, undefined);
      return;
  }
}

function reportDuplicates(w: Walk, obj: object, s: StructSpec | undefined): void {
  for (const key of duplicateKeysOf(obj) ?? []) {
    // Go skips unknown fields without looking inside them, duplicates included: they are unknown once.
    if (s && !s.fields.has(key)) continue;
    const field = w.strictPath(key);
    w.strict.push({ message: `duplicate field ${JSON.stringify(field)}`, field, reason: 'FieldValueDuplicate' });
  }
}

function walkStruct(w: Walk, obj: Record<string, unknown>, s: StructSpec): void {
  if (s.open) return;
  const dups = w.checkDuplicates ? duplicateKeysOf(obj) : undefined;
  for (const key of Object.keys(obj)) {
    const spec = s.fields.get(key);
    if (dups?.includes(key) && spec) {
      const field = w.strictPath(key);
      w.strict.push({ message: `duplicate field ${JSON.stringify(field)}`, field, reason: 'FieldValueDuplicate' });
    }
    if (!spec) {
      w.refuseForbidden(key);
      const field = w.strictPath(key);
      w.strict.push({ message: `unknown field ${JSON.stringify(field)}`, field, reason: 'FieldValueUnknown' });
      continue;
    }
    w.path.push(key);
    walkValue(w, obj[key], spec, s);
    w.path.pop();
  }
}

function cannotBeHandled(info: ResourceInfo, detail: string, causes: StatusCause[]): ApiError {
  const message = `${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: ${detail}`;
  return new ApiError(statusFailure(400, 'BadRequest', message, { causes }));
}

/**
 * Decodes `obj` as the kind `info` serves. Throws a 400 BadRequest ApiError for a wrong type (any
 * mode) and, with Strict, for unknown or duplicate fields (`details.causes[]` carries each field
 * path; upstream sends none, kubectl ignores them). Returns the Warn-mode warnings
 * (`unknown field "spec.replicass"`); with Ignore, nothing. Kinds without a schema pass untouched.
 */
export function decodeChecked(obj: KubeObject, info: ResourceInfo, mode: FieldValidation): { warnings: string[] } {
  const name = schemaNameFor(info.group, info.version, info.kind);
  const s = name ? structSpec(name) : undefined;
  if (!s) return { warnings: [] };
  const w = new Walk(mode !== 'Ignore' && hasDuplicateKeys(obj));
  walkStruct(w, obj, s);
  if (w.typeError) {
    throw cannotBeHandled(info, w.typeError.message, [
      { reason: 'FieldValueTypeInvalid', message: w.typeError.message, field: w.typeError.field },
    ]);
  }
  if (mode === 'Ignore' || w.strict.length === 0) return { warnings: [] };
  if (mode === 'Warn') return { warnings: w.strict.map((p) => p.message) };
  const causes = w.strict.map((p) => ({ reason: p.reason, message: p.message, field: p.field }));
  throw cannotBeHandled(info, `strict decoding error: ${w.strict.map((p) => p.message).join(', ')}`, causes);
}
