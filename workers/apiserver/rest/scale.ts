/**
 * The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets and
 * replicationcontrollers: spec.replicas in, status.replicas and the selector string out.
 */
import { badRequest, conflict, field, invalid, CONFLICT_MODIFIED } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { decodeBody } from '../body';
import { checkPatchedSchema, checkSchema, fieldValidationMode } from '../validate';
import { cloneObject, getForClient } from './common';
import type { RestContext } from './context';
import { patchTypeOf, patchedCopy } from './patch';
import { asObject } from './typemeta';
import { updateObject } from './update';

interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A metav1.LabelSelector (or an RC's plain map) as the selector string upstream prints. */
export function selectorString(sel: unknown): string {
  if (!sel || typeof sel !== 'object') return '';
  const s = sel as LabelSelectorObject & Record<string, unknown>;
  const isStructured = 'matchLabels' in s || 'matchExpressions' in s;
  const parts: { key: string; text: string }[] = [];
  const labels = isStructured ? (s.matchLabels ?? {}) : (s as Record<string, string>);
  for (const [k, v] of Object.entries(labels)) parts.push({ key: k, text: `${k}=${v}` });
  if (isStructured) {
    for (const e of s.matchExpressions ?? []) {
      const values = [...(e.values ?? [])].sort().join(',');
      const text =
        e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
      parts.push({ key: e.key, text });
    }
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',');
}

/** The Scale view of a scalable object. */
export function scaleOf(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata;
  const metadata: KubeObject['metadata'] = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

function applyScale(ctx: RestContext, current: KubeObject, scale: KubeObject): KubeObject {
  const name = ctx.ri.name;
  if (scale.metadata.name && scale.metadata.name !== name) {
    throw badRequest(`the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`);
  }
  const rv = scale.metadata.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(ctx.info.group, ctx.info.resource, name, CONFLICT_MODIFIED);
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const errs = typeof replicas === 'number' && replicas < 0
      ? [field.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')]
      : [field.invalid('spec.replicas', replicas ?? null, 'must be an integer')];
    throw invalid('Scale', 'autoscaling', name, errs);
  }
  const next = cloneObject(current);
  next.spec = { ...(next.spec as object | undefined), replicas };
  next.metadata.resourceVersion = current.metadata.resourceVersion;
  return scaleOf(updateObject(ctx, next, 'scale').object);
}

const scaleInfo = (ctx: RestContext) => ({ ...ctx.info, group: 'autoscaling', version: 'v1', kind: 'Scale' });

/** GET .../scale. */
export function getScale(ctx: RestContext): KubeObject {
  return scaleOf(getForClient(ctx));
}

/** PUT .../scale. */
export function updateScale(ctx: RestContext): KubeObject {
  const current = getForClient(ctx);
  const scale = asObject(decodeBody(ctx.req, 'Scale'), ctx.info, 'Scale', 'autoscaling/v1');
  // Decoded as autoscaling/v1 Scale, the body's own kind, not as the parent resource's.
  ctx.warnings.push(...checkSchema(scale, scaleInfo(ctx), fieldValidationMode(ctx.query)));
  return applyScale(ctx, current, scale);
}

/** PATCH .../scale: the patch applies to the Scale view. */
export function patchScale(ctx: RestContext): KubeObject {
  const current = getForClient(ctx);
  const scale = asObject(patchedCopy(ctx, scaleOf(current), patchTypeOf(ctx)), ctx.info, 'Scale', 'autoscaling/v1');
  ctx.warnings.push(...checkPatchedSchema(scale, scaleInfo(ctx), fieldValidationMode(ctx.query)));
  return applyScale(ctx, current, scale);
}
