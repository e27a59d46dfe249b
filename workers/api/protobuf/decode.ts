/**
 * Decodes a Kubernetes object from protobuf to the plain JSON object its JSON form would be, driven
 * by the generated schemas (property types) and protobuf facts (field numbers). Unset fields stay
 * absent; zero values that encoding/json would omit (`omitempty`) are dropped, so the result matches
 * what the JSON path produces for the same object.
 */
import { INT_OR_STRING, QUANTITY } from '../schema/go-types';
import type { SchemaNode } from '../schema/schema';
import { decodingSchema, protobufMessage } from './facts';
import { decodeSpecial, isSpecialType } from './special';
import { base64, ProtobufError, utf8String, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT, WireReader } from './wire';

/** Deepest message nesting accepted (a Pod is about 12 deep; this leaves room without risk). */
export const MAX_DEPTH = 100;

const REF_PREFIX = '#/components/schemas/';

type Json = Record<string, unknown>;

function refName(node: SchemaNode): string | undefined {
  return node.$ref?.startsWith(REF_PREFIX) ? node.$ref.slice(REF_PREFIX.length) : undefined;
}

/** Go's name for a field in wrong-wire-type errors (`containers` -> `Containers`). */
function goName(json: string): string {
  return json.charAt(0).toUpperCase() + json.slice(1);
}

function shortName(schemaName: string): string {
  return schemaName.slice(schemaName.lastIndexOf('.') + 1);
}

function expectWire(got: number, want: number, json: string): void {
  if (got !== want) throw new ProtobufError(`proto: wrong wireType = ${got} for field ${goName(json)}`);
}

