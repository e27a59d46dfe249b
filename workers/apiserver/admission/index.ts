/** The admission chains in upstream's plugin order, with each plugin's outcome traced. */
import type { RequestTrace } from '../trace';
import { defaultTolerationSecondsPlugin } from './defaulttolerationseconds';
import { defaultIngressClassPlugin } from './ingressclass';
import { limitRangerPlugin, limitRangerValidator } from './limitranger';
import { taintNodesByConditionPlugin } from './nodetaints';
import { podSecurityPlugin } from './podsecurity';
import { defaultStorageClassPlugin, storageProtectionPlugin } from './storage';
import { namespaceLifecyclePlugin } from './namespacelifecycle';
import { priorityPlugin } from './priority';
import { resourceQuotaPlugin } from './resourcequota';
import { serviceAccountPlugin } from './serviceaccount';
import type { AdmissionAttributes, AdmissionDeps, MutatingPlugin, ValidatingPlugin } from './types';

export type { AdmissionAttributes, AdmissionDeps } from './types';

/** Mutating plugins, in the order kube-apiserver's recommended plugin list runs them. */
export const mutatingPlugins: MutatingPlugin[] = [
  limitRangerPlugin,
  serviceAccountPlugin,
  taintNodesByConditionPlugin,
  priorityPlugin,
  defaultTolerationSecondsPlugin,
  defaultStorageClassPlugin,
  storageProtectionPlugin,
  defaultIngressClassPlugin,
];

/** Validating plugins, in upstream's order. */
export const validatingPlugins: ValidatingPlugin[] = [namespaceLifecyclePlugin, limitRangerValidator, podSecurityPlugin, resourceQuotaPlugin];

/** Runs the mutating chain; records which plugins changed the object. */
export function runMutatingAdmission(a: AdmissionAttributes, deps: AdmissionDeps, trace: RequestTrace): void {
  const changed: string[] = [];
  try {
    for (const p of mutatingPlugins) if (p.admit(a, deps)) changed.push(p.name);
  } catch (e) {
    trace.stage('mutating-admission', 'denied', (e as Error).message);
    throw e;
  }
  trace.stage('mutating-admission', 'ok', changed.length ? `mutated by ${changed.join(', ')}` : undefined);
}

/** Runs the validating chain. */
export function runValidatingAdmission(a: AdmissionAttributes, deps: AdmissionDeps, trace: RequestTrace): void {
  for (const p of validatingPlugins) {
    try {
      p.validate(a, deps);
    } catch (e) {
      trace.stage('validating-admission', 'denied', `${p.name}: ${(e as Error).message}`);
      throw e;
    }
  }
  trace.stage('validating-admission', 'ok');
}
