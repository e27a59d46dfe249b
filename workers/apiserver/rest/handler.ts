/** Dispatches a resource request to the REST verb or subresource that serves it, and shapes the response. */
import { ApiError, statusFailure } from '../../api/errors';
import type { ApiResponse, ApiResult } from '../types';
import { warningHeader } from '../validate';
import { bindPod } from './binding';
import { getForClient } from './common';
import type { RestContext } from './context';
import { createFromRequest } from './create';
import { deleteCollection, deleteFromRequest } from './delete';
import { readDeleteOptions } from './deleteoptions';
import { evictPod } from './eviction';
import { listObjects } from './list';
import { podLogs } from './log';
import { negotiate, renderList, renderObject } from './negotiate';
import { patchFromRequest } from './patch';
import { REVIEW_RESOURCES } from './reviews';
import { requestToken } from './tokenrequest';
import { getScale, patchScale, updateScale } from './scale';
import { finalizeNamespace, updateFromRequest } from './update';
import { openWatch } from './watch';

/** 404 for paths that name nothing we serve, worded as upstream's. */
export function notFoundPath(): ApiError {
  return new ApiError(statusFailure(404, 'NotFound', 'the server could not find the requested resource', {}));
}

/** 405 for a verb the path does not take. */
export function methodNotAllowedPath(): ApiError {
  return new ApiError(statusFailure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
}

function respond(ctx: RestContext, status: number, body: unknown): ApiResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const warning = warningHeader(ctx.warnings);
  if (warning) headers.warning = warning;
  return { kind: 'response', status, headers, body };
}

function handleMain(ctx: RestContext): ApiResult {
  const rendering = negotiate(ctx.req.headers?.accept);
  // No local closure for the clock: under esbuild's keepNames every request would pay for naming it.
  const clock = ctx.deps.clock;
  switch (ctx.ri.verb) {
    case 'get':
      return respond(ctx, 200, renderObject(ctx.info, getForClient(ctx), rendering, ctx.query, clock.now()));
    case 'list': {
      const { items, listMeta } = listObjects(ctx);
      return respond(ctx, 200, renderList(ctx.info, items, listMeta, rendering, ctx.query, clock.now()));
    }
    case 'watch':
      return openWatch(ctx, rendering);
    case 'create':
      return respond(ctx, 201, createFromRequest(ctx));
    case 'update': {
      const r = updateFromRequest(ctx, '');
      return respond(ctx, r.created ? 201 : 200, r.object);
    }
    case 'patch': {
      const r = patchFromRequest(ctx, '');
      return respond(ctx, r.created ? 201 : 200, r.object);
    }
    case 'delete': {
      const r = deleteFromRequest(ctx, readDeleteOptions(ctx));
      return respond(ctx, r.code, r.body);
    }
    case 'deletecollection':
      return respond(ctx, 200, deleteCollection(ctx, readDeleteOptions(ctx)));
    default:
      throw methodNotAllowedPath();
  }
}

function handleSubresource(ctx: RestContext): ApiResult {
  const sub = ctx.ri.subresource;
  const verb = ctx.ri.verb;
  const isPods = ctx.info.group === '' && ctx.info.resource === 'pods';
  switch (sub) {
    case 'status':
      if (verb === 'get') return respond(ctx, 200, getForClient(ctx));
      if (verb === 'update') return respond(ctx, 200, updateFromRequest(ctx, 'status').object);
      if (verb === 'patch') return respond(ctx, 200, patchFromRequest(ctx, 'status').object);
      break;
    case 'scale':
      if (verb === 'get') return respond(ctx, 200, getScale(ctx));
      if (verb === 'update') return respond(ctx, 200, updateScale(ctx));
      if (verb === 'patch') return respond(ctx, 200, patchScale(ctx));
      break;
    case 'binding':
      if (isPods && verb === 'create') return respond(ctx, 201, bindPod(ctx));
      break;
    case 'eviction':
      if (isPods && verb === 'create') return respond(ctx, 201, evictPod(ctx));
      break;
    case 'log':
      if (isPods && verb === 'get') {
        const text = podLogs(ctx);
        return { kind: 'response', status: 200, headers: { 'content-type': 'text/plain' }, body: text };
      }
      break;
    case 'token':
      if (verb === 'create' && ctx.info.resource === 'serviceaccounts' && ctx.deps.mintToken) return respond(ctx, 201, requestToken(ctx, ctx.deps.mintToken));
      break;
    case 'finalize':
      if (verb === 'update' && ctx.info.resource === 'namespaces') return respond(ctx, 200, finalizeNamespace(ctx).object);
      break;
    default:
      throw notFoundPath();
  }
  throw methodNotAllowedPath();
}

/** Serves one resource request whose resource, scope and verb were already checked. */
export function handleResourceRequest(ctx: RestContext): ApiResult {
  if (ctx.info.group === '' && ctx.info.resource === 'bindings') {
    if (ctx.ri.verb !== 'create') throw methodNotAllowedPath();
    return respond(ctx, 201, bindPod(ctx));
  }
  if (ctx.deps.reviews && REVIEW_RESOURCES.has(`${ctx.info.group}/${ctx.info.resource}`)) {
    if (ctx.ri.verb !== 'create' || ctx.ri.subresource) throw methodNotAllowedPath();
    return respond(ctx, 201, ctx.deps.reviews(ctx));
  }
  return ctx.ri.subresource ? handleSubresource(ctx) : handleMain(ctx);
}
