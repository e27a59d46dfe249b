/**
 * PodSpec and Pod validation as upstream's ValidatePodSpec, ValidatePodCreate and ValidatePodUpdate
 * for the fields we model.
 */
import { field } from '../errors';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, nameIsDNSSubdomain } from '../names';
import type { FieldError, KubeObject } from '../types';
import { validateAffinity, validateTopologySpread } from './affinity';
import { validateContainer } from './container';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { arr, has, invalidEach, isObj, jsonEqual, num, obj, str, type Obj } from './util';
import { validateVolumes } from './volumes';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const maxInt32 = 2147483647;

/** validateTolerations. */
export function validateTolerations(tolerations: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = `${path}[${i}]`;
    const key = str(t, 'key');
    const op = str(t, 'operator');
    const value = str(t, 'value');
    const effect = str(t, 'effect');
    if (key) errs.push(...invalidEach(`${p}.key`, key, isQualifiedName(key)));
    if (!key && op !== 'Exists') {
      errs.push(field.invalid(`${p}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (has(t, 'tolerationSeconds') && effect !== 'NoExecute') {
      errs.push(field.invalid(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(field.invalid(`${p}.operator`, value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value) errs.push(field.invalid(`${p}.operator`, t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(field.notSupported(`${p}.operator`, op, ['Equal', 'Exists']));
    }
    if (effect && !taintEffects.includes(effect)) errs.push(field.notSupported(`${p}.effect`, effect, taintEffects));
  });
  return errs;
}

function validateContainerLists(spec: Obj, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const lists: [string, boolean][] = [['initContainers', true], ['containers', false]];
  for (const [key, init] of lists) {
    const raw = spec[key];
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      errs.push(field.typeInvalid(`${path}.${key}`, raw, 'must be a list'));
      continue;
    }
    arr(spec, key).forEach((c, i) => {
      const p = `${path}.${key}[${i}]`;
      errs.push(...validateContainer(c, p, volumes, { init }));
      const name = str(c, 'name');
      if (name && names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
      if (name) names.add(name);
    });
  }
  if (arr(spec, 'containers').length === 0) errs.push(field.required(`${path}.containers`, ''));
  return errs;
}

function validatePolicies(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const restart = str(spec, 'restartPolicy');
  if (!restart) errs.push(field.required(`${path}.restartPolicy`, ''));
  else if (!restartPolicies.includes(restart)) errs.push(field.notSupported(`${path}.restartPolicy`, restart, restartPolicies));
  const dns = str(spec, 'dnsPolicy');
  if (!dns) errs.push(field.required(`${path}.dnsPolicy`, ''));
  else if (!dnsPolicies.includes(dns)) errs.push(field.notSupported(`${path}.dnsPolicy`, dns, dnsPolicies));
  if (dns === 'None' && !has(spec, 'dnsConfig')) {
    errs.push(field.required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  }
  const deadline = num(spec, 'activeDeadlineSeconds');
  if (deadline !== undefined && (deadline < 1 || deadline > maxInt32)) {
    errs.push(field.invalid(`${path}.activeDeadlineSeconds`, deadline, `must be between 1 and ${maxInt32}, inclusive`));
  }
  return errs;
}

function validateNames(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const subdomainFields = ['serviceAccountName', 'nodeName', 'priorityClassName'];
  for (const key of subdomainFields) {
    const v = str(spec, key);
    if (v) errs.push(...invalidEach(`${path}.${key}`, v, isDNS1123Subdomain(v)));
  }
  for (const key of ['hostname', 'subdomain']) {
    const v = str(spec, key);
    if (v) errs.push(...invalidEach(`${path}.${key}`, v, isDNS1123Label(v)));
  }
  return errs;
}

/**
 * Deeply frozen specs (the store's) already found valid. Nothing can change them and the checks read
 * nothing else, so they stay valid: a pod's status updates share its stored spec and skip the checks.
 */
const validFrozenSpecs = new WeakSet<Obj>();

function isDeepFrozen(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (!Object.isFrozen(v)) return false;
  const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
  for (let i = 0; i < children.length; i++) if (!isDeepFrozen(children[i])) return false;
  return true;
}

/** ValidatePodSpec at `path` (`spec`, or `spec.template.spec` for workloads). */
export function validatePodSpec(spec: unknown, path: string): FieldError[] {
  if (isObj(spec) && validFrozenSpecs.has(spec)) return [];
  const errs = checkPodSpec(spec, path);
  if (errs.length === 0 && isObj(spec) && isDeepFrozen(spec)) validFrozenSpecs.add(spec);
  return errs;
}

function checkPodSpec(spec: unknown, path: string): FieldError[] {
  if (!isObj(spec)) return [field.required(path, '')];
  const { errs, names } = validateVolumes(arr(spec, 'volumes'), `${path}.volumes`);
  errs.push(...validateContainerLists(spec, path, names));
  errs.push(...validatePolicies(spec, path));
  errs.push(...validateNames(spec, path));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateTolerations(arr(spec, 'tolerations'), `${path}.tolerations`));
  errs.push(...validateAffinity(spec.affinity, `${path}.affinity`));
  errs.push(...validateTopologySpread(arr(spec, 'topologySpreadConstraints'), `${path}.topologySpreadConstraints`));
  const grace = num(spec, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace < 0 && grace !== -1) {
    errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than or equal to 0'));
  }
  return errs;
}

/** ValidatePodCreate. */
export function validatePod(pod: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  return errs;
}

/** The message upstream gives when a pod update touches a field it may not. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * Whether `a`, with the keys of `over` set to those values, equals `b` as jsonEqual sees it (undefined
 * members ignored), without copying `a`. `same` compares the members `over` leaves alone.
 */
function equalWithOverrides(a: Obj, b: Obj, over: Obj, same: (key: string, x: unknown, y: unknown) => boolean): boolean {
  let count = 0;
  for (const k of Object.keys(a)) {
    if (Object.hasOwn(over, k) || a[k] === undefined) continue;
    count++;
    if (!same(k, a[k], b[k])) return false;
  }
  for (const k of Object.keys(over)) {
    if (over[k] === undefined) continue;
    count++;
    if (!jsonEqual(over[k], b[k])) return false;
  }
  let countB = 0;
  for (const k of Object.keys(b)) if (b[k] !== undefined) countB++;
  return count === countB;
}

const plainEqual = (_key: string, x: unknown, y: unknown): boolean => jsonEqual(x, y);

/** A container list equal to the old one once each container takes its old image (lists of equal length only). */
function containersEqual(now: unknown, before: unknown): boolean {
  if (!Array.isArray(now) || !Array.isArray(before) || now.length !== before.length) return jsonEqual(now, before);
  return now.every((c, i) => {
    const b: unknown = before[i];
    return isObj(c) && isObj(b) ? equalWithOverrides(c, b, { image: b.image }, plainEqual) : jsonEqual(c, b);
  });
}

/**
 * Whether the spec equals the old one outside the fields a pod update may change: the old values of
 * the mutable fields are laid over the new spec (virtually, no copy is made) and the result compared.
 */
function unchangedOutsideMutableFields(spec: Obj, old: Obj): boolean {
  if (spec === old) return true;
  const over: Obj = { activeDeadlineSeconds: old.activeDeadlineSeconds };
  const oldTolerations = arr(old, 'tolerations');
  if (oldTolerations.every((t) => arr(spec, 'tolerations').some((n) => jsonEqual(n, t)))) over.tolerations = old.tolerations;
  const oldGrace = num(old, 'terminationGracePeriodSeconds');
  if (oldGrace !== undefined && oldGrace < 0) over.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  // Scheduling gates may only be removed; the scheduler's binding sets nodeName through pods/binding.
  if (arr(spec, 'schedulingGates').length <= arr(old, 'schedulingGates').length) over.schedulingGates = old.schedulingGates;
  return equalWithOverrides(spec, old, over, (k, x, y) =>
    k === 'containers' || k === 'initContainers' ? containersEqual(x, y) : jsonEqual(x, y),
  );
}

/** ValidatePodUpdate: metadata, then only the mutable spec fields may change. */
export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod, old);
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  const spec = obj(pod, 'spec') ?? {};
  const oldSpec = obj(old, 'spec') ?? {};
  const deadline = num(spec, 'activeDeadlineSeconds');
  const oldDeadline = num(oldSpec, 'activeDeadlineSeconds');
  if (oldDeadline !== undefined && deadline === undefined) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  } else if (oldDeadline !== undefined && deadline !== undefined && deadline > oldDeadline) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value'));
  }
  if (!unchangedOutsideMutableFields(spec, oldSpec)) errs.push(field.forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}
