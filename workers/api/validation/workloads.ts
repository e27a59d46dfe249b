/**
 * apps/v1 and core/v1 replicated workloads: Deployment, ReplicaSet, DaemonSet, StatefulSet and
 * ReplicationController, as upstream's apps validation (selector, template, strategy, counts).
 */
import { field } from '../errors';
import { isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from '../names';
import type { FieldError, KubeObject } from '../types';
import {
  isEmptySelector,
  selectorMatches,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateTemplateMeta,
} from './meta';
import { validatePodSpec } from './podspec';
import { has, invalidEach, isObj, jsonEqual, nonNegative, num, obj, str } from './util';

function labelsOf(template: unknown): Record<string, string> {
  const labels = obj(obj(template, 'metadata'), 'labels') ?? {};
  return labels as Record<string, string>;
}

/**
 * The selector and pod template rules Deployments and ReplicaSets share (ValidatePodTemplateSpecForReplicaSet).
 * A missing selector selects nothing, so upstream also reports the template labels as unmatched.
 */
export function validateSelectorAndTemplate(spec: unknown, path: string, emptyWord: string, owner: string | undefined, restart: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const selector = obj(spec, 'selector');
  if (!selector) errs.push(field.required(`${path}.selector`, ''));
  else {
    errs.push(...validateLabelSelector(selector, `${path}.selector`));
    if (isEmptySelector(selector)) errs.push(field.invalid(`${path}.selector`, selector, `empty selector is invalid for ${emptyWord}`));
  }
  const template = obj(spec, 'template');
  if (!template) return [...errs, field.required(`${path}.template`, '')];
  errs.push(...templateMismatch(selector, template, path));
  errs.push(...validateTemplateMeta(template.metadata, `${path}.template.metadata`));
  errs.push(...validateTemplateSpec(template.spec, `${path}.template.spec`, restart, owner));
  return errs;
}

/** The `selector does not match template labels` error; an empty selector matches everything, a missing one nothing. */
function templateMismatch(selector: Record<string, unknown> | undefined, template: Record<string, unknown>, path: string): FieldError[] {
  if (selector && isEmptySelector(selector)) return [];
  if (selector && selectorMatches(selector, labelsOf(template))) return [];
  return [field.invalid(`${path}.template.metadata.labels`, labelsOf(template), '`selector` does not match template `labels`')];
}

/** The PodSpec of a template plus the restart policies the owner allows; `owner` undefined allows a deadline. */
export function validateTemplateSpec(spec: unknown, path: string, restart: string[], owner: string | undefined): FieldError[] {
  const errs = validatePodSpec(spec, path);
  const policy = str(spec, 'restartPolicy');
  if (policy && !restart.includes(policy)) errs.push(field.notSupported(`${path}.restartPolicy`, policy, restart));
  if (has(spec, 'activeDeadlineSeconds') && owner) {
    errs.push(field.forbidden(`${path}.activeDeadlineSeconds`, `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return errs;
}

/** ValidatePositiveIntOrPercent: a non-negative count or a `N%` string. */
export function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number') return nonNegative(value, path);
  if (typeof value !== 'string') return [field.invalid(path, value, "must be an integer or percentage (e.g '5%')")];
  return invalidEach(path, value, isValidPercent(value));
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string' || isValidPercent(value).length) return [];
  return Number(value.slice(0, -1)) > 100 ? [field.invalid(path, value, 'must not be greater than 100%')] : [];
}

/** Both checks, as PodDisruptionBudget applies them to minAvailable and maxUnavailable. */
export function validateIntOrPercent(value: unknown, path: string): FieldError[] {
  return [...validatePositiveIntOrPercent(value, path), ...notMoreThan100Percent(value, path)];
}

/** getIntOrPercentValue: the number, or the percentage's number. */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && !isValidPercent(value).length) return Number(value.slice(0, -1));
  return 0;
}

/** ValidateRollingUpdateDeployment: not both zero; only maxUnavailable is capped at 100%. */
function validateRollingUpdateDeployment(ru: unknown, path: string): FieldError[] {
  if (!isObj(ru)) return [field.required(path, 'this should be defaulted and never be nil')];
  const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`), ...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`)];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(field.invalid(`${path}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
  return errs;
}

/** ValidateRollingUpdateDaemonSet: both capped at 100%, exactly one of them non-zero. */
function validateRollingUpdateDaemonSet(ru: unknown, path: string): FieldError[] {
  if (!isObj(ru)) return [field.required(path, '')];
  const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`), ...validatePositiveIntOrPercent(ru.maxSurge, `${path}.maxSurge`)];
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`), ...notMoreThan100Percent(ru.maxSurge, `${path}.maxSurge`));
  const unavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const surge = intOrPercentValue(ru.maxSurge) !== 0;
  if (unavailable && surge) errs.push(field.invalid(`${path}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  if (!unavailable && !surge) errs.push(field.required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function validateDeploymentStrategy(strategy: unknown, path: string): FieldError[] {
  const type = str(strategy, 'type');
  if (type === 'Recreate') {
    return has(strategy, 'rollingUpdate') ? [field.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type === 'RollingUpdate') return validateRollingUpdateDeployment(obj(strategy, 'rollingUpdate'), `${path}.rollingUpdate`);
  return [field.notSupported(path, strategy ?? {}, ['Recreate', 'RollingUpdate'])];
}

/** ValidateDeployment. */
export function validateDeployment(d: KubeObject): FieldError[] {
  const errs = validateObjectMeta(d.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const spec = obj(d, 'spec');
  errs.push(...nonNegative(num(spec, 'replicas'), 'spec.replicas'));
  errs.push(...validateSelectorAndTemplate(spec, 'spec', 'deployment', 'ReplicaSet', ['Always']));
  errs.push(...validateDeploymentStrategy(obj(spec, 'strategy'), 'spec.strategy'));
  errs.push(...nonNegative(num(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  errs.push(...nonNegative(num(spec, 'revisionHistoryLimit'), 'spec.revisionHistoryLimit'));
  const deadline = num(spec, 'progressDeadlineSeconds');
  if (deadline !== undefined) {
    errs.push(...nonNegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (num(spec, 'minReadySeconds') ?? 0)) {
      errs.push(field.invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** ValidateReplicaSet. */
export function validateReplicaSet(rs: KubeObject): FieldError[] {
  const errs = validateObjectMeta(rs.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const spec = obj(rs, 'spec');
  errs.push(...nonNegative(num(spec, 'replicas'), 'spec.replicas'));
  errs.push(...nonNegative(num(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  errs.push(...validateSelectorAndTemplate(spec, 'spec', 'deployment', 'ReplicaSet', ['Always']));
  return errs;
}

/** ValidateDaemonSet: a missing selector is not itself reported, only as unmatched template labels. */
export function validateDaemonSet(ds: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ds.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const spec = obj(ds, 'spec');
  const selector = obj(spec, 'selector');
  errs.push(...validateLabelSelector(selector, 'spec.selector'));
  const template = obj(spec, 'template') ?? {};
  errs.push(...templateMismatch(selector, template, 'spec'));
  if (selector && isEmptySelector(selector)) errs.push(field.invalid('spec.selector', selector, 'empty selector is invalid for daemonset'));
  errs.push(...validateTemplateMeta(template.metadata, 'spec.template.metadata'));
  errs.push(...validateTemplateSpec(template.spec, 'spec.template.spec', ['Always'], 'DaemonSet'));
  errs.push(...nonNegative(num(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  const strategy = obj(spec, 'updateStrategy');
  const type = str(strategy, 'type');
  if (type === 'RollingUpdate') errs.push(...validateRollingUpdateDaemonSet(obj(strategy, 'rollingUpdate'), 'spec.updateStrategy.rollingUpdate'));
  else if (type !== 'OnDelete') errs.push(field.notSupported('spec.updateStrategy', strategy ?? {}, ['RollingUpdate', 'OnDelete']));
  errs.push(...nonNegative(num(spec, 'revisionHistoryLimit'), 'spec.revisionHistoryLimit'));
  return errs;
}

/** ValidateStatefulSet. */
export function validateStatefulSet(sts: KubeObject): FieldError[] {
  const errs = validateObjectMeta(sts.metadata, { namespaced: true, nameCheck: nameIsDNSLabel });
  return [...errs, ...validateStatefulSetSpec(obj(sts, 'spec'))];
}

/** ValidateStatefulSetSpec (volumeClaimTemplates are checked when the controller creates the claims). */
function validateStatefulSetSpec(spec: Record<string, unknown> | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const policies = ['OrderedReady', 'Parallel'];
  const policy = str(spec, 'podManagementPolicy');
  if (!policy) errs.push(field.required('spec.podManagementPolicy', ''));
  else if (!policies.includes(policy)) errs.push(field.invalid('spec.podManagementPolicy', policy, `must be 'OrderedReady' or 'Parallel'`));
  const strategy = obj(spec, 'updateStrategy');
  const type = str(strategy, 'type');
  if (!type) errs.push(field.required('spec.updateStrategy', ''));
  else if (type === 'OnDelete' && has(strategy, 'rollingUpdate')) {
    errs.push(field.invalid('spec.updateStrategy.rollingUpdate', obj(strategy, 'rollingUpdate'), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (type !== 'OnDelete' && type !== 'RollingUpdate') {
    errs.push(field.invalid('spec.updateStrategy', strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  errs.push(...nonNegative(num(obj(strategy, 'rollingUpdate'), 'partition'), 'spec.updateStrategy.rollingUpdate.partition'));
  errs.push(...nonNegative(num(spec, 'replicas'), 'spec.replicas'));
  errs.push(...nonNegative(num(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  errs.push(...validateStatefulSetTemplate(spec));
  return errs;
}

/**
 * ValidatePodTemplateSpecForStatefulSet: upstream checks the selector, the template's labels and
 * annotations, restartPolicy and activeDeadlineSeconds, but not the PodSpec itself (its volume mounts
 * may name volumeClaimTemplates); a bad container surfaces when the controller creates the pod.
 */
function validateStatefulSetTemplate(spec: Record<string, unknown> | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const selector = obj(spec, 'selector');
  if (!selector) errs.push(field.required('spec.selector', ''));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (isEmptySelector(selector)) errs.push(field.invalid('spec.selector', selector, 'empty selector is invalid for statefulset'));
  }
  const template = obj(spec, 'template') ?? {};
  errs.push(...templateMismatch(selector, template, 'spec'));
  errs.push(...validateTemplateMeta(template.metadata, 'spec.template.metadata'));
  const podSpec = obj(template, 'spec');
  const policy = str(podSpec, 'restartPolicy');
  if (policy !== 'Always') errs.push(field.notSupported('spec.template.spec.restartPolicy', policy, ['Always']));
  if (has(podSpec, 'activeDeadlineSeconds')) {
    errs.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** ValidateReplicationController: a plain map selector that must match the template labels. */
export function validateReplicationController(rc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(rc.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const spec = obj(rc, 'spec');
  errs.push(...nonNegative(num(spec, 'replicas'), 'spec.replicas'));
  errs.push(...nonNegative(num(spec, 'minReadySeconds'), 'spec.minReadySeconds'));
  const selector = obj(spec, 'selector') ?? {};
  if (Object.keys(selector).length === 0) errs.push(field.required('spec.selector', ''));
  const template = obj(spec, 'template');
  if (!template) return [...errs, field.required('spec.template', '')];
  errs.push(...validateTemplateMeta(template.metadata, 'spec.template.metadata'));
  const labels = labelsOf(template);
  if (Object.keys(selector).length && !Object.entries(selector).every(([k, v]) => labels[k] === v)) {
    errs.push(field.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  errs.push(...validateTemplateSpec(template.spec, 'spec.template.spec', ['Always'], 'ReplicationController'));
  return errs;
}

/** The selector of apps/v1 workloads may not change after creation. */
export function validateSelectorImmutable(obj1: KubeObject, old: KubeObject): FieldError[] {
  const now = obj(obj1, 'spec')?.selector;
  const before = obj(old, 'spec')?.selector;
  return jsonEqual(now, before) ? [] : [field.invalid('spec.selector', now, 'field is immutable')];
}

/** ValidateStatefulSetUpdate: the name is not re-checked; only a few spec fields may change. */
export function validateStatefulSetUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(sts, old), ...validateStatefulSetSpec(obj(sts, 'spec'))];
  const mutable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
  const strip = (o: KubeObject): Record<string, unknown> => {
    const s = { ...obj(o, 'spec') };
    for (const k of mutable) delete s[k];
    return s;
  };
  if (!jsonEqual(strip(sts), strip(old))) {
    errs.push(
      field.forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}
