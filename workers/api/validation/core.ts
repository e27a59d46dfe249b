/**
 * Validation of the core/v1 kinds other than Pod, Service, storage and workloads: Namespace,
 * ConfigMap, Secret, ServiceAccount, ResourceQuota, LimitRange, Node, Endpoints, Binding,
 * PodTemplate and Event.
 */
import { field } from '../errors';
import { isConfigMapKey, isQualifiedName, isValidPortNum, nameIsDNSLabel, nameIsDNSSubdomain } from '../names';
import { tryParseQuantity } from '../quantity';
import type { FieldError, KubeObject } from '../types';
import { supportedProtocols } from './container';
import { validateObjectMeta, validateObjectMetaUpdate, validateTemplateMeta } from './meta';
import { validatePodSpec } from './podspec';
import { arr, invalidEach, isObj, jsonEqual, num, obj, str } from './util';
import { utf8ByteLength } from '../utf8-length';

/** MaxSecretSize: the data of a Secret or ConfigMap together, 1 MiB. */
export const MAX_SECRET_SIZE = 1024 * 1024;

const byteLength = utf8ByteLength;

/** ValidateNamespace. */
export function validateNamespace(ns: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameCheck: nameIsDNSLabel });
  arr(obj(ns, 'spec'), 'finalizers').forEach((f, i) => {
    if (typeof f === 'string') errs.push(...invalidEach(`spec.finalizers[${i}]`, f, isQualifiedName(f)));
  });
  return errs;
}

function validateDataKeys(o: KubeObject, maps: string[]): { errs: FieldError[]; size: number } {
  const errs: FieldError[] = [];
  let size = 0;
  const seen = new Set<string>();
  for (const m of maps) {
    for (const [key, value] of Object.entries(obj(o, m) ?? {})) {
      errs.push(...invalidEach(`${m}[${key}]`, key, isConfigMapKey(key)));
      if (seen.has(key)) errs.push(field.invalid(`${m}[${key}]`, key, 'duplicate of key present in data'));
      seen.add(key);
      size += typeof value === 'string' ? byteLength(value) : 0;
    }
  }
  return { errs, size };
}

/** ValidateConfigMap. */
export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const data = validateDataKeys(cm, ['data', 'binaryData']);
  errs.push(...data.errs);
  if (data.size > MAX_SECRET_SIZE) errs.push(field.tooLong('', '', MAX_SECRET_SIZE));
  return errs;
}

function validateImmutableData(o: KubeObject, old: KubeObject, maps: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (o.immutable !== true) errs.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const m of maps) {
    if (!jsonEqual(o[m] ?? {}, old[m] ?? {})) errs.push(field.forbidden(m, 'field is immutable when `immutable` is set'));
  }
  return errs;
}

/** ValidateConfigMapUpdate. */
export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(cm, old), ...validateConfigMap(cm), ...validateImmutableData(cm, old, ['data', 'binaryData'])];
}

/** The keys each built-in Secret type requires. */
function validateSecretType(s: KubeObject): FieldError[] {
  const data = { ...obj(s, 'data'), ...obj(s, 'stringData') };
  const need = (key: string): FieldError[] => (data[key] === undefined ? [field.required(`data[${key}]`, '')] : []);
  switch (str(s, 'type')) {
    case 'kubernetes.io/service-account-token':
      return s.metadata.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [field.required('metadata.annotations[kubernetes.io/service-account.name]', '')];
    case 'kubernetes.io/dockercfg':
      return need('.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return need('.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      return data.username === undefined && data.password === undefined
        ? [field.required('data[username]', ''), field.required('data[password]', '')]
        : [];
    case 'kubernetes.io/ssh-auth':
      return need('ssh-privatekey');
    case 'kubernetes.io/tls':
      return [...need('tls.crt'), ...need('tls.key')];
    default:
      return [];
  }
}

/** ValidateSecret. */
export function validateSecret(s: KubeObject): FieldError[] {
  const errs = validateObjectMeta(s.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const data = validateDataKeys(s, ['data']);
  errs.push(...data.errs);
  for (const key of Object.keys(obj(s, 'stringData') ?? {})) errs.push(...invalidEach(`stringData[${key}]`, key, isConfigMapKey(key)));
  if (data.size > MAX_SECRET_SIZE) errs.push(field.tooLong('data', '', MAX_SECRET_SIZE));
  errs.push(...validateSecretType(s));
  return errs;
}

/** ValidateSecretUpdate: the type never changes; immutable Secrets keep their data. */
export function validateSecretUpdate(s: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(s, old), ...validateSecret(s)];
  if ((s.type ?? '') !== (old.type ?? '')) errs.push(field.invalid('type', s.type ?? '', 'field is immutable'));
  return [...errs, ...validateImmutableData(s, old, ['data'])];
}

function validateResourceAmounts(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(isObj(list) ? list : {})) {
    const p = `${path}[${name}]`;
    errs.push(...invalidEach(p, name, isQualifiedName(name)));
    const q = tryParseQuantity(value);
    if (!q) errs.push(field.invalid(p, value, 'must be a valid quantity'));
    else if (q.sign() < 0) errs.push(field.invalid(p, q.toString(), 'must be greater than or equal to 0'));
  }
  return errs;
}

