/**
 * Request bodies: JSON (duplicate keys rejected as upstream's strict decoder does) or YAML text,
 * Kubernetes protobuf bytes, or an already-parsed value from an in-process transport. Always returns a
 * private mutable copy.
 */
import { badRequest, unsupportedMediaType } from '../api/errors';
import { decodeProtobufBody } from '../api/protobuf/body';
import { PROTOBUF_MEDIA_TYPE } from '../api/protobuf/envelope';
import { parseJsonStrict } from '../api/schema/decode';
import { parseYamlOrJson } from '../api/yaml';
import { jsonRoundTrip } from './json-copy';
import type { ApiRequest } from './types';

/** The media type of the request body, without parameters. */
export function contentType(req: ApiRequest): string {
  return (req.headers?.['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/**
 * Parses the body to a fresh JSON value; 400 when it is missing or malformed (worded for
 * `expectedKind` when given), 415 for unknown types.
 */
export function decodeBody(req: ApiRequest, expectedKind?: string): unknown {
  const body = req.body;
  if (body === undefined || body === null || body === '') throw badRequest('the body of the request was empty');
  if (body instanceof Uint8Array) {
    // The HTTP adapter keeps raw bytes only for protobuf; anything else binary is not a body we read.
    if (contentType(req) === PROTOBUF_MEDIA_TYPE) return decodeProtobufBody(body, expectedKind);
    throw unsupportedMediaType(UNKNOWN_FORMAT);
  }
  // A JSON round trip, not structuredClone: in-process callers may leave `undefined` fields, which the
  // wire format cannot carry and the schema decoder must not see.
  if (typeof body !== 'string') return jsonRoundTrip(body);
  const type = contentType(req);
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'text/yaml') return parseYamlOrJson(body);
  if (type.endsWith('json') || type === '*/*') return parseJsonStrict(body, expectedKind);
  throw unsupportedMediaType(UNKNOWN_FORMAT);
}

const UNKNOWN_FORMAT = `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, ${PROTOBUF_MEDIA_TYPE}`;

/** Whether a decoded body is a JSON object (not an array or scalar). */
export function isObjectBody(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
