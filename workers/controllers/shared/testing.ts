/**
 * Test helpers for controllers: a transport that records every request and answers plausibly
 * without a server (for "seed the caches, sync once, assert the exact actions" tests), and builders.
 */
import type { KubeObject } from '../../api/types';
import type { ApiHandler, ApiRequest, ApiResult } from '../../apiserver/types';
import { statusFailure, ApiError } from '../../api/errors';
import { parsePath } from '../../client/testing/fake-apiserver';

/** One request, summarized as `VERB resource[/name[/subresource]]` plus its body. */
export interface RecordedAction {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  body?: unknown;
}

/** `create pods`, `patch pods/web-1`, `update replicasets/web/status`, `delete pods/web-2`, `get ...`. */
export function summarize(a: RecordedAction): string {
  const target = [a.resource, a.name, a.subresource].filter(Boolean).join('/');
  return `${a.verb} ${target}`;
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete', GET: 'get' };

/** Records requests and answers: creates echo the body with a name, GETs come from `objects`. */
export class RecordingTransport implements ApiHandler {
  readonly actions: RecordedAction[] = [];
  /** Objects GET answers with, by `resource/name`. */
  readonly objects = new Map<string, KubeObject>();
  private failures: { match: (a: RecordedAction) => boolean; code: number; message: string }[] = [];
  private generated = 0;

  /** Makes matching requests fail with `code`. */
  fail(match: (a: RecordedAction) => boolean, code: number, message: string): void {
    this.failures.push({ match, code, message });
  }

  /** The actions as summaries, without event writes (those have their own tests). */
  summaries(): string[] {
    return this.actions.filter((a) => a.resource !== 'events').map(summarize);
  }

  async handle(req: ApiRequest): Promise<ApiResult> {
    const p = parsePath(req.path);
    const a: RecordedAction = { verb: VERBS[req.method] ?? req.method, resource: p.resource };
    if (p.namespace) a.namespace = p.namespace;
    if (p.name) a.name = p.name;
    if (p.subresource) a.subresource = p.subresource;
    if (req.body !== undefined) a.body = req.body;
    if (!(a.verb === 'get' && !a.name)) this.actions.push(a);
    try {
      const f = this.failures.find((x) => x.match(a));
      if (f) throw new ApiError(statusFailure(f.code, f.code === 404 ? 'NotFound' : 'InternalError', f.message));
      return { kind: 'response', status: 200, headers: {}, body: this.answer(a) };
    } catch (e) {
      if (e instanceof ApiError) return { kind: 'response', status: e.status.code ?? 500, headers: {}, body: e.status };
      throw e;
    }
  }

  private answer(a: RecordedAction): unknown {
    const body = structuredClone(a.body) as KubeObject | undefined;
    if (a.verb === 'create' && body?.metadata && !body.metadata.name) {
      body.metadata.name = `${body.metadata.generateName ?? ''}${String(++this.generated).padStart(5, '0')}`;
    }
    if (a.verb === 'get') {
      const o = this.objects.get(`${a.resource}/${a.name}`);
      if (!o) throw new ApiError(statusFailure(404, 'NotFound', `${a.resource} "${a.name}" not found`));
      return o;
    }
    if (a.verb === 'delete') return { kind: 'Status', apiVersion: 'v1', status: 'Success', metadata: {} };
    return body ?? {};
  }
}

/** Deep-freezes a seeded cache object, so a controller that mutates it fails the test. */
export function frozen<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) frozen(v);
  }
  return o;
}

/** 2026-01-01T00:00:00Z, where controller tests start. */
export const T0_MS = Date.UTC(2026, 0, 1);

/** A timestamp `seconds` after T0. */
export function at(seconds: number): string {
  return new Date(T0_MS + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** What makePod varies. */
export interface PodOptions {
  labels?: Record<string, string>;
  owner?: KubeObject;
  nodeName?: string;
  phase?: string;
  /** Ready since this many seconds after T0 (absent: not ready). */
  readySince?: number;
  createdAt?: number;
  restarts?: number;
  uid?: string;
  deleting?: boolean;
}

/** A pod as the cache holds it. */
export function makePod(name: string, o: PodOptions = {}): KubeObject {
  const metadata: KubeObject['metadata'] = {
    name,
    namespace: 'default',
    uid: o.uid ?? `uid-${name}`,
    resourceVersion: '1',
    creationTimestamp: at(o.createdAt ?? 0),
    labels: o.labels ?? { app: 'web' },
  };
  if (o.owner) {
    metadata.ownerReferences = [{ apiVersion: o.owner.apiVersion, kind: o.owner.kind, name: o.owner.metadata.name!, uid: o.owner.metadata.uid!, controller: true, blockOwnerDeletion: true }];
  }
  if (o.deleting) metadata.deletionTimestamp = at(0);
  const conditions = o.readySince === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: at(o.readySince) }];
  const status: Record<string, unknown> = { phase: o.phase ?? 'Running', conditions };
  if (o.restarts) status.containerStatuses = [{ name: 'app', restartCount: o.restarts }];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { nodeName: o.nodeName, containers: [{ name: 'app', image: 'nginx' }] }, status };
}
