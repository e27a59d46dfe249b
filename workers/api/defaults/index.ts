/** Defaulting as upstream's SetDefaults_* for the fields we model, dispatched by kind. */
import type { KubeObject } from '../types';
import type { ResourceInfo } from '../registry';
import {
  defaultHorizontalPodAutoscaler,
  defaultEndpointSlice,
  defaultNetworkPolicy,
  defaultPriorityClass,
  defaultRoleBinding,
} from './cluster';
import { defaultEndpoints, defaultLimitRange, defaultNamespace, defaultNode, defaultSecret, defaultService } from './core';
import { defaultPod, defaultPodTemplate } from './pod';
import { defaultPersistentVolume, defaultPersistentVolumeClaim, defaultStorageClass } from './storage';
import { child, items, type Obj } from './util';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultReplicaSet,
  defaultReplicationController,
  defaultStatefulSet,
} from './workloads';

export { defaultPullPolicy, defaultPodSpec, DEFAULT_VOLUME_MODE } from './pod';

type Defaulter = (obj: Obj, info: ResourceInfo) => void;

const byResource: Record<string, Defaulter> = {
  '/pods': defaultPod,
  '/podtemplates': (obj) => defaultPodTemplate(obj.template),
  '/replicationcontrollers': defaultReplicationController,
  '/services': defaultService,
  '/namespaces': defaultNamespace,
  '/secrets': defaultSecret,
  '/nodes': defaultNode,
  '/endpoints': defaultEndpoints,
  '/limitranges': defaultLimitRange,
  '/persistentvolumes': defaultPersistentVolume,
  '/persistentvolumeclaims': defaultPersistentVolumeClaim,
  'apps/deployments': defaultDeployment,
  'apps/replicasets': defaultReplicaSet,
  'apps/daemonsets': defaultDaemonSet,
  'apps/statefulsets': defaultStatefulSet,
  'batch/jobs': defaultJob,
  'batch/cronjobs': defaultCronJob,
  'autoscaling/horizontalpodautoscalers': (obj, info) => defaultHorizontalPodAutoscaler(obj, info.version),
  'networking.k8s.io/networkpolicies': defaultNetworkPolicy,
  'discovery.k8s.io/endpointslices': defaultEndpointSlice,
  'rbac.authorization.k8s.io/rolebindings': defaultRoleBinding,
  'rbac.authorization.k8s.io/clusterrolebindings': defaultRoleBinding,
  'scheduling.k8s.io/priorityclasses': defaultPriorityClass,
  'storage.k8s.io/storageclasses': defaultStorageClass,
};

/**
 * Fills in upstream's defaults for `obj` of the resource `info`, in place (the caller passes its own
 * copy). Kinds without defaults are left untouched; malformed parts are skipped for validation to report.
 */
export function applyDefaults(obj: KubeObject, info: ResourceInfo): void {
  const defaulter = byResource[`${info.group}/${info.resource}`];
  if (defaulter) defaulter(obj as unknown as Obj, info);
}

/** upstream's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;

const defaultTolerationKeys = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * The DefaultTolerationSeconds admission plugin (not defaulting upstream, so applyDefaults never calls
 * it): a pod that does not already tolerate the not-ready / unreachable NoExecute taints gets a 300 s
 * toleration for each, so a node outage evicts it after five minutes. Mutates the pod in place.
 */
export function addDefaultTolerationSeconds(pod: KubeObject): void {
  const spec = child(pod as unknown as Obj, 'spec');
  if (!spec) return;
  if (spec.tolerations !== undefined && spec.tolerations !== null && !Array.isArray(spec.tolerations)) return;
  const list = items(spec, 'tolerations');
  const tolerated = (key: string): boolean =>
    list.some(
      (t) =>
        (t.effect === 'NoExecute' || !t.effect) && (!t.key || t.key === key),
    );
  const added = defaultTolerationKeys
    .filter((key) => !tolerated(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }));
  if (added.length === 0) return;
  const current = Array.isArray(spec.tolerations) ? (spec.tolerations as unknown[]) : [];
  spec.tolerations = [...current, ...added];
}
