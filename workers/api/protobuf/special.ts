/**
 * The apimachinery types whose protobuf form differs from their JSON form: Time and MicroTime
 * (seconds and nanos, JSON as RFC 3339 text), Quantity (its string), IntOrString (type, intVal,
 * strVal), RawExtension and FieldsV1 (raw JSON bytes in field 1).
 */
import { INT_OR_STRING, MICRO_TIME, QUANTITY, RAW_EXTENSION, TIME } from '../schema/go-types';
import { ProtobufError, utf8String, WIRE_BYTES, WIRE_VARINT, WireReader } from './wire';

const FIELDS_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';

/** Seconds from year 1 to 1970: Go's zero Time, which JSON writes as null. */
const ZERO_TIME_SECONDS = -62135596800;
/** The last second of year 9999: Go's JSON encoder refuses later times. */
const MAX_TIME_SECONDS = 253402300799;

/** Reads a message made of varint fields only (Timestamp, IntOrString's numbers) into number -> value. */
function varintFields(buf: Uint8Array, message: string, strings: Set<number> = new Set()): Map<number, number | string> {
  const r = new WireReader(buf);
  const out = new Map<number, number | string>();
  while (!r.done()) {
    const { field, wire } = r.tag(message);
    const wantString = strings.has(field);
    if (field > 3) {
      r.skip(wire);
      continue;
    }
    if (wire !== (wantString ? WIRE_BYTES : WIRE_VARINT)) throw new ProtobufError(`proto: wrong wireType = ${wire} for field ${message}.${field}`);
    out.set(field, wantString ? utf8String(r.bytes()) : r.int64());
  }
  return out;
}

/** RFC 3339 in UTC, with `digits` fractional digits (0 for Time, 6 for MicroTime). */
function rfc3339(seconds: number, nanos: number, digits: number): string {
  if (seconds < ZERO_TIME_SECONDS || seconds > MAX_TIME_SECONDS) {
    throw new ProtobufError(`Time.MarshalJSON: year outside of range [0,9999]`);
  }
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!digits) return `${iso}Z`;
  const micros = Math.floor(Math.max(0, Math.min(nanos, 999999999)) / 1000);
  return `${iso}.${String(micros).padStart(6, '0')}Z`;
}

/** Decodes a Time or MicroTime; undefined for the zero time (absent in JSON). */
function decodeTime(buf: Uint8Array, micro: boolean): string | undefined {
  if (!buf.length) return undefined;
  const f = varintFields(buf, 'Timestamp');
  const seconds = Number(f.get(1) ?? 0);
  // Time drops nanos on decode (its JSON has whole seconds only); MicroTime keeps microseconds.
  const nanos = micro ? Number(f.get(2) ?? 0) : 0;
  if (seconds === ZERO_TIME_SECONDS && nanos === 0) return undefined;
  return rfc3339(seconds, nanos, micro ? 6 : 0);
}

function decodeIntOrString(buf: Uint8Array): number | string {
  const f = varintFields(buf, 'IntOrString', new Set([3]));
  const type = Number(f.get(1) ?? 0);
  if (type === 1) return String(f.get(3) ?? '');
  if (type !== 0) throw new ProtobufError(`impossible IntOrString.Type`);
  const v = Number(f.get(2) ?? 0);
  // intVal is an int32 on the wire.
  return v | 0;
}

function decodeQuantity(buf: Uint8Array): string {
  const r = new WireReader(buf);
  let out = '';
  while (!r.done()) {
    const { field, wire } = r.tag('Quantity');
    if (field !== 1) {
      r.skip(wire);
      continue;
    }
    if (wire !== WIRE_BYTES) throw new ProtobufError(`proto: wrong wireType = ${wire} for field String_`);
    out = utf8String(r.bytes());
  }
  return out;
}

/** Field 1 of RawExtension and FieldsV1: JSON text, parsed; undefined when empty. */
function decodeRawJson(buf: Uint8Array, message: string): unknown {
  const r = new WireReader(buf);
  let raw: Uint8Array | undefined;
  while (!r.done()) {
    const { field, wire } = r.tag(message);
    if (field !== 1) {
      r.skip(wire);
      continue;
    }
    if (wire !== WIRE_BYTES) throw new ProtobufError(`proto: wrong wireType = ${wire} for field Raw`);
    raw = r.bytes();
  }
  if (!raw?.length) return undefined;
  try {
    return JSON.parse(utf8String(raw));
  } catch {
    throw new ProtobufError(`${message}: raw data is not JSON`);
  }
}

/** Whether a schema name is one of the types decoded here. */
export function isSpecialType(name: string): boolean {
  return name === TIME || name === MICRO_TIME || name === QUANTITY || name === INT_OR_STRING || name === RAW_EXTENSION || name === FIELDS_V1;
}

/** Decodes one of the special types from its message bytes; undefined means "absent". */
export function decodeSpecial(name: string, buf: Uint8Array): unknown {
  switch (name) {
    case TIME:
      return decodeTime(buf, false);
    case MICRO_TIME:
      return decodeTime(buf, true);
    case QUANTITY:
      return decodeQuantity(buf);
    case INT_OR_STRING:
      return decodeIntOrString(buf);
    case RAW_EXTENSION:
      return decodeRawJson(buf, 'RawExtension');
    case FIELDS_V1:
      return decodeRawJson(buf, 'FieldsV1');
  }
  throw new ProtobufError(`no special decoding for ${name}`);
}
