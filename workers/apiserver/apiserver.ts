/**
 * kube-apiserver: one transport-agnostic handler running each request through authentication,
 * impersonation, audit, authorization, then either discovery / health or the REST layer (admission,
 * validation, storage), tracing every stage.
 */
import { resourceFor } from '../api/registry';
import type { Store } from '../store/store';
import type { Clock, Rng, Timers } from '../sim/types';
import { AuditLog, requestURI, type AuditEvent } from './audit';
import { TokenAuthenticator } from './authn';
import { bootstrapCluster } from './bootstrap';
import { handleDiscovery } from './discovery';
import { rfc3339Micro, uuidV4 } from './names';
import { classifyRequest } from './flowcontrol';
import { authorizeRequest, errorResponse, identify } from './pipeline';
import { RbacAuthorizer, type Decision } from './rbac';
import { parseRequestInfo, type RequestInfo } from './requestinfo';
import type { LogProvider, RestContext, ServerDeps } from './rest/context';
import { handleResourceRequest, methodNotAllowedPath, notFoundPath } from './rest/handler';
import { createReview, reviewResourceFor } from './rest/reviews';
import { RequestTrace, type TraceSink, type WatchTraceSink } from './trace';
import type { ApiHandler, ApiRequest, ApiResponse, ApiResult, UserInfo } from './types';
import { badRequest } from '../api/errors';
import { loadDescriptions } from '../api/schema/schema';
import { negotiate } from './rest/negotiate';

/** What an ApiServer is built from. */
export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  /** Receives one record per request. */
  trace?: TraceSink;
  /** Virtual-time timers for watch bookmarks and timeouts. */
  timers?: Timers;
  /** Container logs for pods/log (the kubelet's job). */
  logs?: LogProvider;
  /** How many audit events to keep. */
  auditCapacity?: number;
  /**
   * ServiceAccount admission refuses pods whose service account does not exist, as upstream. Off by
   * default until the service-account controller creates `default` in every namespace.
   */
  serviceAccountLookup?: boolean;
  /** The control-plane address for the `kubernetes` Endpoints/EndpointSlice; none: not created. */
  advertiseAddress?: string;
}

const healthPaths = new Set(['/healthz', '/livez', '/readyz', '/healthz/ping', '/livez/ping', '/readyz/ping']);
const clusterWideVerbs = new Set(['list', 'watch']);

/** Whether a response carries the schema's field descriptions (OpenAPI documents, Table columns). */
function printsDescriptions(req: ApiRequest): boolean {
  return req.path.startsWith('/openapi/') || negotiate(req.headers?.accept) === 'table';
}