/** Sets a key without ever touching a prototype (map keys come from the client). */
function setKey(o: Json, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Decodes one scalar (or message) value of schema `node` from the reader, given its wire type. */
function decodeValue(r: WireReader, wire: number, node: SchemaNode, json: string, depth: number): unknown {
  const ref = refName(node);
  if (ref) {
    expectWire(wire, WIRE_BYTES, json);
    const bytes = r.bytes();
    if (isSpecialType(ref)) return decodeSpecial(ref, bytes);
    return decodeMessage(bytes, ref, depth + 1);
  }
  switch (node.type) {
    case 'string': {
      expectWire(wire, WIRE_BYTES, json);
      const b = r.bytes();
      return node.format === 'byte' ? base64(b) : utf8String(b);
    }
    case 'integer':
      expectWire(wire, WIRE_VARINT, json);
      return node.format === 'int32' ? r.int64() | 0 : r.int64();
    case 'boolean':
      expectWire(wire, WIRE_VARINT, json);
      return r.varint64() !== 0n;
    case 'number':
      expectWire(wire, WIRE_FIXED64, json);
      return r.double();
    case 'array': {
      // A typed slice inside a map (map[string]ExtraValue): a message whose field 1 repeats.
      expectWire(wire, WIRE_BYTES, json);
      const holder: Json = {};
      decodeFields(new WireReader(r.bytes()), holder, { type: 'object', properties: { items: node } }, { f: { 1: 'items' } }, 'List', depth + 1);
      return holder.items ?? [];
    }
  }
  throw new ProtobufError(`no protobuf decoding for field ${goName(json)}`);
}

/** Whether an array's items can come packed (several varints or doubles in one length-delimited field). */
function packable(items: SchemaNode): boolean {
  return !items.$ref && (items.type === 'integer' || items.type === 'boolean' || items.type === 'number');
}

function decodeRepeated(r: WireReader, wire: number, node: SchemaNode, json: string, into: unknown[], depth: number): void {
  const items = node.items ?? {};
  if (wire === WIRE_BYTES && packable(items)) {
    const packed = new WireReader(r.bytes());
    const itemWire = items.type === 'number' ? WIRE_FIXED64 : WIRE_VARINT;
    while (!packed.done()) into.push(decodeValue(packed, itemWire, items, json, depth));
    return;
  }
  const v = decodeValue(r, wire, items, json, depth);
  // Go cannot hold an absent element; an empty Time in a list is its zero value, JSON null.
  into.push(v === undefined ? null : v);
}

/** One map entry (key = 1, value = 2) into `into`. */
function decodeMapEntry(r: WireReader, wire: number, node: SchemaNode, json: string, into: Json, depth: number): void {
  expectWire(wire, WIRE_BYTES, json);
  const entry = new WireReader(r.bytes());
  const valueNode = typeof node.additionalProperties === 'object' ? node.additionalProperties : {};
  let key = '';
  let value: unknown;
  while (!entry.done()) {
    const t = entry.tag(`${goName(json)}Entry`);
    if (t.field === 1) {
      expectWire(t.wire, WIRE_BYTES, json);
      key = utf8String(entry.bytes());
    } else if (t.field === 2) value = decodeValue(entry, t.wire, valueNode, json, depth);
    else entry.skip(t.wire);
  }
  // An entry without a value holds the value type's zero value.
  setKey(into, key, value ?? zeroOf(valueNode));
}

/** Go's zero value of a map value type, as encoding/json writes it. */
function zeroOf(node: SchemaNode): unknown {
  const ref = refName(node);
  if (ref === QUANTITY) return '0';
  if (ref === INT_OR_STRING) return 0;
  if (ref) return isSpecialType(ref) ? null : {};
  switch (node.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
  }
  return {};
}

/** Reads every field of a message into `out`, using `msg`'s numbers and `schema`'s property types. */
function decodeFields(r: WireReader, out: Json, schema: SchemaNode, msg: { f: Record<string, string>; i?: Record<string, string> }, name: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new ProtobufError(`proto: exceeded maximum nesting depth of ${MAX_DEPTH}`);
  while (!r.done()) {
    const { field, wire } = r.tag(name);
    const json = Object.hasOwn(msg.f, field) ? msg.f[field] : undefined;
    const node = json === undefined ? undefined : schema.properties?.[json];
    if (json === undefined || !node) {
      const inline = msg.i && Object.hasOwn(msg.i, field) ? msg.i[field] : undefined;
      if (inline) {
        expectWire(wire, WIRE_BYTES, inline);
        decodeInline(r.bytes(), out, schema, inline, depth + 1);
      } else r.skip(wire);
      continue;
    }
    if (node.type === 'array') {
      const list = (out[json] ??= []) as unknown[];
      decodeRepeated(r, wire, node, json, list, depth);
    } else if (node.type === 'object' && typeof node.additionalProperties === 'object' && !node.properties) {
      decodeMapEntry(r, wire, node, json, (out[json] ??= {}) as Json, depth);
    } else {
      const v = decodeValue(r, wire, node, json, depth);
      if (v === undefined) delete out[json];
      else out[json] = v;
    }
  }
}

/** An embedded struct whose fields JSON inlines into the outer object (Volume's VolumeSource). */
function decodeInline(bytes: Uint8Array, out: Json, schema: SchemaNode, struct: string, depth: number): void {
  const msg = protobufMessage(struct);
  if (!msg) throw new ProtobufError(`no protobuf facts for ${struct}`);
  decodeFields(new WireReader(bytes), out, schema, msg, shortName(struct), depth);
  dropOmitted(out, schema, msg.e);
}

/** Whether encoding/json's omitempty drops this value (structs are never empty to it). */
function isEmptyValue(v: unknown, node: SchemaNode | undefined): boolean {
  if (v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  const isMap = node?.type === 'object' && typeof node.additionalProperties === 'object' && !node.properties;
  return isMap && typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

function dropOmitted(out: Json, schema: SchemaNode, names: string[] | undefined): void {
  for (const k of names ?? []) {
    if (Object.hasOwn(out, k) && isEmptyValue(out[k], schema.properties?.[k])) delete out[k];
  }
}

/** Decodes one message of the named schema (`io.k8s.api.apps.v1.Deployment`) to its JSON object. */
export function decodeMessage(bytes: Uint8Array, schemaName: string, depth = 0): Json {
  const schema = decodingSchema(schemaName);
  const msg = protobufMessage(schemaName);
  if (!schema || !msg) throw new ProtobufError(`no protobuf decoding for ${schemaName}`);
  const out: Json = {};
  decodeFields(new WireReader(bytes), out, schema, msg, shortName(schemaName), depth);
  dropOmitted(out, schema, msg.e);
  return out;
}
