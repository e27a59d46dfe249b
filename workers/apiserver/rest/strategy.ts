/**
 * Per-resource REST strategy facts, as each upstream registry's strategy declares them: which kinds
 * track metadata.generation, which reset status on create, which allow create-on-update, and so on.
 */
import type { ResourceInfo } from '../../api/registry';

/** Resources whose strategy sets generation 1 on create and bumps it on spec changes (v1.32). */
const generationTracked = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'apps/controllerrevisions',
  'batch/jobs',
  'batch/cronjobs',
  '/replicationcontrollers',
  'policy/poddisruptionbudgets',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/networkpolicies',
  'autoscaling/horizontalpodautoscalers',
  'apiextensions.k8s.io/customresourcedefinitions',
  'storage.k8s.io/volumeattachments',
]);

/** Kinds registered in the built-in groups; anything else is a custom resource. */
const builtinGroups = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'node.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'apiregistration.k8s.io',
]);

/** Whether a resource's objects carry metadata.generation. */
export function tracksGeneration(info: Pick<ResourceInfo, 'group' | 'resource'>): boolean {
  return generationTracked.has(`${info.group}/${info.resource}`) || !builtinGroups.has(info.group);
}

/** Whether generation follows `spec` only (built-ins) or every non-metadata, non-status field (CRDs). */
export function isCustomResource(info: Pick<ResourceInfo, 'group'>): boolean {
  return !builtinGroups.has(info.group);
}

/** Resources that keep a client-supplied status on create (the writer is the status owner). */
const keepStatusOnCreate = new Set(['/nodes', '/events', 'events.k8s.io/events', 'certificates.k8s.io/certificatesigningrequests']);

/** Whether create drops the incoming status, as PrepareForCreate does for kinds with a status subresource. */
export function resetsStatusOnCreate(info: ResourceInfo): boolean {
  return info.subresources.includes('status') && !keepStatusOnCreate.has(`${info.group}/${info.resource}`);
}

const createOnUpdate = new Set(['/endpoints', '/events', 'coordination.k8s.io/leases', 'events.k8s.io/events', 'discovery.k8s.io/endpointslices']);

/** Whether PUT of a missing object creates it (AllowCreateOnUpdate). */
export function allowsCreateOnUpdate(info: Pick<ResourceInfo, 'group' | 'resource'>): boolean {
  return createOnUpdate.has(`${info.group}/${info.resource}`);
}

const returnsDeletedObject = new Set(['/pods', '/services']);

/** Whether DELETE answers with the deleted object rather than a Status (ReturnDeletedObject). */
export function returnsObjectOnDelete(info: Pick<ResourceInfo, 'group' | 'resource'>): boolean {
  return returnsDeletedObject.has(`${info.group}/${info.resource}`);
}
