import { describe, expect, it } from 'vitest';
import { isApiError } from '../errors';
import { decodeProtobufBody, summarizeData } from './body';
import { decodeMessage, MAX_DEPTH } from './decode';
import { PROTOBUF_MAGIC } from './envelope';
import { encodeObject, envelope, Writer } from './test-encoder';

/** The 400 message a body gets, or 'ok'. */
function failure(body: Uint8Array, expectedKind?: string): string {
  try {
    decodeProtobufBody(body, expectedKind);
    return 'ok';
  } catch (e) {
    if (!isApiError(e)) throw e;
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    return e.message;
  }
}

const cm = (w: Writer) => envelope('v1', 'ConfigMap', w);
const raw = (...bytes: number[]) => Uint8Array.from([...PROTOBUF_MAGIC, ...bytes]);

describe('malformed protobuf bodies are 400 BadRequest with upstream wording', () => {
  it.each<[string, Uint8Array, string]>([
    ['empty', new Uint8Array(0), 'the object provided is unrecognized (<empty>): empty data'],
    ['JSON sent as protobuf', new TextEncoder().encode('{"kind":"ConfigMap"}'), 'the object provided is unrecognized ({"kind":"ConfigMap"}): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]'],
    ['magic only', raw(), 'the object provided is unrecognized (6b387300): empty body'],
    ['envelope length past the end', raw(0x12, 0x05, 0x0a), 'the object provided is unrecognized (6b38730012050a): unexpected EOF'],
    ['absurd length', raw(0x12, 0x80, 0x80, 0x80, 0x80, 0x40), 'the object provided is unrecognized (6b387300128080808040): proto: negative length found during unmarshaling'],
    ['varint longer than ten bytes', raw(0x28, ...Array(11).fill(0xff)), 'proto: integer overflow'],
    ['field number 0', raw(0x02, 0x00), 'proto: Unknown: illegal tag 0 (wire type 2)'],
    ['end group', raw(0x0c), 'proto: Unknown: wiretype end group for non-group'],
    ['start group', raw(0x2b), 'proto: illegal wireType 3'],
  ])('%s', (_name, body, message) => {
    expect(failure(body)).toContain(message);
  });

  it('errors inside the object name the kinds, as the create handler words them', () => {
    expect(failure(cm(new Writer().varint(2, 1)), 'ConfigMap')).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: proto: wrong wireType = 0 for field Data');
    expect(failure(cm(new Writer().tag(2, 2).varintRaw(9).string(1, 'k')))).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF');
    expect(failure(envelope('v1', 'Widget', new Writer()))).toBe(
      'Widget in version "v1" cannot be handled as a Widget: no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    expect(failure(envelope('v1', '', new Writer()))).toContain(`Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`);
  });

  it('rejects what JSON could not carry either', () => {
    const protoKey = cm(new Writer().message(2, new Writer().string(1, '__proto__').string(2, 'x')));
    expect(failure(protoKey)).toBe('request body contains the forbidden key "__proto__" at data.__proto__');
    const revision = envelope('apps/v1', 'ControllerRevision', new Writer().message(2, new Writer().string(1, '{not json')).varint(3, 1));
    expect(failure(revision)).toContain('RawExtension: raw data is not JSON');
    const farFuture = cm(new Writer().message(1, new Writer().message(8, new Writer().varint(1, 1e12))));
    expect(failure(farFuture)).toContain('year outside of range [0,9999]');
    const badIntOrString = envelope('v1', 'Service', new Writer().message(2, new Writer().message(1, new Writer().message(4, new Writer().varint(1, 2)))));
    expect(failure(badIntOrString)).toContain('impossible IntOrString.Type');
  });

  it('bounds nesting depth at MAX_DEPTH (this Deployment nests seven messages deep)', () => {
    const d = encodeObject({ spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'a', valueFrom: { fieldRef: { fieldPath: 'x' } } }] }] } } } }, 'io.k8s.api.apps.v1.Deployment').bytesOut();
    expect(decodeMessage(d, 'io.k8s.api.apps.v1.Deployment', MAX_DEPTH - 7)).toHaveProperty('spec');
    expect(() => decodeMessage(d, 'io.k8s.api.apps.v1.Deployment', MAX_DEPTH - 6)).toThrow(`proto: exceeded maximum nesting depth of ${MAX_DEPTH}`);
  });

  it('summarizes undecodable data as upstream: JSON-looking text as is, otherwise hex, cut at 30 bytes', () => {
    expect(summarizeData(new TextEncoder().encode('{"a":"' + 'x'.repeat(40) + '"}'))).toBe('{"a":"' + 'x'.repeat(24) + ' ...');
    expect(summarizeData(Uint8Array.of(1, 2, 255))).toBe('0102ff');
  });
});
