/**
 * Field selectors as upstream's k8s.io/apimachinery/pkg/fields: `metadata.name=x,spec.nodeName!=y`,
 * the field labels each kind accepts (its registered field-label conversion, with that
 * conversion's own error wording) and the values GetAttrs exposes for matching.
 */
import { badRequest } from './errors';
import type { ResourceInfo } from './registry';
import type { KubeObject } from './types';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/** A field selector syntax error; `message` is upstream's error text. */
export class FieldSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldSelectorError';
  }
}

// Splits on commas not escaped by a backslash, as fields.splitTerms.
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    if (escaped) escaped = false;
    else if (text[i] === '\\') escaped = true;
    else if (text[i] === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

// The first operator from the left, trying `!=` and `==` before `=` at each position.
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes; bare `,` and `=` are errors. */
export function unescapeFieldValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Upstream formats the rune with %v, which prints its code point.
      throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Parses a selector string as fields.ParseSelector; throws FieldSelectorError. Terms come out sorted. */
export function parseFieldSelectorText(text: string): FieldRequirement[] {
  const parts = splitTerms(text).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new FieldSelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    reqs.push({ field, operator, value: unescapeFieldValue(raw) });
  }
  return reqs;
}

/** Parses a `fieldSelector` query parameter; a syntax error is a 400 BadRequest. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  try {
    return parseFieldSelectorText(text);
  } catch (e) {
    if (e instanceof FieldSelectorError) throw badRequest(e.message);
    throw e;
  }
}

/** The canonical string form, as Selector.String(). */
export function fieldSelectorToString(reqs: FieldRequirement[]): string {
  return reqs.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldValue(r.value)}`).join(',');
}

type Conversion = (label: string) => string;

const notSupported = (label: string): never => {
  throw new FieldSelectorError(`field label not supported: ${label}`);
};

function fieldsOf(allowed: string[], onError: (label: string) => never): Conversion {
  return (label) => (allowed.includes(label) ? label : onError(label));
}

const eventFields = [
  'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
  'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath',
  'reason', 'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name',
];

// Kinds with a registered field-label conversion, keyed `group/resource`. Everything else gets
// upstream's default conversion (metadata.name and metadata.namespace only). Upstream's apps/v1
// registers none, so ReplicaSet's status.replicas is rejected there (kubernetes#135136).
const conversions: Record<string, Conversion> = {
  '/pods': (label) => {
    if (label === 'spec.host') return 'spec.nodeName';
    return fieldsOf(
      ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName',
        'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs',
        'status.nominatedNodeName'],
      notSupported,
    )(label);
  },
  '/nodes': fieldsOf(['metadata.name', 'spec.unschedulable'], notSupported),
  '/replicationcontrollers': fieldsOf(['metadata.name', 'metadata.namespace', 'status.replicas'], notSupported),
  '/events': fieldsOf(eventFields, notSupported),
  // The events.k8s.io storage is core's, with core's field labels.
  'events.k8s.io/events': fieldsOf(eventFields, notSupported),
  '/namespaces': fieldsOf(['status.phase', 'metadata.name'], notSupported),
  '/secrets': fieldsOf(['type', 'metadata.namespace', 'metadata.name'], notSupported),
  '/services': fieldsOf(['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'], notSupported),
  'batch/jobs': fieldsOf(['metadata.name', 'metadata.namespace', 'status.successful'], (label) => {
    throw new FieldSelectorError(`field label ${JSON.stringify(label)} not supported for batchv1.Job`);
  }),
  'certificates.k8s.io/certificatesigningrequests': fieldsOf(['metadata.name', 'spec.signerName'], notSupported),
};

const defaultConversion: Conversion = (label) => {
  if (label === 'metadata.name' || label === 'metadata.namespace') return label;
  throw new FieldSelectorError(
    `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
  );
};

type ResourceRef = Pick<ResourceInfo, 'group' | 'resource'>;

/** The field label a kind accepts for `label` (pods map `spec.host` to `spec.nodeName`); throws FieldSelectorError. */
export function convertFieldLabel(info: ResourceRef, label: string): string {
  const conv = conversions[`${info.group}/${info.resource}`] ?? defaultConversion;
  return conv(label);
}

