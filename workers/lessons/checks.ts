/**
 * A lesson step's check: a question about the live cluster ("are 3 pods of app=web Ready?") answered
 * through the apiserver, the way a person would answer it with kubectl get. Each answer carries what
 * was observed, as a message id and parameters the UI translates (workers/lessons/i18n).
 */
import { matchesLabels, parseLabelSelector, type LabelSelector } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { ApiRequest, ApiResult } from '../apiserver/types';
import { objectPath } from '../kubectl/paths';
import { summarizePod } from '../apiserver/printers/pods';
import { readField } from './field-path';

/** What a pod must be for a `pods` check to count it. */
export interface PodCondition {
  /** The Ready condition is True (or, with false, is not). */
  ready?: boolean;
  /** status.phase. */
  phase?: string;
  /**
   * A reason the pod shows, as `kubectl get pods` does in its STATUS column: a waiting container's
   * reason (CrashLoopBackOff, ImagePullBackOff, ContainerCreating), a terminated one's, status.reason,
   * or the PodScheduled condition's reason (Unschedulable).
   */
  reason?: string;
  /** spec.nodeName; "" means not bound to any node. */
  node?: string;
  /** Bound to some node other than this one. */
  notNode?: string;
  /** Restarts of its containers, at least. */
  minRestarts?: number;
}

/** The questions a lesson can ask of the cluster. */
export type Check =
  | {
      type: 'pods';
      namespace?: string;
      /** A label selector (`app=web`) or, alternatively, one pod's name. */
      selector?: string;
      name?: string;
      where?: PodCondition;
      /** How many (non-terminating) matching pods must meet `where`. */
      count: number;
      /** How many non-terminating pods may match the selector at all (default: any). */
      total?: number;
      /** On how many distinct nodes the counted pods run (default: any). */
      nodes?: number;
    }
  | {
      type: 'objects';
      apiVersion: string;
      kind: string;
      namespace?: string;
      selector?: string;
      /** How many (non-terminating) objects of the kind match. */
      count: number;
    }
  | {
      type: 'node';
      name: string;
      /** The Ready condition is True (or, with false, is not). */
      ready?: boolean;
      unschedulable?: boolean;
      /** A taint key the node must carry (`node.kubernetes.io/unreachable`). */
      taint?: string;
    }
  | {
      type: 'object';
      apiVersion: string;
      kind: string;
      namespace?: string;
      name: string;
      /** False: the object must not exist. */
      exists?: boolean;
      /** A field path (`status.readyReplicas`, `spec.template.spec.containers[0].image`). */
      field?: string;
      equals?: string | number | boolean;
      /** The field's string form contains this. */
      contains?: string;
    }
  | { type: 'event'; namespace?: string; reason: string; objectKind?: string; objectName?: string; messageContains?: string }
  | { type: 'endpoints'; namespace?: string; service: string; ready: number }
  | { type: 'response'; code: number }
  | { type: 'traffic'; distinctPods: number }
  | { type: 'all'; checks: Check[] };

/** What a check is asked against: the cluster's API, and what the step's own actions returned. */
export interface CheckContext {
  request(req: ApiRequest): Promise<ApiResult>;
  /** HTTP status of the step's last request made as another user (`kubectl --as`). */
  lastResponseCode?: number;
  /** Pods (namespace/name) that answered the step's traffic. */
  trafficPods?: readonly string[];
}

/** A translatable observation: `id` names a message in workers/lessons/i18n, `params` fill it. */
export interface Observation {
  id: string;
  params?: Record<string, string | number>;
}

export interface CheckResult {
  passed: boolean;
  observed: Observation;
}

async function list(ctx: CheckContext, apiVersion: string, kind: string, namespace: string, query?: Record<string, string>): Promise<KubeObject[]> {
  const target = objectPath({ apiVersion, kind, namespace });
  if (!target) throw new Error(`no resource for ${apiVersion} ${kind}`);
  const res = await ctx.request({ method: 'GET', path: target.path, query });
  if (res.kind !== 'response' || res.status !== 200) return [];
  return (res.body as { items?: KubeObject[] }).items ?? [];
}

