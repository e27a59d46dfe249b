/**
 * PrepareForCreate / PrepareForUpdate as upstream's strategies do them: system metadata, initial
 * status, generation, and which parts of an object a write to the main resource or to the status
 * subresource may change.
 */
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject, ObjectMeta } from '../../api/types';
import { rfc3339, uuidV4 } from '../names';
import type { ServerDeps } from './context';
import { deepEqual } from './common';
import { isCustomResource, resetsStatusOnCreate, tracksGeneration } from './strategy';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Container = { resources?: Resources };

/** The pod's QoS class, as upstream's qos.GetPodQOS for cpu and memory. */
export function podQOSClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const request = req[r] ?? lim[r];
      if (lim[r] === undefined || request !== lim[r]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function initialStatus(obj: KubeObject, info: ResourceInfo): unknown {
  if (info.group !== '') return resetsStatusOnCreate(info) ? undefined : obj.status;
  switch (info.resource) {
    case 'pods': {
      const status: Record<string, unknown> = { phase: 'Pending', qosClass: podQOSClass(obj) };
      if (((obj.spec as { schedulingGates?: unknown[] } | undefined)?.schedulingGates ?? []).length > 0) {
        status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null, lastTransitionTime: null }];
      }
      return status;
    }
    case 'namespaces':
      return { phase: 'Active' };
    case 'persistentvolumeclaims':
    case 'persistentvolumes':
      return { phase: 'Pending' };
    case 'services':
      return { loadBalancer: {} };
    default:
      return resetsStatusOnCreate(info) ? undefined : obj.status;
  }
}

/**
 * The Job strategy's generated selector: unless spec.manualSelector, the pod template is labelled with
 * the job's uid and name, and the selector matches the uid.
 */
function generateJobSelector(job: KubeObject): void {
  const spec = (job.spec ?? (job.spec = {})) as { manualSelector?: boolean; selector?: unknown; template?: { metadata?: { labels?: Record<string, string> } } };
  if (spec.manualSelector === true) return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  meta.labels = {
    ...meta.labels,
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  if (spec.selector === undefined || spec.selector === null) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}

/** Generated fields that need the final name (after generateName). */
export function prepareNamedCreate(obj: KubeObject, info: ResourceInfo): void {
  if (info.group === 'batch' && info.resource === 'jobs') generateJobSelector(obj);
}

/** Stamps system metadata and the initial status on an object about to be created (in place). */
export function prepareForCreate(obj: KubeObject, info: ResourceInfo, deps: ServerDeps): void {
  const meta = obj.metadata;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  meta.uid = uuidV4(deps.rng);
  meta.creationTimestamp = rfc3339(deps.clock.now());
  if (tracksGeneration(info)) meta.generation = 1;
  else delete meta.generation;
  const status = initialStatus(obj, info);
  if (status === undefined) delete obj.status;
  else obj.status = status;
  if (info.group === '' && info.resource === 'namespaces') {
    const spec = (obj.spec ?? (obj.spec = {})) as { finalizers?: string[] };
    if (!spec.finalizers?.includes('kubernetes')) spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
    meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name ?? '' };
  }
}

const systemMetaFields: (keyof ObjectMeta)[] = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'name',
  'namespace',
  'selfLink',
];

function keepSystemMeta(next: KubeObject, old: KubeObject): void {
  const meta = next.metadata as Record<string, unknown>;
  const oldMeta = old.metadata as Record<string, unknown>;
  for (const k of systemMetaFields) {
    if (oldMeta[k] === undefined) delete meta[k];
    else meta[k] = oldMeta[k];
  }
  if (next.metadata.managedFields === undefined && old.metadata.managedFields !== undefined) {
    next.metadata.managedFields = old.metadata.managedFields;
  }
}

function specChanged(next: KubeObject, old: KubeObject, info: ResourceInfo): boolean {
  if (!isCustomResource(info)) return !deepEqual(next.spec, old.spec);
  const keys = new Set([...Object.keys(next), ...Object.keys(old)]);
  for (const k of keys) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(next[k], old[k])) return true;
  }
  return false;
}

/**
 * Makes `next` (a private copy) what a write may change of `old`: main-resource writes keep the old
 * status (when there is a status subresource), status writes keep everything but status and
 * user metadata; system metadata always stays; generation moves when the spec does.
 */
export function prepareForUpdate(next: KubeObject, old: KubeObject, info: ResourceInfo, subresource: string): void {
  const hasStatus = info.subresources.includes('status');
  if (subresource === 'status') {
    for (const k of Object.keys(next)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') delete next[k];
    for (const k of Object.keys(old)) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') next[k] = old[k];
  } else if (hasStatus) {
    if (old.status === undefined) delete next.status;
    else next.status = old.status;
  }
  keepSystemMeta(next, old);
  // The namespace defaulting keeps this label on every write, so selectors on it always work.
  if (info.group === '' && info.resource === 'namespaces') {
    next.metadata.labels = { ...next.metadata.labels, 'kubernetes.io/metadata.name': next.metadata.name ?? '' };
  }
  if (tracksGeneration(info) && subresource !== 'status' && specChanged(next, old, info)) {
    next.metadata.generation = (old.metadata.generation ?? 0) + 1;
  }
}
