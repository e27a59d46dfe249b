import { describe, expect, it } from 'vitest';
import { isApiError } from '../api/errors';
import { envelope, Writer } from '../api/protobuf/test-encoder';
import { decodeBody } from './body';
import type { ApiRequest } from './types';

function req(body: unknown, contentType: string): ApiRequest {
  return { method: 'POST', path: '/api/v1/namespaces/default/configmaps', headers: { 'content-type': contentType }, body };
}

function status(f: () => unknown): [number, string] {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return [e.code, e.message];
    throw e;
  }
  return [0, 'ok'];
}

const configMap = envelope('v1', 'ConfigMap', new Writer().message(1, new Writer().string(1, 'x')).message(2, new Writer().string(1, 'a').string(2, 'b')));
const unknownFormat = 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf';

describe('decodeBody', () => {
  it('decodes protobuf bytes to the JSON object form', () => {
    expect(decodeBody(req(configMap, 'application/vnd.kubernetes.protobuf'), 'ConfigMap')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: 'b' },
    });
  });

  it('answers 400 for a malformed protobuf body and 415 for bytes or text of other types', () => {
    expect(status(() => decodeBody(req(configMap.subarray(0, 12), 'application/vnd.kubernetes.protobuf'), 'ConfigMap'))[0]).toBe(400);
    expect(status(() => decodeBody(req(configMap, 'application/octet-stream')))).toEqual([415, unknownFormat]);
    expect(status(() => decodeBody(req('k8s', 'application/vnd.kubernetes.protobuf')))).toEqual([415, unknownFormat]);
  });

  it('still parses JSON and YAML text', () => {
    expect(decodeBody(req('{"kind":"ConfigMap"}', 'application/json; charset=utf-8'))).toEqual({ kind: 'ConfigMap' });
    expect(decodeBody(req('kind: ConfigMap\n', 'application/yaml'))).toEqual({ kind: 'ConfigMap' });
  });
});
