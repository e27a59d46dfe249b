/**
 * `kubectl rollout restart | undo | pause | resume` on a Deployment, as scenario script actions:
 * the same reads, the same patches and the same words as kubectl (k8s.io/kubectl's rollout commands
 * and its polymorphic helpers ObjectRestarter, DeploymentRollbacker, ObjectPauser, ObjectResumer).
 */
import type { KubeObject } from '../api/types';
import type { ApiRequest, ApiResult } from '../apiserver/types';
import { rfc3339Seconds } from '../client/event-recorder';
import { REVISION_ANNOTATION } from '../controllers/deployment/annotations';
import { equalIgnoreHash } from '../controllers/deployment/util';
import { POD_TEMPLATE_HASH_LABEL } from '../controllers/shared/template-hash';
import type { Simulation } from './simulation';

/** A rollout command on one Deployment; `toRevision` 0 (or absent) is the previous revision. */
export type RolloutAction =
  | { type: 'rollout-restart' | 'rollout-pause' | 'rollout-resume'; namespace: string; name: string }
  | { type: 'rollout-undo'; namespace: string; name: string; toRevision?: number };

/** The annotation `kubectl rollout restart` sets on the pod template. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Deployment annotations a rollback keeps from the Deployment, never copying them from the ReplicaSet (kubectl's annotationsToSkip). */
const ANNOTATIONS_KEPT_ON_ROLLBACK = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

interface Template {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}
type DeploymentObject = KubeObject & { spec: { paused?: boolean; template: Template } };
type ReplicaSetObject = KubeObject & { spec: { template: Template } };

interface Outcome {
  ok: boolean;
  text: string;
}

const fail = (text: string): Outcome => ({ ok: false, text });

function message(res: ApiResult): string {
  if (res.kind !== 'response') return 'unexpected watch';
  return (res.body as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`;
}

const succeeded = (res: ApiResult): boolean => res.kind === 'response' && res.status < 300;

function deploymentPath(namespace: string, name?: string): string {
  return `/apis/apps/v1/namespaces/${namespace}/deployments${name ? `/${name}` : ''}`;
}

function patch(sim: Simulation, a: RolloutAction, contentType: string, body: unknown): Promise<ApiResult> {
  const req: ApiRequest = { method: 'PATCH', path: deploymentPath(a.namespace, a.name), query: { fieldManager: 'kubectl-rollout' }, headers: { 'content-type': contentType }, body };
  return sim.request(req);
}

/** Runs a rollout command; what kubectl prints, or its error. */
export async function rolloutAction(sim: Simulation, a: RolloutAction): Promise<Outcome> {
  const got = await sim.request({ method: 'GET', path: deploymentPath(a.namespace, a.name) });
  if (!succeeded(got)) return fail(message(got));
  const d = (got as { body: DeploymentObject }).body;
  const ref = `deployment.apps/${a.name}`;
  // What kubectl prints when its helper refuses an object (rollout pause, resume, restart).
  const refused = (why: string) => fail(`error: deployments.apps ${JSON.stringify(a.name)} ${why}`);
  const patched = async (res: Promise<ApiResult>, verb: string): Promise<Outcome> => {
    const r = await res;
    return succeeded(r) ? { ok: true, text: `${ref} ${verb}` } : fail(`error: failed to patch: ${message(r)}`);
  };
  const strategic = 'application/strategic-merge-patch+json';
  switch (a.type) {
    case 'rollout-pause':
      if (d.spec.paused) return refused('is already paused');
      return patched(patch(sim, a, strategic, { spec: { paused: true } }), 'paused');
    case 'rollout-resume':
      if (!d.spec.paused) return refused('is not paused');
      return patched(patch(sim, a, strategic, { spec: { paused: null } }), 'resumed');
    case 'rollout-restart': {
      if (d.spec.paused) return refused("can't restart paused deployment (run rollout resume first)");
      const at = rfc3339Seconds(sim.now());
      // The same second twice makes an empty patch, which kubectl refuses to send.
      if (d.spec.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === at) {
        return fail(`error: failed to create patch for ${a.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`);
      }
      return patched(patch(sim, a, strategic, { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at } } } } }), 'restarted');
    }
    case 'rollout-undo':
      return undo(sim, a, d);
  }
}

/** A ReplicaSet's revision, when its annotation holds an integer (kubectl's deploymentutil.Revision). */
export function replicaSetRevision(rs: KubeObject): number | undefined {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** The ReplicaSets a Deployment controls: selected by its labels, owned by its uid. */
async function replicaSetsOf(sim: Simulation, d: DeploymentObject): Promise<ReplicaSetObject[] | string> {
  const res = await sim.request({ method: 'GET', path: `/apis/apps/v1/namespaces/${d.metadata.namespace}/replicasets` });
  if (!succeeded(res)) return message(res);
  const items = (res as { body: { items: ReplicaSetObject[] } }).body.items ?? [];
  return items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid));
}

/** The ReplicaSet to roll back to: `toRevision`'s, or with 0 the second-newest revision. */
function revisionTarget(rss: ReplicaSetObject[], toRevision: number, name: string): ReplicaSetObject | string {
  let latest: [number, ReplicaSetObject] | undefined;
  let previous: [number, ReplicaSetObject] | undefined;
  for (const rs of rss) {
    const v = replicaSetRevision(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === toRevision) return rs;
    } else if (!latest || latest[0] < v) {
      previous = latest;
      latest = [v, rs];
    } else if (!previous || previous[0] < v) {
      previous = [v, rs];
    }
  }
  if (toRevision > 0) return `error: unable to find specified revision ${toRevision} in history`;
  return previous ? previous[1] : `error: no rollout history found for deployment ${JSON.stringify(name)}`;
}

/**
 * `kubectl rollout undo [--to-revision=N]`: the ReplicaSet's pod template (without its
 * pod-template-hash label) replaces the Deployment's, and the ReplicaSet's own annotations replace
 * the Deployment's except those the deployment controller and kubectl apply keep there, in one JSON patch.
 */
async function undo(sim: Simulation, a: Extract<RolloutAction, { type: 'rollout-undo' }>, d: DeploymentObject): Promise<Outcome> {
  const toRevision = a.toRevision ?? 0;
  if (toRevision < 0) return fail(`error: unable to find specified revision ${toRevision} in history`);
  const rss = await replicaSetsOf(sim, d);
  if (typeof rss === 'string') return fail(`error: failed to retrieve replica sets from deployment ${a.name}: ${rss}`);
  const target = revisionTarget(rss, toRevision, a.name);
  if (typeof target === 'string') return fail(target);
  if (d.spec.paused) return fail(`error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${a.name}' and try again`);
  if (equalIgnoreHash(target.spec.template, d.spec.template)) {
    return { ok: true, text: `deployment.apps/${a.name} skipped rollback (current template already matches revision ${toRevision})` };
  }
  const template = structuredClone(target.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_KEPT_ON_ROLLBACK.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!ANNOTATIONS_KEPT_ON_ROLLBACK.has(k)) annotations[k] = v;
  const res = await patch(sim, a, 'application/json-patch+json', [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ]);
  if (!succeeded(res)) return fail(`error: failed restoring revision ${toRevision}: ${message(res)}`);
  return { ok: true, text: `deployment.apps/${a.name} rolled back` };
}
