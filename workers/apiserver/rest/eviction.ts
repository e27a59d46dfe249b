/**
 * pods/eviction (policy/v1 Eviction): deletes a pod unless that would violate its
 * PodDisruptionBudget. The budget's status says how many disruptions are allowed; without a status
 * (no disruption controller yet) it is computed from the pods the budget selects.
 */
import { ApiError, field, forbiddenWithReason, internalError, invalid, statusFailure } from '../../api/errors';
import { isEverything, labelSelectorFromObject, matchesLabels, SelectorError, type LabelSelector } from '../../api/selectors';
import type { KubeObject, Status } from '../../api/types';
import { decodeBody, isObjectBody } from '../body';
import { checkBodySchema, fieldValidationMode } from '../validate';
import { coreKeys, objectKey } from '../keys';
import { rfc3339 } from '../names';
import { cloneObject, getStored } from './common';
import type { RestContext } from './context';
import { deleteStored } from './delete';
import type { DeleteOptions } from './deleteoptions';

interface PdbStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  disruptedPods?: Record<string, string>;
}

/** Upstream's bound on unconfirmed evictions per budget. */
const maxDisruptedPods = 2000;
const evictMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

function tooManyRequests(cause: string, retryAfterSeconds: number): ApiError {
  const details: Status['details'] = { causes: [{ reason: 'DisruptionBudget', message: cause }] };
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return new ApiError(statusFailure(429, 'TooManyRequests', evictMessage, details));
}

function isHealthy(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const status = (pod.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[] };
  return status.phase === 'Running' && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

/** A stored budget's selector; undefined when it is invalid, which upstream treats as matching no pod. */
function budgetSelector(pdb: KubeObject): LabelSelector | undefined {
  try {
    return labelSelectorFromObject((pdb.spec as { selector?: unknown } | undefined)?.selector);
  } catch (e) {
    if (e instanceof SelectorError) return undefined;
    throw e;
  }
}

/** The budget's figures computed from the pods it selects, as the disruption controller would. */
export function computePdbStatus(pdb: KubeObject, pods: KubeObject[]): PdbStatus {
  const spec = (pdb.spec ?? {}) as { minAvailable?: number | string; maxUnavailable?: number | string };
  const sel = budgetSelector(pdb);
  const selected = sel ? pods.filter((p) => matchesLabels(sel, p.metadata.labels)) : [];
  const expected = selected.length;
  const healthy = selected.filter(isHealthy).length;
  let desired = 0;
  if (spec.maxUnavailable !== undefined) desired = Math.max(0, expected - scaled(spec.maxUnavailable, expected));
  else if (spec.minAvailable !== undefined) desired = scaled(spec.minAvailable, expected);
  return { currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected, disruptionsAllowed: Math.max(0, healthy - desired) };
}

function matchingPdbs(ctx: RestContext, pod: KubeObject): KubeObject[] {
  const pdbs = ctx.deps.store.list(coreKeys.pdbs(pod.metadata.namespace ?? '')).items;
  return pdbs.filter((pdb) => {
    const sel = budgetSelector(pdb);
    // The eviction REST lets neither an invalid nor a nil or empty selector match a pod.
    if (!sel || sel.nothing || isEverything(sel)) return false;
    return matchesLabels(sel, pod.metadata.labels);
  });
}

function canIgnorePdb(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return !!pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
}

function checkAndDecrement(ctx: RestContext, pdb: KubeObject, podName: string): void {
  const status = pdb.status as PdbStatus | undefined;
  const name = pdb.metadata.name ?? '';
  if (!status || status.observedGeneration === undefined) {
    const pods = ctx.deps.store.list(coreKeys.pods(pdb.metadata.namespace ?? '')).items;
    const computed = computePdbStatus(pdb, pods);
    if ((computed.disruptionsAllowed ?? 0) <= 0) {
      throw tooManyRequests(`The disruption budget ${name} needs ${computed.desiredHealthy} healthy pods and has ${computed.currentHealthy} currently`, 0);
    }
    return;
  }
  if (status.observedGeneration < (pdb.metadata.generation ?? 0)) {
    throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);
  }
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw forbiddenWithReason('policy', 'poddisruptionbudget', name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPods) {
    throw forbiddenWithReason('policy', 'poddisruptionbudget', name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) {
    throw tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`, 0);
  }
  const next = cloneObject(pdb);
  const nextStatus = next.status as PdbStatus;
  nextStatus.disruptionsAllowed = allowed - 1;
  nextStatus.disruptedPods = { ...nextStatus.disruptedPods, [podName]: rfc3339(ctx.deps.clock.now()) };
  const key = objectKey({ group: 'policy', resource: 'poddisruptionbudgets', namespaced: true }, pdb.metadata.namespace ?? '', name);
  const entry = ctx.deps.store.get(key);
  if (!ctx.dryRun && entry) ctx.deps.store.update(key, next, entry.modRevision);
}

/** Handles POST pods/{name}/eviction; answers 201 with a Success Status. */
export function evictPod(ctx: RestContext): Status {
  const body = decodeBody(ctx.req, 'Eviction');
  if (isObjectBody(body)) {
    // policy/v1beta1 Eviction bodies are still accepted; anything else decodes as policy/v1.
    const apiVersion = body.apiVersion === 'policy/v1beta1' ? 'policy/v1beta1' : 'policy/v1';
    ctx.warnings.push(...checkBodySchema(body as KubeObject, ctx.info, apiVersion, 'Eviction', fieldValidationMode(ctx.query)));
  }
  const eviction = (isObjectBody(body) ? body : {}) as { metadata?: { name?: string }; deleteOptions?: DeleteOptions };
  const podName = ctx.ri.name;
  if (eviction.metadata?.name && eviction.metadata.name !== podName) {
    throw invalid('Eviction', 'policy', eviction.metadata.name, [field.invalid('metadata.name', eviction.metadata.name, `name in URL does not match name in Eviction object`)]);
  }
  const pod = getStored(ctx);
  const entry = ctx.deps.store.get(objectKey({ group: '', resource: 'pods', namespaced: true }, ctx.ri.namespace, podName));
  const opts = eviction.deleteOptions ?? {};
  if (!canIgnorePdb(pod)) {
    const pdbs = matchingPdbs(ctx, pod);
    if (pdbs.length > 1) throw internalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    if (pdbs.length === 1) checkAndDecrement(ctx, pdbs[0], podName);
  }
  deleteStored(ctx, pod, entry?.modRevision ?? 0, opts);
  ctx.trace.stage('eviction', 'ok', `evicted ${ctx.ri.namespace}/${podName}`);
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as Status;
}
