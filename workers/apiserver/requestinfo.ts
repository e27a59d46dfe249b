/**
 * Turns a REST path and method into the attributes authorization, admission and storage work with,
 * as upstream's RequestInfoFactory does (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
 */
import type { HttpMethod } from './types';

/** The API verbs a resource request maps to. */
export type ApiVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** What a request is about: a resource (with group, version, namespace, name...) or a plain URL. */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** For resource requests an ApiVerb; for non-resource requests the lower-case HTTP method. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments after the resource, when there are more than name/subresource (unserved). */
  extraParts: string[];
}

const namespaceSubresources = new Set(['status', 'finalize']);

const methodVerbs: Record<HttpMethod, ApiVerb> = {
  GET: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function nonResource(path: string, method: HttpMethod): RequestInfo {
  return {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    extraParts: [],
  };
}

function isTrue(v: string | undefined): boolean {
  return v === 'true' || v === '1';
}

/**
 * Parses `/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}`, `/apis/{group}/{version}/...`, the
 * legacy `/api/v1/watch/...` prefix and `watch=true`. Anything else is a non-resource request.
 */
export function parseRequestInfo(
  method: HttpMethod,
  path: string,
  query: Record<string, string | undefined> = {},
): RequestInfo {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return nonResource(path, method);
  const prefix = parts[0];
  let rest: string[];
  let apiGroup = '';
  let apiVersion: string;
  if (prefix === 'api') {
    if (parts.length < 3) return nonResource(path, method);
    apiVersion = parts[1];
    rest = parts.slice(2);
  } else if (prefix === 'apis') {
    if (parts.length < 4) return nonResource(path, method);
    apiGroup = parts[1];
    apiVersion = parts[2];
    rest = parts.slice(3);
  } else {
    return nonResource(path, method);
  }
  let verb: string = methodVerbs[method];
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    verb = 'watch';
    rest = rest.slice(1);
  }
  let namespace = '';
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      namespace = rest[1];
      // `namespaces/{name}/status` is the namespace's own subresource, not a resource called "status".
      if (rest.length > 2 && !namespaceSubresources.has(rest[2])) rest = rest.slice(2);
    }
  }
  const resource = rest[0] ?? '';
  const name = rest[1] ?? '';
  const subresource = rest[2] ?? '';
  const extraParts = rest.slice(3);
  if (!watchPrefix) {
    if (verb === 'get' && !name) verb = 'list';
    if ((verb === 'get' || verb === 'list') && isTrue(query.watch)) verb = 'watch';
    if (verb === 'delete' && !name) verb = 'deletecollection';
  }
  return {
    isResourceRequest: true,
    path,
    verb,
    apiPrefix: prefix,
    apiGroup,
    apiVersion,
    namespace,
    resource,
    subresource,
    name,
    extraParts,
  };
}
