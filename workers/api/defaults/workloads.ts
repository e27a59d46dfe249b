/**
 * Workload defaulting as upstream's apps/v1, batch/v1 and core/v1 SetDefaults_* for Deployment,
 * ReplicaSet, DaemonSet, StatefulSet, Job, CronJob and ReplicationController. Every pod template
 * gets the PodSpec defaults.
 */
import { defaultPersistentVolumeClaim } from './storage';
import { defaultPodTemplate } from './pod';
import { child, existing, isObj, items, setDefault, setDefaultString, type Obj } from './util';

/** Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function defaultDeployment(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  if (strategy) {
    setDefaultString(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const ru = child(strategy, 'rollingUpdate');
      if (ru) {
        setDefault(ru, 'maxUnavailable', '25%');
        setDefault(ru, 'maxSurge', '25%');
      }
    }
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec.template);
}

/** ReplicaSet: replicas 1. */
export function defaultReplicaSet(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(spec.template);
}

/** DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10. */
export function defaultDaemonSet(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  const strategy = child(spec, 'updateStrategy');
  if (strategy) {
    setDefaultString(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const ru = child(strategy, 'rollingUpdate');
      if (ru) {
        setDefault(ru, 'maxUnavailable', 1);
        setDefault(ru, 'maxSurge', 0);
      }
    }
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec.template);
}

/** StatefulSet: replicas 1, OrderedReady, RollingUpdate partition 0, history 10, PVC retention Retain/Retain. */
export function defaultStatefulSet(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (strategy) {
    if (!strategy.type) {
      strategy.type = 'RollingUpdate';
      setDefault(strategy, 'rollingUpdate', {});
    }
    const ru = existing(strategy, 'rollingUpdate');
    if (strategy.type === 'RollingUpdate' && ru) setDefault(ru, 'partition', 0);
  }
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    setDefaultString(retention, 'whenDeleted', 'Retain');
    setDefaultString(retention, 'whenScaled', 'Retain');
  }
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  for (const claim of items(spec, 'volumeClaimTemplates')) defaultPersistentVolumeClaim(claim);
  defaultPodTemplate(spec.template);
}

/** The Job spec defaults (SetDefaults_Job without the object-level labels). */
export function defaultJobSpec(spec: Obj): void {
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  // With a per-index limit the global limit is effectively off (MaxInt32).
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  setDefaultString(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  const failurePolicy = existing(spec, 'podFailurePolicy');
  for (const rule of items(failurePolicy, 'rules')) {
    for (const cond of items(rule, 'onPodConditions')) setDefaultString(cond, 'status', 'True');
  }
  setDefaultString(spec, 'podReplacementPolicy', failurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplate(spec.template);
}

/** Job: SetDefaults_Job, labels copied from the template when the Job has none. */
export function defaultJob(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  copyTemplateLabels(obj, spec.template);
  defaultJobSpec(spec);
}

/** CronJob: Allow, not suspended, keep 3 successful and 1 failed Job; the job template's pod spec. */
export function defaultCronJob(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefaultString(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  defaultPodTemplate(existing(existing(spec, 'jobTemplate'), 'spec')?.template);
}

/** ReplicationController: selector and labels from the template when empty, replicas 1. */
export function defaultReplicationController(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  const labels = existing(existing(spec, 'template'), 'metadata')?.labels;
  if (isObj(labels)) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    copyTemplateLabels(obj, spec.template);
  }
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(spec.template);
}

function copyTemplateLabels(obj: Obj, template: unknown): void {
  const labels = isObj(template) ? existing(existing(template, 'metadata'), 'labels') : undefined;
  const meta = child(obj, 'metadata');
  if (!labels || !meta) return;
  if (!isObj(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
}