/** A response body as a trace keeps it: lists by their kind and size, anything else as is (shared, not copied). */
function summariseBody(body: unknown): unknown {
  const items = (body as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return body;
  const b = body as { kind?: string; apiVersion?: string; metadata?: unknown };
  return { kind: b.kind, apiVersion: b.apiVersion, metadata: b.metadata, items: `(${items.length} items)` };
}

/** The apiserver. */
export class ApiServer implements ApiHandler {
  readonly audit: AuditLog;
  readonly tokens: TokenAuthenticator;
  readonly rbac: RbacAuthorizer;
  private readonly ids: Rng;
  private readonly deps: ServerDeps;
  private readonly sink?: TraceSink;

  constructor(private readonly opts: ApiServerOptions) {
    this.audit = new AuditLog(opts.auditCapacity ?? 1000);
    // A store restored from persistence resumes at some revision: fork by it, so a reloaded cluster
    // does not replay the uids and generated names it already handed out (still deterministic).
    const epoch = opts.store.revision > 0 ? `@${opts.store.revision}` : '';
    this.tokens = new TokenAuthenticator(opts.rng.fork(`tokens${epoch}`));
    this.rbac = new RbacAuthorizer(opts.store);
    this.ids = opts.rng.fork(`audit-ids${epoch}`);
    this.sink = opts.trace;
    this.deps = {
      store: opts.store,
      clock: opts.clock,
      rng: opts.rng.fork(`objects${epoch}`),
      timers: opts.timers,
      logs: opts.logs,
      requireServiceAccount: opts.serviceAccountLookup ?? false,
      reviews: (ctx) => createReview(ctx, this.rbac, this.tokens),
      mintToken: (namespace, name) => this.mintServiceAccountToken(namespace, name),
      onWrite: (info) => {
        if (info.group === 'rbac.authorization.k8s.io') this.rbac.invalidate();
      },
    };
  }

  /** Creates the objects a fresh kubeadm cluster has (idempotent); returns how many it wrote. */
  bootstrap(): number {
    const n = bootstrapCluster(this.opts.store, this.opts.clock, this.deps.rng, this.opts.advertiseAddress);
    this.rbac.invalidate();
    return n;
  }

  /** Plugs in the kubelet's log source for pods/log. */
  setLogProvider(logs: LogProvider): void {
    this.deps.logs = logs;
  }

  /** Mints a bearer token for a service account (what the TokenRequest API would hand out). */
  mintServiceAccountToken(namespace: string, name: string): string {
    const uid = this.opts.store.get(`/registry/serviceaccounts/${namespace}/${name}`)?.object.metadata.uid;
    return this.tokens.mintServiceAccountToken(namespace, name, uid);
  }

  async handle(req: ApiRequest): Promise<ApiResult> {
    if (printsDescriptions(req)) await loadDescriptions();
    const result = this.handleSync(req);
    // pods/log from a kubelet in another worker answers later.
    if (result.kind === 'response' && result.body instanceof Promise) {
      try {
        return { ...result, body: await result.body };
      } catch (e) {
        const failed = errorResponse(e);
        failed.headers['audit-id'] = result.headers['audit-id'] ?? '';
        return failed;
      }
    }
    return result;
  }

  private bodies = false;

  /** Keeps each request's query and body and its response body in its trace record (for the page's detail view). */
  traceBodies(on: boolean): void {
    this.bodies = on;
  }

  /** Sends every watch event's trace record to `sink` until called again with undefined. */
  traceWatches(sink: WatchTraceSink | undefined): void {
    this.deps.watchTrace = sink;
  }

  /** The same as `handle`, without the promise (for in-process callers and benchmarks). */
  handleSync(req: ApiRequest): ApiResult {
    const receivedMs = this.opts.clock.now();
    const auditID = uuidV4(this.ids);
    const trace = new RequestTrace(auditID, receivedMs, req.method.toLowerCase(), req.path);
    let ri: RequestInfo | undefined;
    let identity: { authenticated: UserInfo; user: UserInfo } | undefined;
    let decision: Decision | undefined;
    let result: ApiResult;
    try {
      ri = parseRequestInfo(req.method, req.path, req.query ?? {});
      trace.record.verb = ri.verb;
      if (ri.isResourceRequest) Object.assign(trace.record, { resource: ri.resource, subresource: ri.subresource, namespace: ri.namespace, name: ri.name });
      identity = identify(req, this.tokens, this.rbac, trace);
      trace.stage('flowcontrol', 'ok', classifyRequest(identity.user, ri).detail);
      decision = authorizeRequest(identity.user, ri, this.rbac, trace);
      result = ri.isResourceRequest ? this.serveResource(req, ri, identity.user, trace) : this.serveNonResource(req);
    } catch (e) {
      if (ri && decision === undefined && identity) decision = { allowed: false, reason: '' };
      result = errorResponse(e);
    }
    result.headers['audit-id'] = auditID;
    trace.record.code = result.status;
    if (this.bodies) {
      trace.record.request = { query: req.query, body: req.body };
      trace.record.response = result.kind === 'response' ? summariseBody(result.body) : { watch: true };
    }
    this.recordAudit(req, ri, identity, decision, result, auditID, receivedMs);
    this.sink?.(trace.record);
    return result;
  }

  private serveNonResource(req: ApiRequest): ApiResponse {
    const discovered = handleDiscovery(req);
    if (discovered) return discovered;
    if (healthPaths.has(req.path) && req.method === 'GET') {
      return { kind: 'response', status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' };
    }
    throw notFoundPath();
  }

  private serveResource(req: ApiRequest, ri: RequestInfo, user: UserInfo, trace: RequestTrace): ApiResult {
    const info = resourceFor(ri.apiGroup, ri.apiVersion, ri.resource) ?? reviewResourceFor(ri.apiGroup, ri.apiVersion, ri.resource);
    if (!info || ri.extraParts.length > 0) throw notFoundPath();
    if (info.namespaced && !ri.namespace) {
      if (ri.name) throw notFoundPath();
      if (!clusterWideVerbs.has(ri.verb)) throw methodNotAllowedPath();
    }
    if (!info.namespaced && ri.namespace && info.resource !== 'namespaces') throw notFoundPath();
    if (ri.subresource && !info.subresources.includes(ri.subresource)) throw notFoundPath();
    if (!ri.subresource && info.verbs.length > 0 && !info.verbs.includes(ri.verb)) throw methodNotAllowedPath();
    const query = req.query ?? {};
    const dryRun = query.dryRun;
    if (dryRun !== undefined && dryRun !== '' && dryRun !== 'All') {
      throw badRequest(`Invalid dryRun value: ${dryRun}: supported values: "All"`);
    }
    const ctx: RestContext = {
      deps: this.deps,
      info,
      ri,
      req,
      query,
      user,
      trace,
      warnings: [],
      dryRun: dryRun === 'All',
    };
    const result = handleResourceRequest(ctx);
    if (ri.verb === 'get' || ri.verb === 'list') trace.stage('storage', 'ok', 'read');
    if (ctx.writtenRV) trace.record.resourceVersion = ctx.writtenRV;
    return result;
  }

  private recordAudit(
    req: ApiRequest,
    ri: RequestInfo | undefined,
    identity: { authenticated: UserInfo; user: UserInfo } | undefined,
    decision: Decision | undefined,
    result: ApiResult,
    auditID: string,
    receivedMs: number,
  ): void {
    const body = result.kind === 'response' ? (result.body as { status?: string; message?: string; reason?: string } | undefined) : undefined;
    const code = result.status;
    const failed = code >= 400;
    const message = failed ? body?.message : undefined;
    const reason = failed ? body?.reason : undefined;
    const uri = requestURI(req.path, req.query);
    const verb = ri?.verb ?? req.method.toLowerCase();
    const ua = req.headers?.['user-agent'];
    const allowed = decision?.allowed;
    const why = decision ? decision.reason : '';
    const stageMs = this.opts.clock.now();
    // Everything a later change could touch is read now; the event itself is built when first read.
    this.audit.add(() => {
      const e: AuditEvent = {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID,
        stage: 'ResponseComplete',
        requestURI: uri,
        verb,
        user: identity?.authenticated ?? { username: 'system:anonymous', groups: ['system:unauthenticated'] },
        sourceIPs: ['127.0.0.1'],
        responseStatus: failed ? { metadata: {}, status: 'Failure', message, reason, code } : { metadata: {}, code },
        requestReceivedTimestamp: rfc3339Micro(receivedMs),
        stageTimestamp: rfc3339Micro(stageMs),
      };
      if (identity && identity.user !== identity.authenticated) e.impersonatedUser = identity.user;
      if (ua) e.userAgent = ua;
      if (ri?.isResourceRequest) {
        e.objectRef = { resource: ri.resource, apiGroup: ri.apiGroup || undefined, apiVersion: ri.apiVersion };
        if (ri.namespace) e.objectRef.namespace = ri.namespace;
        if (ri.name) e.objectRef.name = ri.name;
        if (ri.subresource) e.objectRef.subresource = ri.subresource;
      }
      if (allowed !== undefined) {
        e.annotations = { 'authorization.k8s.io/decision': allowed ? 'allow' : 'forbid', 'authorization.k8s.io/reason': why };
      }
      return e;
    });
  }
}
