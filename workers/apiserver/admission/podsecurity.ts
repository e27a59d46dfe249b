/**
 * PodSecurity admission: a namespace's `pod-security.kubernetes.io/enforce` level refuses pods that
 * violate it; its `warn` level adds `Warning` headers for pods and workload pod templates.
 */
import { forbiddenWithReason } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { coreKeys } from '../keys';
import { evaluatePodSpec, type PodSpecView } from './podsecurity-checks';
import type { AdmissionAttributes, ValidatingPlugin } from './types';

type Level = 'privileged' | 'baseline' | 'restricted';
const levels = new Set<Level>(['privileged', 'baseline', 'restricted']);
const labelPrefix = 'pod-security.kubernetes.io/';

/** Where each workload kind keeps its pod template spec. */
function podSpecOf(a: AdmissionAttributes, obj: KubeObject): PodSpecView | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  const key = `${a.info.group}/${a.info.resource}`;
  if (key === '/pods') return spec as PodSpecView;
  if (key === 'batch/cronjobs') {
    const job = (spec.jobTemplate as { spec?: { template?: { spec?: PodSpecView } } } | undefined)?.spec;
    return job?.template?.spec;
  }
  const templated = ['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs', '/replicationcontrollers', '/podtemplates'];
  if (!templated.includes(key)) return undefined;
  const holder = key === '/podtemplates' ? (obj as unknown as { template?: { spec?: PodSpecView } }) : (spec as { template?: { spec?: PodSpecView } });
  return holder.template?.spec;
}

function modeLevel(labels: Record<string, string>, mode: string): [Level, string] | undefined {
  const level = labels[`${labelPrefix}${mode}`] as Level | undefined;
  if (!level || !levels.has(level)) return undefined;
  return [level, labels[`${labelPrefix}${mode}-version`] || 'latest'];
}

function describe(violations: { reason: string; detail: string }[]): string {
  return violations.map((v) => `${v.reason} (${v.detail})`).join(', ');
}

/** The PodSecurity admission plugin (enforce and warn modes). */
export const podSecurityPlugin: ValidatingPlugin = {
  name: 'PodSecurity',
  validate(a, deps) {
    if (a.operation !== 'CREATE' || a.subresource || !a.object || !a.namespace) return;
    const spec = podSpecOf(a, a.object);
    if (!spec) return;
    const labels = deps.store.get(coreKeys.namespace(a.namespace))?.object.metadata.labels ?? {};
    const isPod = a.info.group === '' && a.info.resource === 'pods';
    const enforce = modeLevel(labels, 'enforce');
    if (isPod && enforce) {
      const violations = evaluatePodSpec(spec, enforce[0]);
      if (violations.length) {
        throw forbiddenWithReason('', 'pods', a.name, `violates PodSecurity "${enforce[0]}:${enforce[1]}": ${describe(violations)}`);
      }
    }
    const warn = modeLevel(labels, 'warn');
    if (warn && a.warnings) {
      const violations = evaluatePodSpec(spec, warn[0]);
      if (violations.length) a.warnings.push(`would violate PodSecurity "${warn[0]}:${warn[1]}": ${describe(violations)}`);
    }
  },
};