/**
 * What `kubectl get pods` prints in STATUS (the printer's own summary: Running, CrashLoopBackOff,
 * ImagePullBackOff, Init:0/1, Terminating...), except that a Pending pod the scheduler could not place
 * shows its PodScheduled reason (Unschedulable), as `kubectl describe` does.
 */
export function podReason(pod: KubeObject): string {
  const status = summarizePod(pod).reason;
  if (status !== 'Pending') return status;
  const scheduled = ((pod.status ?? {}) as { conditions?: { type: string; status: string; reason?: string }[] }).conditions?.find((c) => c.type === 'PodScheduled');
  return scheduled?.status === 'False' && scheduled.reason ? scheduled.reason : status;
}

function podMeets(pod: KubeObject, w: PodCondition): boolean {
  const status = (pod.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { restartCount?: number }[] };
  const nodeName = ((pod.spec ?? {}) as { nodeName?: string }).nodeName ?? '';
  if (w.ready !== undefined && (status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false) !== w.ready) return false;
  if (w.phase !== undefined && (status.phase ?? 'Pending') !== w.phase) return false;
  if (w.reason !== undefined && podReason(pod) !== w.reason) return false;
  if (w.node !== undefined && nodeName !== w.node) return false;
  if (w.notNode !== undefined && (nodeName === '' || nodeName === w.notNode)) return false;
  if (w.minRestarts !== undefined && (status.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0) < w.minRestarts) return false;
  return true;
}

async function checkPods(ctx: CheckContext, c: Extract<Check, { type: 'pods' }>): Promise<CheckResult> {
  const namespace = c.namespace ?? 'default';
  const selector: LabelSelector | undefined = c.selector ? parseLabelSelector(c.selector) : undefined;
  const pods = (await list(ctx, 'v1', 'Pod', namespace)).filter(
    (p) => !p.metadata.deletionTimestamp && (c.name === undefined || p.metadata.name === c.name) && (!selector || matchesLabels(selector, p.metadata.labels)),
  );
  const counted = pods.filter((p) => podMeets(p, c.where ?? {}));
  const nodes = new Set(counted.map((p) => ((p.spec ?? {}) as { nodeName?: string }).nodeName ?? '')).size;
  const passed = counted.length === c.count && (c.total === undefined || pods.length === c.total) && (c.nodes === undefined || nodes === c.nodes);
  return { passed, observed: { id: 'observed.pods', params: { meeting: counted.length, total: pods.length, wanted: c.count, nodes } } };
}

async function checkObjects(ctx: CheckContext, c: Extract<Check, { type: 'objects' }>): Promise<CheckResult> {
  const query = c.selector ? { labelSelector: c.selector } : undefined;
  const items = (await list(ctx, c.apiVersion, c.kind, c.namespace ?? 'default', query)).filter((o) => !o.metadata.deletionTimestamp);
  return { passed: items.length === c.count, observed: { id: 'observed.objects', params: { kind: c.kind, count: items.length, wanted: c.count } } };
}

async function checkNode(ctx: CheckContext, c: Extract<Check, { type: 'node' }>): Promise<CheckResult> {
  const res = await ctx.request({ method: 'GET', path: `/api/v1/nodes/${encodeURIComponent(c.name)}` });
  if (res.kind !== 'response' || res.status !== 200) return { passed: false, observed: { id: 'observed.missing', params: { kind: 'Node', name: c.name } } };
  const node = res.body as KubeObject & { spec?: { unschedulable?: boolean; taints?: { key: string }[] }; status?: { conditions?: { type: string; status: string }[] } };
  const ready = node.status?.conditions?.find((x) => x.type === 'Ready')?.status ?? 'Unknown';
  const taints = (node.spec?.taints ?? []).map((t) => t.key);
  let passed = true;
  if (c.ready !== undefined && (ready === 'True') !== c.ready) passed = false;
  if (c.unschedulable !== undefined && (node.spec?.unschedulable ?? false) !== c.unschedulable) passed = false;
  if (c.taint !== undefined && !taints.includes(c.taint)) passed = false;
  return { passed, observed: { id: 'observed.node', params: { name: c.name, ready, taints: taints.join(', ') || '-' } } };
}

