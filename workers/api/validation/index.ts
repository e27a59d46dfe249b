/** Semantic validation as upstream's ValidateX / ValidateXUpdate, field errors with their paths. */
import type { FieldError, KubeObject } from '../types';
import type { ResourceInfo } from '../registry';
import { validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from './batch';
import {
  validateControllerRevision,
  validateEndpointSlice,
  validateHorizontalPodAutoscaler,
  validateIngress,
  validateIngressClass,
  validateLease,
  validateNetworkPolicy,
  validatePodDisruptionBudget,
  validatePriorityClass,
  validatePriorityClassUpdate,
} from './cluster';
import {
  validateBinding,
  validateConfigMap,
  validateConfigMapUpdate,
  validateEndpoints,
  validateEvent,
  validateLimitRange,
  validateNamespace,
  validateNode,
  validatePodTemplate,
  validateResourceQuota,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from './core';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { nameIsDNSSubdomain } from '../names';
import { validatePod, validatePodUpdate } from './podspec';
import { validateRole, validateRoleBinding, validateRoleBindingUpdate } from './rbac';
import { validateService, validateServiceUpdate } from './service';
import {
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validateStorageClass,
  validateStorageClassUpdate,
} from './storage';
import { jsonEqual } from './util';
import { field } from '../errors';
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateReplicationController,
  validateSelectorImmutable,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from './workloads';

type Create = (obj: KubeObject) => FieldError[];
type Update = (obj: KubeObject, old: KubeObject) => FieldError[];

const rbac = 'rbac.authorization.k8s.io';

const creators: Record<string, Create> = {
  '/pods': validatePod,
  '/bindings': validateBinding,
  '/podtemplates': validatePodTemplate,
  '/replicationcontrollers': validateReplicationController,
  '/services': validateService,
  '/endpoints': validateEndpoints,
  '/namespaces': validateNamespace,
  '/nodes': validateNode,
  '/configmaps': validateConfigMap,
  '/secrets': validateSecret,
  '/serviceaccounts': validateServiceAccount,
  '/events': validateEvent,
  '/resourcequotas': validateResourceQuota,
  '/limitranges': validateLimitRange,
  '/persistentvolumes': validatePersistentVolume,
  '/persistentvolumeclaims': validatePersistentVolumeClaim,
  'apps/deployments': validateDeployment,
  'apps/replicasets': validateReplicaSet,
  'apps/daemonsets': validateDaemonSet,
  'apps/statefulsets': validateStatefulSet,
  'apps/controllerrevisions': validateControllerRevision,
  'batch/jobs': validateJob,
  'batch/cronjobs': validateCronJob,
  'autoscaling/horizontalpodautoscalers': validateHorizontalPodAutoscaler,
  'coordination.k8s.io/leases': validateLease,
  'discovery.k8s.io/endpointslices': validateEndpointSlice,
  'events.k8s.io/events': validateEvent,
  'networking.k8s.io/ingresses': validateIngress,
  'networking.k8s.io/ingressclasses': validateIngressClass,
  'networking.k8s.io/networkpolicies': validateNetworkPolicy,
  'policy/poddisruptionbudgets': validatePodDisruptionBudget,
  [`${rbac}/roles`]: (o) => validateRole(o, true),
  [`${rbac}/clusterroles`]: (o) => validateRole(o, false),
  [`${rbac}/rolebindings`]: (o) => validateRoleBinding(o, true),
  [`${rbac}/clusterrolebindings`]: (o) => validateRoleBinding(o, false),
  'scheduling.k8s.io/priorityclasses': validatePriorityClass,
  'storage.k8s.io/storageclasses': validateStorageClass,
};

/** The general update rule: metadata fixed where upstream fixes it, and the object valid as on create. */
const plainUpdate = (key: string): Update => (o, old) => [...validateObjectMetaUpdate(o, old), ...(creators[key]?.(o) ?? [])];

const withSelectorFixed = (create: Create): Update => (o, old) => [
  ...validateObjectMetaUpdate(o, old),
  ...create(o),
  ...validateSelectorImmutable(o, old),
];

const updaters: Record<string, Update> = {
  '/pods': validatePodUpdate,
  '/services': validateServiceUpdate,
  '/configmaps': validateConfigMapUpdate,
  '/secrets': validateSecretUpdate,
  '/persistentvolumeclaims': validatePersistentVolumeClaimUpdate,
  'apps/deployments': withSelectorFixed(validateDeployment),
  'apps/replicasets': withSelectorFixed(validateReplicaSet),
  'apps/daemonsets': withSelectorFixed(validateDaemonSet),
  'apps/statefulsets': (o, old) => [...validateStatefulSetUpdate(o, old), ...validateSelectorImmutable(o, old)],
  'apps/controllerrevisions': (o, old) => [
    ...plainUpdate('apps/controllerrevisions')(o, old),
    ...(jsonEqual(o.data, old.data) ? [] : [field.invalid('data', o.data, 'field is immutable')]),
  ],
  'batch/jobs': validateJobUpdate,
  'batch/cronjobs': validateCronJobUpdate,
  [`${rbac}/rolebindings`]: (o, old) => validateRoleBindingUpdate(o, old, true),
  [`${rbac}/clusterrolebindings`]: (o, old) => validateRoleBindingUpdate(o, old, false),
  'scheduling.k8s.io/priorityclasses': (o, old) => [...plainUpdate('scheduling.k8s.io/priorityclasses')(o, old), ...validatePriorityClassUpdate(o, old)],
  'storage.k8s.io/storageclasses': validateStorageClassUpdate,
  'networking.k8s.io/ingressclasses': (o, old) => [
    ...plainUpdate('networking.k8s.io/ingressclasses')(o, old),
    ...(jsonEqual((o.spec as Record<string, unknown> | undefined)?.controller, (old.spec as Record<string, unknown> | undefined)?.controller)
      ? []
      : [field.invalid('spec.controller', (o.spec as Record<string, unknown> | undefined)?.controller, 'field is immutable')]),
  ],
  'discovery.k8s.io/endpointslices': (o, old) => [
    ...plainUpdate('discovery.k8s.io/endpointslices')(o, old),
    ...(o.addressType === old.addressType ? [] : [field.invalid('addressType', o.addressType, 'field is immutable')]),
  ],
};

const keyOf = (info: ResourceInfo): string => `${info.group}/${info.resource}`;

/** Validates a new object (after defaulting); kinds without rules of their own get ObjectMeta checks. */
export function validateCreate(obj: KubeObject, info: ResourceInfo): FieldError[] {
  const create = creators[keyOf(info)];
  if (create) return create(obj);
  return validateObjectMeta(obj.metadata, { namespaced: info.namespaced, nameCheck: nameIsDNSSubdomain });
}

/** Validates the change from `old` to `obj`, including upstream's immutable fields. */
export function validateUpdate(obj: KubeObject, old: KubeObject, info: ResourceInfo): FieldError[] {
  const key = keyOf(info);
  const update = updaters[key] ?? (creators[key] ? plainUpdate(key) : undefined);
  if (update) return update(obj, old);
  return validateObjectMetaUpdate(obj, old);
}
