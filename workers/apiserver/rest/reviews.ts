/**
 * The create-only review resources that answer a question instead of storing an object:
 * SelfSubjectAccessReview / SubjectAccessReview / LocalSubjectAccessReview (`kubectl auth can-i`),
 * SelfSubjectReview (`kubectl auth whoami`) and TokenReview.
 */
import { badRequest } from '../../api/errors';
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { decodeBody, isObjectBody } from '../body';
import { checkSchema, fieldValidationMode } from '../validate';
import type { RbacAuthorizer } from '../rbac';
import type { TokenAuthenticator } from '../authn';
import type { UserInfo } from '../types';
import type { RestContext } from './context';

function review(group: string, kind: string, resource: string, namespaced: boolean): ResourceInfo {
  return {
    group,
    version: 'v1',
    kind,
    listKind: `${kind}List`,
    resource,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: [],
    categories: [],
    verbs: ['create'],
    subresources: [],
  };
}

/** The review kinds as served resources, for when the registry does not list them (they store nothing). */
const reviewInfos: ResourceInfo[] = [
  review('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false),
  review('authorization.k8s.io', 'SubjectAccessReview', 'subjectaccessreviews', false),
  review('authorization.k8s.io', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true),
  review('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false),
  review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews', false),
  review('authentication.k8s.io', 'TokenReview', 'tokenreviews', false),
];

/** Resources this module answers (`group/resource`). */
export const REVIEW_RESOURCES = new Set(reviewInfos.map((r) => `${r.group}/${r.resource}`));

/** The review resource at /apis/<group>/<version>/<resource>, if it is one. */
export function reviewResourceFor(group: string, version: string, resource: string): ResourceInfo | undefined {
  return reviewInfos.find((r) => r.group === group && r.version === version && r.resource === resource);
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface ReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  uid?: string;
  token?: string;
}

function reviewUser(ctx: RestContext, spec: ReviewSpec): UserInfo {
  if (ctx.info.resource === 'selfsubjectaccessreviews') return ctx.user;
  return { username: spec.user ?? '', groups: spec.groups ?? [], uid: spec.uid };
}

function accessReview(ctx: RestContext, body: KubeObject, rbac: RbacAuthorizer): KubeObject {
  const spec = (body.spec ?? {}) as ReviewSpec;
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (!ra && !nra) throw badRequest('exactly one of nonResourceAttributes or resourceAttributes must be specified');
  if (ctx.info.resource === 'localsubjectaccessreviews' && ra) ra.namespace = ctx.ri.namespace;
  const d = rbac.authorize({
    user: reviewUser(ctx, spec),
    verb: ra?.verb ?? nra?.verb ?? '',
    isResourceRequest: !!ra,
    apiGroup: ra?.group ?? '',
    resource: ra?.resource ?? '',
    subresource: ra?.subresource ?? '',
    namespace: ra?.namespace ?? '',
    name: ra?.name ?? '',
    path: nra?.path ?? '',
  });
  const status: Record<string, unknown> = { allowed: d.allowed };
  if (d.reason) status.reason = d.reason;
  return { ...body, metadata: { ...body.metadata, creationTimestamp: null as unknown as string }, status };
}

function userInfoJson(u: UserInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { username: u.username, groups: u.groups };
  if (u.uid) out.uid = u.uid;
  if (u.extra) out.extra = u.extra;
  return out;
}

/** Answers a review create; the object comes back with its status filled in (201). */
export function createReview(ctx: RestContext, rbac: RbacAuthorizer, tokens: TokenAuthenticator): KubeObject {
  const decoded = decodeBody(ctx.req, ctx.info.kind);
  const body = (isObjectBody(decoded) ? decoded : {}) as KubeObject;
  body.apiVersion ??= `${ctx.info.group}/${ctx.info.version}`;
  body.kind ??= ctx.info.kind;
  body.metadata ??= {};
  // Reviews are kinds of their own; strict decoding applies as to any create (a no-op until the
  // generated schema carries the authentication/authorization kinds).
  ctx.warnings.push(...checkSchema(body, ctx.info, fieldValidationMode(ctx.query)));
  if (ctx.info.resource === 'selfsubjectreviews') {
    return { ...body, metadata: { ...body.metadata, creationTimestamp: null as unknown as string }, status: { userInfo: userInfoJson(ctx.user) } };
  }
  if (ctx.info.resource === 'tokenreviews') {
    const token = ((body.spec ?? {}) as ReviewSpec).token ?? '';
    const user = tokens.lookup(token);
    const status = user ? { authenticated: true, user: userInfoJson(user) } : { authenticated: false, user: {}, error: 'invalid bearer token' };
    return { ...body, status };
  }
  if (ctx.info.resource === 'selfsubjectrulesreviews') return rulesReview(ctx, body, rbac);
  return accessReview(ctx, body, rbac);
}

/** SelfSubjectRulesReview (`kubectl auth can-i --list`): the rules that apply in a namespace. */
function rulesReview(ctx: RestContext, body: KubeObject, rbac: RbacAuthorizer): KubeObject {
  const namespace = ((body.spec ?? {}) as { namespace?: string }).namespace ?? '';
  const rules = rbac.rulesOf(ctx.user, namespace);
  const resourceRules = rules.filter((r) => !r.nonResourceURLs?.length).map((r) => {
    const out: Record<string, unknown> = { verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [] };
    if (r.resourceNames?.length) out.resourceNames = r.resourceNames;
    return out;
  });
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs }));
  return { ...body, metadata: { ...body.metadata, creationTimestamp: null as unknown as string }, status: { resourceRules, nonResourceRules, incomplete: false } };
}
