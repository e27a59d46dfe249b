/**
 * POST of a new object: schema check, defaulting, mutating admission, system metadata and
 * generateName, validation, validating admission, then the store (unless dryRun=All).
 */
import { applyDefaults } from '../../api/defaults';
import { field, internalError, invalid } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { StoreError } from '../../store/types';
import { runMutatingAdmission, runValidatingAdmission } from '../admission';
import { denyOnThrow } from '../trace';
import { decodeBody } from '../body';
import { fromStorage, toStorage } from '../conversion';
import { generateName } from '../names';
import { checkSchema, fieldValidationMode, validateForCreate } from '../validate';
import { keyOf, storeErrorToApi } from './common';
import type { RestContext } from './context';
import { prepareForCreate, prepareNamedCreate } from './prepare';
import { allocateServiceAddresses } from './serviceaddresses';
import { asObject, bindNamespace } from './typemeta';

/** How many names generateName tries before giving up, as upstream's retry on collision. */
const maxGenerateNameAttempts = 8;

/** Everything up to (not including) the store write; returns the object ready to store. */
export function admitCreate(ctx: RestContext, obj: KubeObject): KubeObject {
  const info = ctx.info;
  const clientRV = obj.metadata.resourceVersion;
  bindNamespace(obj, info, ctx.ri.namespace);
  ctx.warnings.push(...denyOnThrow(ctx.trace, 'decode', () => checkSchema(obj, info, fieldValidationMode(ctx.query))));
  ctx.trace.stage('decode', 'ok', ctx.warnings.length ? ctx.warnings.join('; ') : undefined);
  applyDefaults(obj, info);
  ctx.trace.stage('defaulting', 'ok');
  const deps = { store: ctx.deps.store, clock: ctx.deps.clock, requireServiceAccount: ctx.deps.requireServiceAccount };
  const attrs = {
    operation: 'CREATE' as const,
    info,
    subresource: '',
    namespace: info.namespaced ? ctx.ri.namespace : '',
    name: obj.metadata.name ?? '',
    object: obj,
    user: ctx.user,
    dryRun: ctx.dryRun,
    warnings: ctx.warnings,
  };
  runMutatingAdmission(attrs, deps, ctx.trace);
  prepareForCreate(obj, info, ctx.deps);
  denyOnThrow(ctx.trace, 'validation', () => {
    if (!obj.metadata.name && !obj.metadata.generateName) {
      throw invalid(info.kind, info.group, '', [field.required('metadata.name', 'name or generateName is required')]);
    }
    if (!obj.metadata.name) {
      obj.metadata.name = generateName(obj.metadata.generateName as string, ctx.deps.rng);
      ctx.generatedName = true;
    }
    prepareNamedCreate(obj, info);
    if (info.group === '' && info.resource === 'services') allocateServiceAddresses(obj, ctx.deps.store, ctx.deps.rng);
    validateForCreate(obj, info);
  });
  ctx.trace.stage('validation', 'ok');
  runValidatingAdmission({ ...attrs, name: obj.metadata.name ?? '' }, deps, ctx.trace);
  // etcd3 storage refuses this with a plain error, which reaches clients as a 500.
  if (clientRV) throw internalError('resourceVersion should not be set on objects to be created');
  return obj;
}

/** Writes a prepared object, retrying generated names on collision. */
export function storeCreate(ctx: RestContext, obj: KubeObject): KubeObject {
  const stored = toStorage(obj, ctx.info);
  if (ctx.dryRun) {
    ctx.trace.stage('storage', 'skipped', 'dryRun');
    return obj;
  }
  for (let attempt = 1; ; attempt++) {
    const name = stored.metadata.name as string;
    try {
      const written = ctx.deps.store.create(keyOf(ctx, name), stored);
      ctx.writtenRV = written.metadata.resourceVersion;
      ctx.trace.stage('storage', 'ok', `created ${keyOf(ctx, name)}`);
      ctx.deps.onWrite(ctx.info);
      return fromStorage(written, ctx.info);
    } catch (e) {
      const collision = e instanceof StoreError && e.code === 'AlreadyExists';
      if (collision && ctx.generatedName && stored.metadata.generateName && attempt < maxGenerateNameAttempts) {
        stored.metadata = { ...stored.metadata, name: generateName(stored.metadata.generateName, ctx.deps.rng) };
        continue;
      }
      const err = storeErrorToApi(ctx, e, name);
      // The trace says it as the client hears it (`configmaps "x" already exists`), not as etcd did.
      ctx.trace.stage('storage', 'error', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }
}

/** Handles POST to a collection. */
export function createFromRequest(ctx: RestContext): KubeObject {
  const obj = asObject(decodeBody(ctx.req, ctx.info.kind), ctx.info);
  return storeCreate(ctx, admitCreate(ctx, obj));
}
