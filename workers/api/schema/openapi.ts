/**
 * The /openapi/v3 documents kube-apiserver serves: an index of group/versions, each pointing at its
 * document by a content hash, and per group/version `{openapi, info, paths, components.schemas}` with
 * the upstream descriptions — what `kubectl explain` and kubectl's field-validation check read.
 */
import { resources as servedResources, type ResourceInfo } from '../registry';
import { refName } from './go-types';
import { groupVersionPaths } from './openapi-paths';
import { getSchema, loadedDescriptions, withDescriptions, type SchemaNode } from './schema';

/** `api/v1` for the core group, `apis/<group>/<version>` otherwise (no leading slash, as the index keys). */
export function gvPathOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`;
}

function byGroupVersion(list: readonly ResourceInfo[]): Map<string, ResourceInfo[]> {
  const out = new Map<string, ResourceInfo[]>();
  for (const r of list) {
    const key = gvPathOf(r);
    const arr = out.get(key);
    if (arr) arr.push(r);
    else out.set(key, [r]);
  }
  return out;
}

/** Every schema name a JSON value refers to through `$ref`. */
function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(refName(v));
      else collectRefs(v, into);
    }
  }
}

/**
 * A property as upstream's v3 documents write it: a `$ref` that carries its own description goes
 * inside `allOf`, since OpenAPI 3.0 ignores a `$ref`'s siblings (kubectl explain follows the allOf).
 */
function documentProperty(p: SchemaNode): SchemaNode {
  if (!p.$ref) return p;
  const { $ref, ...rest } = p;
  return { ...rest, allOf: [{ $ref }] };
}

/** One component schema with its descriptions, as a document carries it. */
function documentSchema(name: string): SchemaNode | undefined {
  const node = getSchema(name);
  if (!node) return undefined;
  const out = withDescriptions(node, loadedDescriptions()[name]);
  if (out.properties) {
    for (const [k, p] of Object.entries(out.properties)) out.properties[k] = documentProperty(p);
  }
  return out;
}

/** The transitive closure of schemas referenced from `paths`, sorted by name. */
function componentSchemas(paths: unknown): Record<string, SchemaNode> {
  const pending = new Set<string>();
  collectRefs(paths, pending);
  const done = new Map<string, SchemaNode>();
  for (const name of pending) {
    // Iterating a Set visits entries added during the loop, which makes this a work list.
    if (done.has(name)) continue;
    const s = documentSchema(name);
    if (!s) continue;
    done.set(name, s);
    collectRefs(s, pending);
  }
  return Object.fromEntries([...done.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function buildDocument(gvPath: string, gvResources: readonly ResourceInfo[]): object {
  const paths = groupVersionPaths(gvResources, `/${gvPath}`);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths,
    components: {
      schemas: componentSchemas(paths),
      securitySchemes: {
        BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' },
      },
    },
  };
}

/** A 64-bit FNV-1a of the text as 16 upper-case hex digits: stable, so kubectl's cache stays valid. */
function contentHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 16), 0x01000193);
  }
  return ((h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0')).toUpperCase();
}

interface Built {
  docs: Map<string, object>;
  hashes: Map<string, string>;
}

const cache = new WeakMap<readonly ResourceInfo[], Built>();

function built(list: readonly ResourceInfo[]): Built {
  const hit = cache.get(list);
  if (hit) return hit;
  const b: Built = { docs: new Map(), hashes: new Map() };
  for (const [gvPath, rs] of byGroupVersion(list)) {
    const doc = buildDocument(gvPath, rs);
    b.docs.set(gvPath, doc);
    b.hashes.set(gvPath, contentHash(JSON.stringify(doc)));
  }
  cache.set(list, b);
  return b;
}

/**
 * GET /openapi/v3: `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=<HASH>"}, ...}}`
 * for every group/version served (`list` defaults to the registry's resources).
 */
export function openapiV3Index(list: readonly ResourceInfo[] = servedResources): object {
  const b = built(list);
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gvPath of [...b.docs.keys()].sort()) {
    paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${b.hashes.get(gvPath)}` };
  }
  return { paths };
}

/** GET /openapi/v3/<gvPath> (`api/v1`, `apis/apps/v1`): the document, or undefined if not served. Cached; do not mutate. */
export function openapiV3Document(gvPath: string, list: readonly ResourceInfo[] = servedResources): object | undefined {
  return built(list).docs.get(gvPath.replace(/^\/+|\/+$/g, '').replace(/^openapi\/v3\//, ''));
}

/** The content hash of a served document (for ETag / `hash=` checks), or undefined. */
export function openapiV3Hash(gvPath: string, list: readonly ResourceInfo[] = servedResources): string | undefined {
  return built(list).hashes.get(gvPath);
}