async function checkObject(ctx: CheckContext, c: Extract<Check, { type: 'object' }>): Promise<CheckResult> {
  const target = objectPath(c);
  if (!target) throw new Error(`no resource for ${c.apiVersion} ${c.kind}`);
  const res = await ctx.request({ method: 'GET', path: target.path });
  const found = res.kind === 'response' && res.status === 200;
  const wantExists = c.exists ?? true;
  if (!found || !wantExists) return { passed: found === wantExists, observed: { id: found ? 'observed.exists' : 'observed.missing', params: { kind: c.kind, name: c.name } } };
  if (c.field === undefined) return { passed: true, observed: { id: 'observed.exists', params: { kind: c.kind, name: c.name } } };
  const value = readField(res.body, c.field);
  const shown = value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  let passed = value !== undefined;
  if (c.equals !== undefined) passed = value === c.equals;
  if (c.contains !== undefined) passed = shown.includes(c.contains);
  return { passed, observed: { id: 'observed.field', params: { field: c.field, value: shown } } };
}

async function checkEvent(ctx: CheckContext, c: Extract<Check, { type: 'event' }>): Promise<CheckResult> {
  const events = await list(ctx, 'v1', 'Event', c.namespace ?? 'default');
  const hits = events.filter((e) => {
    const ev = e as KubeObject & { reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } };
    if (ev.reason !== c.reason) return false;
    if (c.objectKind !== undefined && ev.involvedObject?.kind !== c.objectKind) return false;
    if (c.objectName !== undefined && ev.involvedObject?.name !== c.objectName) return false;
    return c.messageContains === undefined || (ev.message ?? '').includes(c.messageContains);
  });
  return { passed: hits.length > 0, observed: { id: 'observed.events', params: { reason: c.reason, count: hits.length } } };
}

async function checkEndpoints(ctx: CheckContext, c: Extract<Check, { type: 'endpoints' }>): Promise<CheckResult> {
  const slices = await list(ctx, 'discovery.k8s.io/v1', 'EndpointSlice', c.namespace ?? 'default', { labelSelector: `kubernetes.io/service-name=${c.service}` });
  let ready = 0;
  for (const s of slices) {
    for (const ep of (s as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []) if (ep.conditions?.ready !== false) ready++;
  }
  return { passed: ready === c.ready, observed: { id: 'observed.endpoints', params: { service: c.service, ready } } };
}

/** Answers one check now. */
export async function evaluateCheck(ctx: CheckContext, c: Check): Promise<CheckResult> {
  switch (c.type) {
    case 'pods':
      return checkPods(ctx, c);
    case 'object':
      return checkObject(ctx, c);
    case 'objects':
      return checkObjects(ctx, c);
    case 'node':
      return checkNode(ctx, c);
    case 'event':
      return checkEvent(ctx, c);
    case 'endpoints':
      return checkEndpoints(ctx, c);
    case 'response': {
      const code = ctx.lastResponseCode;
      return { passed: code === c.code, observed: code === undefined ? { id: 'observed.noResponse' } : { id: 'observed.response', params: { code } } };
    }
    case 'traffic': {
      const pods = new Set(ctx.trafficPods ?? []).size;
      return { passed: pods >= c.distinctPods, observed: { id: 'observed.traffic', params: { pods, requests: ctx.trafficPods?.length ?? 0 } } };
    }
    case 'all': {
      for (const sub of c.checks) {
        const r = await evaluateCheck(ctx, sub);
        if (!r.passed) return r;
      }
      return { passed: true, observed: { id: 'observed.allPassed' } };
    }
  }
}
