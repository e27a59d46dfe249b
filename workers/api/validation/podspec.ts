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

/** ValidatePodSpec at `path` (`spec`, or `spec.template.spec` for workloads). */
export function validatePodSpec(spec: unknown, path: string): FieldError[] {
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

function withMutableFieldsFrom(spec: Obj, old: Obj): Obj {
  const copy = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    const now = arr(copy, key);
    const before = arr(old, key);
    if (now.length !== before.length) continue;
    now.forEach((c, i) => {
      if (isObj(c) && isObj(before[i])) c.image = (before[i] as Obj).image;
    });
  }
  copy.activeDeadlineSeconds = old.activeDeadlineSeconds;
  const oldTolerations = arr(old, 'tolerations');
  const kept = oldTolerations.every((t) => arr(copy, 'tolerations').some((n) => jsonEqual(n, t)));
  if (kept) copy.tolerations = old.tolerations;
  if (num(old, 'terminationGracePeriodSeconds') !== undefined && (num(old, 'terminationGracePeriodSeconds') as number) < 0) {
    copy.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  // Scheduling gates may only be removed; the scheduler's binding sets nodeName through pods/binding.
  if (arr(copy, 'schedulingGates').length <= arr(old, 'schedulingGates').length) copy.schedulingGates = old.schedulingGates;
  return copy;
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
  if (!jsonEqual(withMutableFieldsFrom(spec, oldSpec), oldSpec)) errs.push(field.forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}
