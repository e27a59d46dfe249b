/**
 * Test support: a small protobuf writer plus a schema-driven encoder of JSON objects, written from
 * the same generated facts as the decoder, for round-trip tests. Not used by the apiserver.
 */
import type { SchemaNode } from '../schema/schema';
import { INT_OR_STRING, MICRO_TIME, QUANTITY, RAW_EXTENSION, TIME } from '../schema/go-types';
import { PROTOBUF_MAGIC } from './envelope';
import { decodingSchema, protobufMessage } from './facts';

/** Appends protobuf fields to a byte list. */
export class Writer {
  readonly out: number[] = [];

  /** A raw varint (negative numbers as Go writes int64: ten bytes of two's complement). */
  varintRaw(v: number | bigint): this {
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.out.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.out.push(Number(n));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varintRaw((field << 3) | wire);
  }

  varint(field: number, v: number | bigint | boolean): this {
    return this.tag(field, 0).varintRaw(typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }

  bytes(field: number, b: Uint8Array | number[]): this {
    this.tag(field, 2).varintRaw(b.length);
    this.out.push(...b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, w: Writer): this {
    return this.bytes(field, w.out);
  }

  double(field: number, v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.tag(field, 1).out.push(...b);
    return this;
  }

  bytesOut(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

const REF = '#/components/schemas/';

function encodeSpecial(ref: string, v: unknown): Writer {
  const w = new Writer();
  if (ref === TIME || ref === MICRO_TIME) {
    const ms = Date.parse(String(v));
    w.varint(1, Math.floor(ms / 1000));
    const micros = /\.(\d{6})Z$/.exec(String(v))?.[1];
    if (ref === MICRO_TIME && micros) w.varint(2, Number(micros) * 1000);
  } else if (ref === QUANTITY) w.string(1, String(v));
  else if (ref === INT_OR_STRING) {
    if (typeof v === 'number') w.varint(1, 0).varint(2, v);
    else w.varint(1, 1).string(3, String(v));
  } else if (ref === RAW_EXTENSION || ref.endsWith('.FieldsV1')) w.string(1, JSON.stringify(v));
  else return encodeObject(v as Record<string, unknown>, ref);
  return w;
}

function encodeValue(w: Writer, field: number, node: SchemaNode, v: unknown): void {
  if (node.$ref) {
    w.message(field, encodeSpecial(node.$ref.slice(REF.length), v));
    return;
  }
  switch (node.type) {
    case 'string':
      if (node.format === 'byte') w.bytes(field, Uint8Array.from(atob(String(v)), (c) => c.charCodeAt(0)));
      else w.string(field, String(v));
      return;
    case 'integer':
      w.varint(field, v as number);
      return;
    case 'boolean':
      w.varint(field, v as boolean);
      return;
    case 'number':
      w.double(field, v as number);
      return;
    case 'array': {
      // A slice as a map value travels as a message with its items in field 1.
      const holder = new Writer();
      for (const item of v as unknown[]) encodeValue(holder, 1, node.items ?? {}, item);
      w.message(field, holder);
      return;
    }
  }
  throw new Error(`cannot encode ${JSON.stringify(node)}`);
}

/** Encodes a JSON object as the message of schema `name` (fields in number order, as Go writes them). */
export function encodeObject(obj: Record<string, unknown>, name: string, schemaOverride?: SchemaNode): Writer {
  const schema = schemaOverride ?? decodingSchema(name);
  const msg = protobufMessage(name);
  if (!schema || !msg) throw new Error(`no facts for ${name}`);
  const w = new Writer();
  const numbers = [...Object.keys(msg.f), ...Object.keys(msg.i ?? {})].map(Number).sort((a, b) => a - b);
  for (const no of numbers) {
    const inline = msg.i?.[no];
    if (inline) {
      w.message(no, encodeObject(obj, inline, schema));
      continue;
    }
    const json = msg.f[no];
    const v = obj[json];
    const node = schema.properties?.[json];
    if (v === undefined || v === null || !node) continue;
    if (node.type === 'array') for (const item of v as unknown[]) encodeValue(w, no, node.items ?? {}, item);
    else if (node.type === 'object' && typeof node.additionalProperties === 'object' && !node.properties) {
      for (const [k, val] of Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) {
        const entry = new Writer().string(1, k);
        encodeValue(entry, 2, node.additionalProperties, val);
        w.message(no, entry);
      }
    } else encodeValue(w, no, node, v);
  }
  return w;
}

/** A whole request body: magic, then runtime.Unknown{typeMeta, raw}. */
export function envelope(apiVersion: string, kind: string, raw: Writer | Uint8Array): Uint8Array {
  const typeMeta = new Writer().string(1, apiVersion).string(2, kind);
  const unknown = new Writer().message(1, typeMeta).bytes(2, raw instanceof Writer ? raw.out : raw);
  return Uint8Array.from([...PROTOBUF_MAGIC, ...unknown.out]);
}
