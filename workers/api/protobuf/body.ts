/**
 * A protobuf request body to the JSON object the rest of the apiserver works on, or a 400 worded as
 * kube-apiserver's create/update handlers word decode failures.
 */
import { badRequest, type ApiError } from '../errors';
import { assertSafeKeys } from '../safe-keys';
import { schemaNameFor } from '../schema/schema';
import { decodeMessage } from './decode';
import { decodeEnvelope, type UnknownEnvelope } from './envelope';
import { reviewSchemaNameFor } from './facts';
import { ProtobufError } from './wire';

/** Longest body prefix an "unrecognized object" message quotes. */
const SUMMARY_BYTES = 30;

/** Upstream's summary of an undecodable body: JSON-looking text as is, anything else in hex. */
export function summarizeData(data: Uint8Array): string {
  if (!data.length) return '<empty>';
  const head = data.subarray(0, SUMMARY_BYTES);
  const more = data.length > SUMMARY_BYTES ? ' ...' : '';
  if (data[0] === 0x7b) return new TextDecoder().decode(head) + more;
  return [...head].map((b) => b.toString(16).padStart(2, '0')).join('') + more;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

function typeMetaString(env: UnknownEnvelope): string {
  return `runtime.TypeMeta{APIVersion:${JSON.stringify(env.apiVersion)}, Kind:${JSON.stringify(env.kind)}}`;
}

/** The typed object inside an envelope, as JSON, with apiVersion and kind from the envelope. */
function decodeObject(env: UnknownEnvelope): Record<string, unknown> {
  if (!env.kind) throw new ProtobufError(`Object 'Kind' is missing in '${typeMetaString(env)}'`);
  if (!env.apiVersion) throw new ProtobufError(`Object 'apiVersion' is missing in '${typeMetaString(env)}'`);
  const [group, version] = splitApiVersion(env.apiVersion);
  const name = schemaNameFor(group, version, env.kind) ?? reviewSchemaNameFor(group, version, env.kind);
  if (!name) {
    throw new ProtobufError(`no kind ${JSON.stringify(env.kind)} is registered for version ${JSON.stringify(env.apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  const obj = decodeMessage(env.raw, name);
  return { apiVersion: env.apiVersion, kind: env.kind, ...obj };
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body to its JSON object form. `expectedKind`
 * words the error as upstream does ("X in version "v1" cannot be handled as a Y: ...").
 */
export function decodeProtobufBody(data: Uint8Array, expectedKind?: string): Record<string, unknown> {
  let env: UnknownEnvelope;
  try {
    env = decodeEnvelope(data);
  } catch (e) {
    throw asBadRequest(e, `the object provided is unrecognized (${summarizeData(data)})`);
  }
  let obj: Record<string, unknown>;
  try {
    obj = decodeObject(env);
  } catch (e) {
    const prefix = env.kind ? `${env.kind} in version ${JSON.stringify(splitApiVersion(env.apiVersion)[1])} cannot be handled as a ${expectedKind ?? env.kind}` : `the object provided is unrecognized (${summarizeData(data)})`;
    throw asBadRequest(e, prefix);
  }
  assertSafeKeys(obj);
  return obj;
}

function asBadRequest(e: unknown, prefix: string): ApiError {
  // A RangeError is a stack overflow or an invalid length from a hostile body: still the client's fault.
  if (e instanceof ProtobufError || e instanceof RangeError) return badRequest(`${prefix}: ${e.message}`);
  throw e;
}
