/** The request filters before REST: authentication, impersonation, authorization; and error responses. */
import { ApiError, forbidden, internalError, isApiError, qualifiedResource, statusFailure } from '../api/errors';
import { authenticate, type TokenAuthenticator } from './authn';
import { impersonate } from './impersonation';
import type { Decision, RbacAuthorizer } from './rbac';
import type { RequestInfo } from './requestinfo';
import type { RequestTrace } from './trace';
import type { ApiRequest, ApiResponse, UserInfo } from './types';

/** Who a request is from and who it acts as. */
export interface RequestIdentity {
  authenticated: UserInfo;
  user: UserInfo;
}

/** Authentication then impersonation, traced. */
export function identify(req: ApiRequest, tokens: TokenAuthenticator, rbac: RbacAuthorizer, trace: RequestTrace): RequestIdentity {
  let authenticated: UserInfo;
  try {
    authenticated = authenticate(req, tokens);
  } catch (e) {
    trace.stage('authentication', 'denied', (e as Error).message);
    throw e;
  }
  trace.record.user = authenticated.username;
  trace.stage('authentication', 'ok', authenticated.username);
  // The audit filter runs next upstream; its event is completed when the response is known.
  trace.stage('audit', 'ok', 'level Metadata');
  const headers = req.headers ?? {};
  if (!headers['impersonate-user'] && !headers['impersonate-group'] && !headers['impersonate-uid']) return { authenticated, user: authenticated };
  try {
    const user = impersonate(req, authenticated, rbac);
    trace.record.impersonatedUser = user.username;
    trace.stage('impersonation', 'ok', user.username);
    return { authenticated, user };
  } catch (e) {
    trace.stage('impersonation', 'denied', (e as Error).message);
    throw e;
  }
}

/** RBAC for the request; 403 with upstream's message when denied. Returns the decision for audit. */
export function authorizeRequest(user: UserInfo, ri: RequestInfo, rbac: RbacAuthorizer, trace: RequestTrace): Decision {
  const d = rbac.authorize({
    user,
    verb: ri.verb,
    isResourceRequest: ri.isResourceRequest,
    apiGroup: ri.apiGroup,
    resource: ri.resource,
    subresource: ri.subresource,
    namespace: ri.namespace,
    name: ri.name,
    path: ri.path,
  });
  if (d.allowed) {
    trace.stage('authorization', 'ok', d.reason || 'system:masters');
    return d;
  }
  trace.stage('authorization', 'denied', d.reason || undefined);
  if (!ri.isResourceRequest) {
    const why = `User "${user.username}" cannot ${ri.verb} path "${ri.path}"`;
    throw new ApiError(statusFailure(403, 'Forbidden', `forbidden: ${why}${d.reason ? `: ${d.reason}` : ''}`, {}));
  }
  if (!ri.subresource) {
    throw forbidden({
      user: user.username,
      verb: ri.verb,
      group: ri.apiGroup,
      resource: ri.resource,
      name: ri.name || undefined,
      namespace: ri.namespace || undefined,
      reason: d.reason || undefined,
    });
  }
  throw subresourceForbidden(user, ri, d.reason);
}

/**
 * Upstream names the subresource in the "cannot ... resource" part only; the subject stays the
 * plain resource: `pods "web" is forbidden: User "u" cannot create resource "pods/eviction" ...`.
 */
function subresourceForbidden(user: UserInfo, ri: RequestInfo, reason: string): ApiError {
  const subject = `${qualifiedResource(ri.resource, ri.apiGroup)}${ri.name ? ` "${ri.name}"` : ''}`;
  let why = `User "${user.username}" cannot ${ri.verb} resource "${ri.resource}/${ri.subresource}" in API group "${ri.apiGroup}"`;
  why += ri.namespace ? ` in the namespace "${ri.namespace}"` : ' at the cluster scope';
  if (reason) why += `: ${reason}`;
  return new ApiError(
    statusFailure(403, 'Forbidden', `${subject} is forbidden: ${why}`, { name: ri.name || undefined, group: ri.apiGroup || undefined, kind: ri.resource }),
  );
}

/** Any thrown value as a Status response; unexpected errors become 500 without internals. */
export function errorResponse(e: unknown): ApiResponse {
  const err = isApiError(e) ? e : internalError(e instanceof Error ? e.message : 'unexpected error');
  return { kind: 'response', status: err.code, headers: { 'content-type': 'application/json' }, body: err.status };
}
