/**
 * Deployment arithmetic and ReplicaSet bookkeeping (upstream's deployment/util): surge and
 * unavailability fenceposts, replica sums, orderings, and which ReplicaSet is new.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../api/types';
import { canonicalJson, POD_TEMPLATE_HASH_LABEL } from '../shared/template-hash';
import { timeMs } from '../shared/pod-utils';
import { cloneJson } from '../../api/patch/json-values';

/** A Deployment / ReplicaSet as the client carries them. */
export type DeploymentObject = Deployment & KubeObject;
/** A ReplicaSet as the client carries it. */
export type ReplicaSetObject = ReplicaSet & KubeObject;

/** spec.replicas with the API's default of 1. */
export function replicasOf(o: { spec?: { replicas?: number } } | undefined): number {
  return o?.spec?.replicas ?? 1;
}

/**
 * An IntOrString of `total`: an int as is, a percentage scaled and rounded up (surge) or down
 * (unavailable), as upstream's GetScaledValueFromIntOrPercent.
 */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, fallback: string): number {
  const value = v ?? fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) {
    const n = Number(value);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid value "${value}": must be an integer or percentage (e.g '5%')`);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** maxSurge and maxUnavailable for `desired` replicas; both zero would deadlock, so unavailable becomes 1. */
export function resolveFenceposts(d: DeploymentObject, desired: number): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, desired, true, '25%');
  let unavailable = scaledValue(ru?.maxUnavailable, desired, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** True for the RollingUpdate strategy (the default). */
export function isRollingUpdate(d: DeploymentObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** How many pods above spec.replicas a rolling update may run; 0 for Recreate. */
export function maxSurge(d: DeploymentObject): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d, replicasOf(d)).surge;
}

/** How many of spec.replicas may be unavailable during a rolling update; 0 for Recreate. */
export function maxUnavailable(d: DeploymentObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d, replicas).unavailable, replicas);
}

/** Sum of spec.replicas. */
export function specReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

/** Sum of status.replicas. */
export function actualReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

/** Sum of status.readyReplicas. */
export function readyReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

/** Sum of status.availableReplicas. */
export function availableReplicaCount(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** The ReplicaSets with spec.replicas above zero. */
export function filterActive(rss: readonly (ReplicaSetObject | undefined)[]): ReplicaSetObject[] {
  return rss.filter((rs): rs is ReplicaSetObject => !!rs && replicasOf(rs) > 0);
}

function created(rs: ReplicaSetObject): number {
  return timeMs(rs.metadata.creationTimestamp) ?? 0;
}

/** Older first; ties by name, bytewise (upstream's ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const an = a.metadata.name ?? '';
  const bn = b.metadata.name ?? '';
  return created(a) - created(b) || (an < bn ? -1 : an > bn ? 1 : 0);
}

/** Larger first; same size: newer first (scaling up) or older first (scaling down). */
export function bySize(newerFirst: boolean) {
  return (a: ReplicaSetObject, b: ReplicaSetObject): number => {
    const d = replicasOf(b) - replicasOf(a);
    if (d !== 0) return d;
    return newerFirst ? byCreation(b, a) : byCreation(a, b);
  };
}

/**
 * Drops empty lists and maps and null members at every level: apimachinery's semantic equality
 * holds nil and empty equal, a null member decodes to its zero value (`creationTimestamp: null`),
 * and a template that went through a JSON patch (kubectl rollout undo) may carry any of them.
 */
function withoutEmpties(v: unknown): unknown {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(withoutEmpties);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = withoutEmpties(x);
      if (y !== undefined) out[k] = y;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

/** A template's canonical text without the pod-template-hash label and empty members. */
function strippedTemplate(t: unknown): string {
  const c = cloneJson(t ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return canonicalJson(withoutEmpties(c) ?? {});
}

/**
 * Stripped texts of frozen templates (informer cache objects, which never change): a sync compares
 * the Deployment's template with every ReplicaSet's, again on every pod status change.
 */
const strippedTemplates = new WeakMap<object, string>();

function strippedTemplateOf(t: unknown): string {
  if (t === null || typeof t !== 'object' || !Object.isFrozen(t)) return strippedTemplate(t);
  let text = strippedTemplates.get(t);
  if (text === undefined) strippedTemplates.set(t, (text = strippedTemplate(t)));
  return text;
}

/**
 * A private copy of a cache object whose pod template is frozen: the cache's own (frozen) template
 * when it has one, else its copy frozen. The controller replaces templates, never edits them, and a
 * frozen template's stripped text is computed once, not at every sync (which compares the
 * Deployment's template with every ReplicaSet's).
 */
export function copyWithFrozenTemplate<T extends { spec?: { template?: unknown } }>(cached: T): T {
  const template = cached.spec?.template;
  if (!cached.spec || template === null || typeof template !== 'object' || !Object.isFrozen(template)) {
    const copy = cloneJson(cached);
    freezeDeep(copy.spec?.template);
    return copy;
  }
  // The template is shared, not cloned only to be thrown away (the key keeps its place).
  const copy = cloneJson({ ...cached, spec: { ...cached.spec, template: undefined as unknown } });
  copy.spec.template = template;
  return copy as T;
}

function freezeDeep(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) freezeDeep(x);
}

/** Templates equal once the pod-template-hash label is set aside (upstream's EqualIgnoreHash). */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return strippedTemplateOf(a) === strippedTemplateOf(b);
}

/** The oldest ReplicaSet whose template matches the Deployment's (upstream's FindNewReplicaSet). */
export function findNewReplicaSet(d: DeploymentObject, rss: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  const want = strippedTemplateOf(d.spec?.template);
  return [...rss].sort(byCreation).find((rs) => strippedTemplateOf(rs.spec?.template) === want);
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(d: DeploymentObject, rss: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  const fresh = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs.metadata.uid !== fresh?.metadata.uid);
}

/**
 * True when the Deployment reached its desired state: every replica updated and available, and the
 * latest generation observed (upstream's DeploymentComplete).
 */
export function deploymentComplete(d: DeploymentObject, status: Deployment['status'] = {}): boolean {
  const replicas = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}
