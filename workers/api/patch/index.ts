/** The three patch types kube-apiserver accepts (and a simplified server-side apply), applied to a plain JSON object. */
import { internalError, isApiError, tooLarge } from '../errors';
import { splitApiVersion } from '../registry';
import { findUnsafeKey, isUnsafeKey, unsafeKeyError } from '../safe-keys';
import { getSchema, schemaNameFor } from '../schema/schema';
import type { KubeObject } from '../types';
import { applyJsonPatch, decodeJsonPatch, MAX_JSON_PATCH_OPERATIONS, parsePointer } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { PatchError, patchErrorToApiError } from './patch-error';
import { PatchMetaResolver, type SchemaLookup } from './patch-meta';
import { applyStrategicMergePatch } from './strategic';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export { applyJsonPatch } from './json-patch';
export { applyMergePatch, createMergePatch } from './merge-patch';
export { applyStrategicMergePatch } from './strategic';
export { PatchError } from './patch-error';
export { PatchMetaResolver, type SchemaLookup } from './patch-meta';

/** Content types as sent in the PATCH request's Content-Type header. */
export const patchContentTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Where the strategic merge metadata comes from; all optional. */
export interface PatchOptions {
  /** The kind's group/version/kind; defaults to the target's apiVersion and kind. */
  group?: string;
  version?: string;
  kind?: string;
  /** A schema name to use directly (`io.k8s.api.apps.v1.Deployment`). */
  schemaName?: string;
  /** Named-schema look-up; defaults to the generated schema's getSchema. */
  schemaLookup?: SchemaLookup;
}

function rootSchemaName(target: KubeObject, opts: PatchOptions): string | undefined {
  if (opts.schemaName) return opts.schemaName;
  const gv = typeof target?.apiVersion === 'string' ? splitApiVersion(target.apiVersion) : { group: '', version: '' };
  const group = opts.group ?? gv.group;
  const version = opts.version ?? gv.version;
  const kind = opts.kind ?? (typeof target?.kind === 'string' ? target.kind : '');
  return schemaNameFor(group, version, kind);
}

function checkJsonPatchKeys(patch: unknown): void {
  const ops = decodeJsonPatch(patch);
  ops.forEach((op, i) => {
    for (const field of ['path', 'from'] as const) {
      const p = op[field];
      if (typeof p !== 'string') continue;
      const bad = parsePointer(p).find(isUnsafeKey);
      if (bad) throw unsafeKeyError({ key: bad, path: `[${i}].${field}` }, 'patch');
    }
  });
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw tooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  }
}

/**
 * Returns the patched copy of `target` (never mutates `target` or `patch`). Throws ApiError as
 * upstream: 400 for a malformed patch or a `__proto__`/`constructor`/`prototype` key anywhere in it,
 * 422 for a JSON patch operation that does not apply, 413 for more than 10000 JSON patch operations,
 * 500 where upstream's strategic merge returns a plain error (e.g. a list item without its merge key).
 */
export function applyPatch(target: KubeObject, patch: unknown, type: PatchType, opts: PatchOptions = {}): KubeObject {
  try {
    const unsafe = findUnsafeKey(patch);
    if (unsafe) throw unsafeKeyError(unsafe, 'patch');
    switch (type) {
      case 'json':
        checkJsonPatchKeys(patch);
        return applyJsonPatch(target, patch) as KubeObject;
      case 'merge':
        return applyMergePatch(target, patch) as KubeObject;
      case 'strategic':
      case 'apply': {
        const lookup = opts.schemaLookup ?? getSchema;
        const name = rootSchemaName(target, opts);
        const resolver = new PatchMetaResolver(lookup, type === 'apply');
        return applyStrategicMergePatch(target, patch, {
          schema: name ? lookup(name) : undefined,
          resolver,
        }) as unknown as KubeObject;
      }
    }
  } catch (e) {
    if (e instanceof PatchError) throw patchErrorToApiError(e);
    if (isApiError(e)) throw e;
    throw internalError((e as Error).message);
  }
}
