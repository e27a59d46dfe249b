/** Checks and completes an incoming object's apiVersion, kind, name and namespace against the URL. */
import { badRequest } from '../../api/errors';
import { apiVersionOf, type ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { isObjectBody } from '../body';

/** Turns a decoded body into a KubeObject for this resource, or 400 as upstream's decoder would. */
export function asObject(body: unknown, info: ResourceInfo, expectedKind = info.kind, expectedApiVersion = apiVersionOf(info)): KubeObject {
  if (!isObjectBody(body)) throw badRequest(`the body of the request was not a JSON object`);
  const obj = body as KubeObject;
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = expectedApiVersion;
  if (obj.kind === undefined || obj.kind === '') obj.kind = expectedKind;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') throw badRequest("Object 'Kind' is missing in the request body");
  if (obj.apiVersion !== expectedApiVersion) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expectedApiVersion})`);
  }
  if (obj.kind !== expectedKind) {
    throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${expectedKind})`);
  }
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (!isObjectBody(obj.metadata)) throw badRequest('metadata must be an object');
  return obj;
}

/** Sets the namespace from the URL; 400 when the body names another one. */
export function bindNamespace(obj: KubeObject, info: ResourceInfo, urlNamespace: string): void {
  if (!info.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const ns = obj.metadata.namespace;
  if (ns && ns !== urlNamespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = urlNamespace;
}

/** 400 when the body's name differs from the URL's (updates). */
export function bindName(obj: KubeObject, urlName: string): void {
  const name = obj.metadata.name;
  if (name && name !== urlName) throw badRequest(`the name of the object (${name}) does not match the name on the URL (${urlName})`);
  obj.metadata.name = urlName;
}
