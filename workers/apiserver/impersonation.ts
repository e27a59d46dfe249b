/**
 * Impersonation (`Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid` headers): the
 * authenticated user must be allowed the `impersonate` verb on each requested identity.
 */
import { ApiError, badRequest, forbidden, statusFailure } from '../api/errors';
import type { RbacAuthorizer } from './rbac';
import type { ApiRequest, UserInfo } from './types';

function splitHeader(v: string | undefined): string[] {
  if (!v) return [];
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function check(authz: RbacAuthorizer, user: UserInfo, resource: string, name: string, namespace = ''): void {
  const d = authz.authorize({
    user,
    verb: 'impersonate',
    isResourceRequest: true,
    apiGroup: resource === 'uids' ? 'authentication.k8s.io' : '',
    resource,
    subresource: '',
    namespace,
    name,
    path: '',
  });
  if (!d.allowed) {
    throw forbidden({
      user: user.username,
      verb: 'impersonate',
      group: resource === 'uids' ? 'authentication.k8s.io' : '',
      resource,
      name,
      namespace: namespace || undefined,
      reason: d.reason || undefined,
    });
  }
}

/** The user a request acts as: the authenticated one, or whom it may impersonate. */
export function impersonate(req: ApiRequest, user: UserInfo, authz: RbacAuthorizer): UserInfo {
  const h = req.headers ?? {};
  const target = h['impersonate-user'];
  const groups = splitHeader(h['impersonate-group']);
  const uid = h['impersonate-uid'];
  if (!target) {
    if (groups.length > 0 || uid) {
      throw new ApiError(statusFailure(400, 'BadRequest', 'requested impersonation of groups or uid without impersonating a user'));
    }
    return user;
  }
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(target);
  if (sa) check(authz, user, 'serviceaccounts', sa[2], sa[1]);
  else check(authz, user, 'users', target);
  for (const g of groups) check(authz, user, 'groups', g);
  if (uid) check(authz, user, 'uids', uid);
  const outGroups = [...groups];
  if (sa && groups.length === 0) outGroups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (target !== 'system:anonymous' && !outGroups.includes('system:authenticated')) outGroups.push('system:authenticated');
  if (target === 'system:anonymous' && !outGroups.includes('system:unauthenticated')) outGroups.push('system:unauthenticated');
  const out: UserInfo = { username: target, groups: outGroups };
  if (uid) out.uid = uid;
  if (target.length > 1024) throw badRequest('impersonated user name too long');
  return out;
}
