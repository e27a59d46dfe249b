/**
 * "Edit" on a live object: the object as `kubectl get -o yaml` shows it, cleaned of what the server
 * and the controllers own, so that the text re-applies as the person's own configuration (change
 * the image, press Apply: `deployment.apps/web configured`).
 */
import type { KubeObject } from '../../workers/api/types';

/**
 * Metadata the server sets or the controllers own. ownerReferences go too: a controller or the
 * garbage collector sets them, and apply leaves the live ones alone when the text has none (the
 * three-way merge removes only what was applied before), whereas a copy made from this text (a new
 * name, or after a delete) would carry an owner uid that the garbage collector deletes it for.
 */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences'] as const;

/** Annotations written by kubectl apply itself and by the deployment controller. */
const MANAGED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
]);

/** A copy of `obj` without status and server-managed metadata, keys in kubectl's order (apiVersion, kind, metadata, the rest). */
export function cleanForEdit(obj: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, status: _status, ...rest } = structuredClone(obj) as KubeObject & { status?: unknown };
  const meta = metadata as Record<string, unknown>;
  for (const key of SERVER_METADATA) delete meta[key];
  const annotations = Object.fromEntries(Object.entries(metadata.annotations ?? {}).filter(([k]) => !MANAGED_ANNOTATIONS.has(k)));
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { apiVersion, kind, metadata, ...rest } as KubeObject;
}

/** How kubectl names the object in its output (`deployment.apps/web`). */
export function objectRef(obj: KubeObject): string {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  return `${obj.kind.toLowerCase()}${group ? `.${group}` : ''}/${obj.metadata.name ?? ''}`;
}

/**
 * The cleaned object as YAML 1.1 (the yaml package loads on first use): strings that YAML 1.1
 * would read as something else (`yes`, `0644`, `on`) come out quoted, as apply reads YAML 1.1.
 */
export async function editYaml(obj: KubeObject): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(cleanForEdit(obj), { version: '1.1', lineWidth: 0 });
}
