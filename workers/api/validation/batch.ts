/** Job and CronJob validation as upstream's batch validation (ValidateJob, ValidateCronJob and updates). */
import { field } from '../errors';
import { nameIsDNSSubdomain } from '../names';
import type { FieldError, KubeObject } from '../types';
import { cronScheduleError } from './cron';
import { selectorMatches, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, validateTemplateMeta } from './meta';
import { has, jsonEqual, nonNegative, num, obj, str, type Obj } from './util';
import { validateTemplateSpec } from './workloads';

const completionModes = ['NonIndexed', 'Indexed'];
const replacementPolicies = ['Failed', 'TerminatingOrFailed'];

/** validateJobSpec; `generated` when the selector is the apiserver's to make (CronJob templates). */
function validateJobSpec(spec: Obj | undefined, path: string, generated: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    errs.push(...nonNegative(num(spec, k), `${path}.${k}`));
  }
  const mode = str(spec, 'completionMode');
  if (mode && !completionModes.includes(mode)) errs.push(field.notSupported(`${path}.completionMode`, mode, completionModes));
  if (mode === 'Indexed' && num(spec, 'completions') === undefined) {
    errs.push(field.required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  const replacement = str(spec, 'podReplacementPolicy');
  if (replacement && !replacementPolicies.includes(replacement)) {
    errs.push(field.notSupported(`${path}.podReplacementPolicy`, replacement, replacementPolicies));
  }
  const selector = obj(spec, 'selector');
  const template = obj(spec, 'template');
  if (generated) {
    if (selector) errs.push(field.invalid(`${path}.selector`, '', '`selector` will be auto-generated'));
  } else if (!selector) {
    errs.push(field.required(`${path}.selector`, ''));
  } else {
    errs.push(...validateLabelSelector(selector, `${path}.selector`));
    const labels = (obj(obj(template, 'metadata'), 'labels') ?? {}) as Record<string, string>;
    if (!selectorMatches(selector, labels)) {
      errs.push(field.invalid(`${path}.template.metadata.labels`, labels, '`selector` does not match template `labels`'));
    }
  }
  if (!template) return [...errs, field.required(`${path}.template`, '')];
  errs.push(...validateTemplateMeta(template.metadata, `${path}.template.metadata`));
  errs.push(...validateTemplateSpec(template.spec, `${path}.template.spec`, ['OnFailure', 'Never'], undefined));
  if (has(spec, 'podFailurePolicy') && str(obj(template, 'spec'), 'restartPolicy') !== 'Never') {
    errs.push(field.invalid(`${path}.template.spec.restartPolicy`, str(obj(template, 'spec'), 'restartPolicy'), 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

/** ValidateJob. */
export function validateJob(job: KubeObject): FieldError[] {
  const errs = validateObjectMeta(job.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  return [...errs, ...validateJobSpec(obj(job, 'spec'), 'spec', false)];
}

/** ValidateJobUpdate: selector, completion mode and (unless suspended) the template are fixed. */
export function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(job, old), ...validateJob(job)];
  const spec = obj(job, 'spec') ?? {};
  const oldSpec = obj(old, 'spec') ?? {};
  if (!jsonEqual(spec.selector, oldSpec.selector)) errs.push(field.invalid('spec.selector', spec.selector, 'field is immutable'));
  if (spec.completionMode !== oldSpec.completionMode) errs.push(field.invalid('spec.completionMode', spec.completionMode, 'field is immutable'));
  if (!jsonEqual(spec.completions, oldSpec.completions) && spec.completionMode !== 'Indexed') {
    errs.push(field.invalid('spec.completions', spec.completions ?? null, 'field is immutable'));
  }
  // A suspended Job that never started may still have its scheduling directives changed.
  const startedOrRunning = has(obj(old, 'status'), 'startTime') || oldSpec.suspend !== true;
  if (startedOrRunning && !jsonEqual(spec.template, oldSpec.template)) {
    errs.push(field.invalid('spec.template', spec.template, 'field is immutable'));
  }
  return errs;
}

const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'];

/** ValidateCronJob (create). */
export function validateCronJob(cj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cj.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  const name = cj.metadata?.name ?? '';
  if (name.length > 52) errs.push(field.invalid('metadata.name', name, 'must be no more than 52 characters'));
  const spec = obj(cj, 'spec');
  const schedule = str(spec, 'schedule');
  if (!schedule) errs.push(field.required('spec.schedule', ''));
  else if (schedule.includes('TZ')) {
    errs.push(field.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  } else {
    const err = cronScheduleError(schedule);
    if (err) errs.push(field.invalid('spec.schedule', schedule, err));
  }
  const policy = str(spec, 'concurrencyPolicy');
  if (!policy) errs.push(field.required('spec.concurrencyPolicy', ''));
  else if (!concurrencyPolicies.includes(policy)) errs.push(field.notSupported('spec.concurrencyPolicy', policy, concurrencyPolicies));
  for (const k of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    errs.push(...nonNegative(num(spec, k), `spec.${k}`));
  }
  const jobTemplate = obj(spec, 'jobTemplate');
  errs.push(...validateTemplateMeta(jobTemplate?.metadata, 'spec.jobTemplate.metadata'));
  errs.push(...validateJobSpec(obj(jobTemplate, 'spec'), 'spec.jobTemplate.spec', true));
  return errs;
}

/** ValidateCronJobUpdate. */
export function validateCronJobUpdate(cj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(cj, old), ...validateCronJob(cj)];
}