/** Checks and converts a parsed selector for a resource; unsupported labels are a 400 as upstream. */
export function fieldSelectorForResource(info: ResourceRef, reqs: FieldRequirement[]): FieldRequirement[] {
  try {
    return reqs.map((r) => ({ ...r, field: convertFieldLabel(info, r.field) }));
  } catch (e) {
    if (e instanceof FieldSelectorError) throw badRequest(e.message);
    throw e;
  }
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
type Obj = Record<string, unknown>;
const sub = (o: unknown, k: string): Obj => ((o as Obj | undefined)?.[k] ?? {}) as Obj;

function podFields(o: KubeObject): Record<string, string> {
  const spec = sub(o, 'spec');
  const status = sub(o, 'status');
  const podIPs = status.podIPs as { ip?: string }[] | undefined;
  return {
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': spec.hostNetwork === true ? 'true' : 'false',
    'status.phase': str(status.phase),
    // Upstream reads the first of status.podIPs (the internal type has no singular podIP).
    'status.podIP': str(podIPs?.[0]?.ip ?? status.podIP),
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
}

// events.k8s.io/v1 objects carry the same data under regarding/reportingController/deprecatedSource.
function eventFieldSet(o: KubeObject): Record<string, string> {
  const io = o.involvedObject !== undefined ? sub(o, 'involvedObject') : sub(o, 'regarding');
  const reporting = str(o.reportingComponent ?? o.reportingController);
  const source = str(sub(o, 'source').component ?? sub(o, 'deprecatedSource').component) || reporting;
  return {
    'involvedObject.kind': str(io.kind),
    'involvedObject.namespace': str(io.namespace),
    'involvedObject.name': str(io.name),
    'involvedObject.uid': str(io.uid),
    'involvedObject.apiVersion': str(io.apiVersion),
    'involvedObject.resourceVersion': str(io.resourceVersion),
    'involvedObject.fieldPath': str(io.fieldPath),
    reason: str(o.reason),
    reportingComponent: reporting,
    source,
    type: str(o.type),
  };
}

const int = (v: unknown): string => String(typeof v === 'number' ? v : 0);

const selectableFields: Record<string, (o: KubeObject) => Record<string, string>> = {
  '/pods': podFields,
  '/events': eventFieldSet,
  'events.k8s.io/events': eventFieldSet,
  '/nodes': (o) => ({ 'spec.unschedulable': sub(o, 'spec').unschedulable === true ? 'true' : 'false' }),
  '/namespaces': (o) => ({ 'status.phase': str(sub(o, 'status').phase) }),
  '/secrets': (o) => ({ type: str(o.type) }),
  '/services': (o) => ({ 'spec.clusterIP': str(sub(o, 'spec').clusterIP), 'spec.type': str(sub(o, 'spec').type) }),
  '/replicationcontrollers': (o) => ({ 'status.replicas': int(sub(o, 'status').replicas) }),
  'apps/replicasets': (o) => ({ 'status.replicas': int(sub(o, 'status').replicas) }),
  // The label says "successful" but upstream fills it from status.succeeded.
  'batch/jobs': (o) => ({ 'status.successful': int(sub(o, 'status').succeeded) }),
  'certificates.k8s.io/certificatesigningrequests': (o) => ({ 'spec.signerName': str(sub(o, 'spec').signerName) }),
};

/** The field set GetAttrs exposes for an object: metadata.name, metadata.namespace (namespaced kinds) and the kind's own. */
export function fieldSet(obj: KubeObject, info: ResourceRef & { namespaced?: boolean }): Record<string, string> {
  // Stored objects are frozen and shared by every watcher: compute each one's set once.
  if (!Object.isFrozen(obj)) return computeFieldSet(obj, info);
  const cached = fieldSetCache.get(obj);
  if (cached) return cached;
  const set = computeFieldSet(obj, info);
  fieldSetCache.set(obj, set);
  return set;
}

/** Field sets of frozen objects (one resource per object, so the object alone is the key). */
const fieldSetCache = new WeakMap<object, Record<string, string>>();

function computeFieldSet(obj: KubeObject, info: ResourceRef & { namespaced?: boolean }): Record<string, string> {
  const set: Record<string, string> = { 'metadata.name': str(obj.metadata?.name) };
  if (info.namespaced !== false) set['metadata.namespace'] = str(obj.metadata?.namespace);
  const own = selectableFields[`${info.group}/${info.resource}`];
  return own ? { ...set, ...own(obj) } : set;
}

/** Whether an object satisfies every requirement; a field missing from the set reads as "". */
export function matchesFields(
  reqs: FieldRequirement[],
  obj: KubeObject,
  info: ResourceRef & { namespaced?: boolean },
): boolean {
  if (reqs.length === 0) return true;
  const set = fieldSet(obj, info);
  return reqs.every((r) => {
    const v = Object.hasOwn(set, r.field) ? set[r.field] : '';
    return r.operator === '!=' ? v !== r.value : v === r.value;
  });
}
