/**
 * pods/binding (and the legacy namespaced `bindings` collection): the scheduler's write that assigns a
 * pod to a node, setting spec.nodeName and the PodScheduled condition.
 */
import { conflict, field, invalid, notFound } from '../../api/errors';
import type { KubeObject, Status } from '../../api/types';
import { decodeBody, isObjectBody } from '../body';
import { checkBodySchema, fieldValidationMode } from '../validate';
import { objectKey } from '../keys';
import { rfc3339 } from '../names';
import { cloneObject } from './common';
import type { RestContext } from './context';
import { writeUpdate } from './update';

interface Binding {
  metadata?: { name?: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string; apiVersion?: string };
}

const podsInfo = { group: '', resource: 'pods', namespaced: true };

/** The 201 Status a successful binding answers with. */
function created(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as Status;
}

function setScheduledCondition(pod: KubeObject, nowMs: number): void {
  const status = (pod.status ?? (pod.status = {})) as { conditions?: Record<string, unknown>[] };
  const conditions = status.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === 'PodScheduled');
  const cond: Record<string, unknown> = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(nowMs) };
  if (i < 0) conditions.push(cond);
  else if (conditions[i].status === 'True') return;
  else conditions[i] = cond;
  status.conditions = conditions;
}

/** Handles POST pods/{name}/binding and POST namespaces/{ns}/bindings. */
export function bindPod(ctx: RestContext): Status {
  const body = decodeBody(ctx.req, 'Binding');
  if (isObjectBody(body)) ctx.warnings.push(...checkBodySchema(body as KubeObject, ctx.info, 'v1', 'Binding', fieldValidationMode(ctx.query)));
  const binding = (isObjectBody(body) ? body : {}) as Binding;
  const podName = ctx.ri.name || binding.metadata?.name || '';
  const errs = [];
  if (!binding.target?.name) errs.push(field.required('target.name'));
  if (ctx.ri.name && binding.metadata?.name && binding.metadata.name !== ctx.ri.name) {
    errs.push(field.invalid('metadata.name', binding.metadata.name, 'must match the pod name in the URL'));
  }
  if (errs.length) throw invalid('Binding', '', podName, errs);
  const key = objectKey(podsInfo, ctx.ri.namespace, podName);
  const entry = ctx.deps.store.get(key);
  if (!entry) throw notFound('', 'pods', podName);
  const pod = entry.object;
  if (binding.metadata?.uid && binding.metadata.uid !== pod.metadata.uid) {
    throw conflict('', 'pods/binding', podName, `Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${pod.metadata.uid}`);
  }
  if (pod.metadata.deletionTimestamp) {
    throw conflict('', 'pods/binding', podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
  }
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (nodeName) throw conflict('', 'pods/binding', podName, `pod ${podName} is already assigned to node "${nodeName}"`);
  const next = cloneObject(pod);
  (next.spec as Record<string, unknown>).nodeName = binding.target!.name;
  if (binding.metadata?.annotations) next.metadata.annotations = { ...next.metadata.annotations, ...binding.metadata.annotations };
  setScheduledCondition(next, ctx.deps.clock.now());
  writeUpdate(ctx, key, next, entry.modRevision);
  ctx.trace.record.boundTo = binding.target!.name;
  return created();
}
