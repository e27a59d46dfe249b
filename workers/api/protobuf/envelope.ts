/**
 * The envelope kube-apiserver's protobuf serializer reads: the magic bytes `k8s\0`, then a
 * runtime.Unknown message (typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2, contentEncoding = 3,
 * contentType = 4) whose raw bytes are the object's own message.
 */
import { ProtobufError, utf8String, WIRE_BYTES, WireReader } from './wire';

/** The four bytes every Kubernetes protobuf body starts with. */
export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** The media type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** A decoded runtime.Unknown. */
export interface UnknownEnvelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

function readStringField(r: WireReader, wire: number, goField: string): string {
  if (wire !== WIRE_BYTES) throw new ProtobufError(`proto: wrong wireType = ${wire} for field ${goField}`);
  return utf8String(r.bytes());
}

function decodeTypeMeta(buf: Uint8Array, into: UnknownEnvelope): void {
  const r = new WireReader(buf);
  while (!r.done()) {
    const { field, wire } = r.tag('TypeMeta');
    if (field === 1) into.apiVersion = readStringField(r, wire, 'APIVersion');
    else if (field === 2) into.kind = readStringField(r, wire, 'Kind');
    else r.skip(wire);
  }
}

/** Whether the bytes start with the protobuf magic. */
export function hasProtobufMagic(data: Uint8Array): boolean {
  return data.length >= PROTOBUF_MAGIC.length && PROTOBUF_MAGIC.every((b, i) => data[i] === b);
}

/** Unwraps the envelope; errors are worded as upstream's protobuf serializer words them. */
export function decodeEnvelope(data: Uint8Array): UnknownEnvelope {
  if (!data.length) throw new ProtobufError('empty data');
  if (!hasProtobufMagic(data)) {
    throw new ProtobufError(`provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`);
  }
  if (data.length === PROTOBUF_MAGIC.length) throw new ProtobufError('empty body');
  const out: UnknownEnvelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const r = new WireReader(data.subarray(PROTOBUF_MAGIC.length));
  while (!r.done()) {
    const { field, wire } = r.tag('Unknown');
    if (field === 1) {
      if (wire !== WIRE_BYTES) throw new ProtobufError(`proto: wrong wireType = ${wire} for field TypeMeta`);
      decodeTypeMeta(r.bytes(), out);
    } else if (field === 2) {
      if (wire !== WIRE_BYTES) throw new ProtobufError(`proto: wrong wireType = ${wire} for field Raw`);
      out.raw = r.bytes();
    } else if (field === 3) out.contentEncoding = readStringField(r, wire, 'ContentEncoding');
    else if (field === 4) out.contentType = readStringField(r, wire, 'ContentType');
    else r.skip(wire);
  }
  return out;
}