/** ValidateResourceQuota. */
export function validateResourceQuota(q: KubeObject): FieldError[] {
  const errs = validateObjectMeta(q.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  errs.push(...validateResourceAmounts(obj(q, 'spec')?.hard, 'spec.hard'));
  const scopes = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
  arr(obj(q, 'spec'), 'scopes').forEach((s, i) => {
    if (typeof s !== 'string' || !scopes.includes(s)) errs.push(field.notSupported(`spec.scopes[${i}]`, s, scopes));
  });
  return errs;
}

const limitTypes = ['Container', 'PersistentVolumeClaim', 'Pod'];

function compareLimits(item: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const get = (k: string, r: string) => { const v = obj(item, k)?.[r]; return v === undefined ? undefined : tryParseQuantity(v); };
  const names = new Set<string>();
  for (const k of ['min', 'max', 'default', 'defaultRequest']) for (const r of Object.keys(obj(item, k) ?? {})) names.add(r);
  const rules: [string, string, string, string][] = [
    ['min', 'max', 'min', 'min value %a is greater than max value %b'],
    ['min', 'defaultRequest', 'defaultRequest', 'min value %a is greater than default request value %b'],
    ['defaultRequest', 'max', 'defaultRequest', 'default request value %a is greater than max value %b'],
    ['defaultRequest', 'default', 'defaultRequest', 'default request value %a is greater than default limit value %b'],
    ['min', 'default', 'default', 'min value %a is greater than default value %b'],
    ['default', 'max', 'default', 'default value %a is greater than max value %b'],
  ];
  for (const r of names) {
    for (const [lo, hi, at, text] of rules) {
      const a = get(lo, r);
      const b = get(hi, r);
      if (a && b && a.cmp(b) > 0) {
        const bad = at === lo ? a : b;
        errs.push(field.invalid(`${path}.${at}[${r}]`, bad.toString(), text.replace('%a', a.toString()).replace('%b', b.toString())));
      }
    }
  }
  return errs;
}

/** ValidateLimitRange. */
export function validateLimitRange(lr: KubeObject): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  arr(obj(lr, 'spec'), 'limits').forEach((item, i) => {
    const p = `spec.limits[${i}]`;
    const type = str(item, 'type');
    if (!limitTypes.includes(type)) errs.push(field.notSupported(`${p}.type`, type, limitTypes));
    for (const k of ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      errs.push(...validateResourceAmounts(obj(item, k), `${p}.${k}`));
    }
    if (type === 'Pod') {
      if (obj(item, 'default')) errs.push(field.forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (obj(item, 'defaultRequest')) errs.push(field.forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    }
    errs.push(...compareLimits(item, p));
  });
  return errs;
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** ValidateNode: name, taints. */
export function validateNode(node: KubeObject): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false, nameCheck: nameIsDNSSubdomain });
  arr(obj(node, 'spec'), 'taints').forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    const key = str(t, 'key');
    errs.push(...invalidEach(`${p}.key`, key, isQualifiedName(key)));
    const effect = str(t, 'effect');
    if (!effect) errs.push(field.required(`${p}.effect`, ''));
    else if (!taintEffects.includes(effect)) errs.push(field.notSupported(`${p}.effect`, effect, taintEffects));
  });
  return errs;
}

/** ValidateEndpoints: addresses carry an IP, ports are valid. */
export function validateEndpoints(ep: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  arr(ep, 'subsets').forEach((subset, i) => {
    const p = `subsets[${i}]`;
    for (const key of ['addresses', 'notReadyAddresses']) {
      arr(subset, key).forEach((a, j) => {
        if (!str(a, 'ip')) errs.push(field.required(`${p}.${key}[${j}].ip`, ''));
      });
    }
    arr(subset, 'ports').forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      const n = num(port, 'port') ?? 0;
      errs.push(...invalidEach(`${pp}.port`, n, isValidPortNum(n)));
      const protocol = str(port, 'protocol');
      if (!protocol) errs.push(field.required(`${pp}.protocol`, ''));
      else if (!supportedProtocols.includes(protocol)) errs.push(field.notSupported(`${pp}.protocol`, protocol, supportedProtocols));
    });
  });
  return errs;
}

/** ValidatePodBinding: the target is a Node by name. */
export function validateBinding(b: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const target = obj(b, 'target');
  const kind = str(target, 'kind');
  if (kind && kind !== 'Node') errs.push(field.notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!str(target, 'name')) errs.push(field.required('target.name', ''));
  return errs;
}

/** ValidatePodTemplate. */
export function validatePodTemplate(t: KubeObject): FieldError[] {
  const errs = validateObjectMeta(t.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const template = obj(t, 'template');
  errs.push(...validateTemplateMeta(template?.metadata, 'template.metadata'));
  errs.push(...validatePodSpec(template?.spec, 'template.spec'));
  return errs;
}

/** ValidateServiceAccount. */
export function validateServiceAccount(sa: KubeObject): FieldError[] {
  return validateObjectMeta(sa.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
}

/** ValidateEvent (core/v1): the event lives in its object's namespace. */
export function validateEvent(ev: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const involved = obj(ev, 'involvedObject') ?? obj(ev, 'regarding');
  const ns = str(involved, 'namespace');
  if (ns && ns !== (ev.metadata?.namespace ?? '')) {
    const path = obj(ev, 'involvedObject') ? 'involvedObject.namespace' : 'regarding.namespace';
    errs.push(field.invalid(path, ns, 'does not match event.namespace'));
  }
  return errs;
}
