/** Discovery: /api, /apis, group versions (legacy and aggregated v2), /version, /openapi/v3, health. */
import { resources } from '../api/registry';
import type { ResourceInfo } from '../api/registry';
import { openapiV3Document, openapiV3Hash, openapiV3Index } from '../api/schema/openapi';
import {
  aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions, type AggregatedVersion,
} from './discovery-documents';
import { sha256 } from './discovery-hash';
import { healthResponse } from './discovery-health';
import { reviewResourceFor } from './rest/reviews';
import type { ApiRequest, ApiResponse } from './types';

/**
 * The Kubernetes release this cluster claims to be, as `/version` (and `kubectl version`) reports it:
 * v1.32.0's build facts.
 */
export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
} as const;

/** Where clients reach the API when the request does not say (the kubeadm control plane's secure port). */
const defaultServerAddress = '127.0.0.1:6443';

const jsonHeaders = (): Record<string, string> => ({ 'content-type': 'application/json' });

function ok(body: unknown, headers: Record<string, string> = jsonHeaders()): ApiResponse {
  return { kind: 'response', status: 200, headers, body };
}

/** One media range of an Accept header, with its parameters. */
interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseAccept(accept: string): MediaRange[] {
  const out: MediaRange[] = [];
  for (const media of accept.split(',')) {
    const [type, ...rest] = media.split(';').map((s) => s.trim());
    if (!type) continue;
    const params = new Map<string, string>();
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0) params.set(p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim());
    }
    const q = params.has('q') ? Number(params.get('q')) : 1;
    out.push({ type: type.toLowerCase(), params, q: Number.isNaN(q) ? 1 : q });
  }
  // Stable: equal preferences keep the client's order, as kubectl lists v2 before v2beta1.
  return out.sort((a, b) => b.q - a.q);
}

/**
 * The discovery format the Accept header asks for first among those we serve: aggregated v2 or
 * v2beta1 (JSON only; protobuf ranges are skipped, so clients fall back to JSON), or the legacy
 * documents for plain JSON, wildcards or no header.
 */
export function negotiateDiscovery(accept: string | undefined): AggregatedVersion | 'legacy' {
  if (!accept) return 'legacy';
  for (const m of parseAccept(accept)) {
    if (m.q <= 0) continue;
    if (m.type === '*/*' || m.type === 'application/*') return 'legacy';
    if (m.type !== 'application/json') continue;
    const g = m.params.get('g');
    const as = m.params.get('as');
    if (!g && !as) return 'legacy';
    const v = m.params.get('v');
    if (g === 'apidiscovery.k8s.io' && as === 'APIGroupDiscoveryList' && (v === 'v2' || v === 'v2beta1')) return v;
  }
  return 'legacy';
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

const aggregatedCache = new WeakMap<readonly ResourceInfo[], Map<string, { body: object; etag: string }>>();

function aggregated(list: readonly ResourceInfo[], legacy: boolean, version: AggregatedVersion): ApiResponse {
  let perList = aggregatedCache.get(list);
  if (!perList) aggregatedCache.set(list, (perList = new Map()));
  const key = `${legacy}/${version}`;
  let hit = perList.get(key);
  if (!hit) {
    const body = aggregatedDiscovery(list, legacy, version);
    hit = { body, etag: `"${hex(sha256(new TextEncoder().encode(JSON.stringify(body))))}"` };
    perList.set(key, hit);
  }
  return ok(hit.body, {
    'content-type': `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
    vary: 'Accept',
    etag: hit.etag,
  });
}

/** /api, /apis, /api/<v>, /apis/<g>, /apis/<g>/<v> against a resource list. */
export function discoveryDocument(req: ApiRequest, list: readonly ResourceInfo[]): ApiResponse | undefined {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  const parts = path.split('/').slice(1);
  if (parts[0] === 'api') {
    if (parts.length === 1) {
      const want = negotiateDiscovery(req.headers?.accept);
      if (want !== 'legacy') return aggregated(list, true, want);
      return ok(apiVersions(list, req.headers?.host || defaultServerAddress));
    }
    if (parts.length === 2) return wrap(apiResourceList(list, '', parts[1]));
    return undefined;
  }
  if (parts[0] !== 'apis') return undefined;
  if (parts.length === 1) {
    const want = negotiateDiscovery(req.headers?.accept);
    return want === 'legacy' ? ok(apiGroupList(list)) : aggregated(list, false, want);
  }
  if (parts.length === 2) return wrap(apiGroupDocument(list, parts[1]));
  if (parts.length === 3) return wrap(apiResourceList(list, parts[1], parts[2]));
  return undefined;
}

function wrap(body: object | undefined): ApiResponse | undefined {
  return body ? ok(body) : undefined;
}

function openapi(req: ApiRequest): ApiResponse | undefined {
  const path = req.path.replace(/\/+$/, '');
  if (path === '/openapi/v3') return ok(openapiV3Index());
  if (!path.startsWith('/openapi/v3/')) return undefined;
  const gvPath = path.slice('/openapi/v3/'.length);
  const doc = openapiV3Document(gvPath);
  if (!doc) return undefined;
  const headers = jsonHeaders();
  const hash = openapiV3Hash(gvPath);
  if (hash) headers.etag = `"${hash}"`;
  // A request naming the current hash may be cached forever, as upstream marks it.
  if (hash && req.query?.hash === hash) headers['cache-control'] = 'public, immutable';
  return ok(doc, headers);
}

/** The create-only review resources upstream serves (`kubectl auth can-i`, `auth whoami`), by group. */
const reviewResources: Record<string, string[]> = {
  'authentication.k8s.io': ['selfsubjectreviews', 'tokenreviews'],
  'authorization.k8s.io': ['localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews'],
};

let servedCache: { registry: readonly ResourceInfo[]; all: readonly ResourceInfo[] } | undefined;

/** The registry's resources plus the review resources the REST layer answers outside the registry. */
export function servedResources(): readonly ResourceInfo[] {
  if (servedCache?.registry === resources) return servedCache.all;
  const all = [...resources];
  for (const [group, names] of Object.entries(reviewResources)) {
    for (const name of names) {
      const info = reviewResourceFor(group, 'v1', name);
      if (info && !all.some((r) => r.group === group && r.resource === name)) all.push(info);
    }
  }
  servedCache = { registry: resources, all };
  return all;
}

/**
 * Serves the non-resource discovery paths kube-apiserver answers; undefined for anything else (and
 * for methods other than GET), which the caller turns into a 404.
 */
export function handleDiscovery(req: ApiRequest): ApiResponse | undefined {
  if (req.method !== 'GET') return undefined;
  if (req.path === '/version' || req.path === '/version/') return ok({ ...KUBERNETES_VERSION });
  if (req.path === '/openapi/v3' || req.path.startsWith('/openapi/v3/')) return openapi(req);
  const health = healthResponse(req);
  if (health) return health;
  return discoveryDocument(req, servedResources());
}
