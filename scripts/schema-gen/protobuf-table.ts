/**
 * The protobuf side of the generated structure: per Go struct, which JSON property each protobuf field
 * number carries. Upstream's OpenAPI has no such facts, so they live beside the schemas, not in them.
 */
import type { GoStructFacts } from '../schema-facts-types';

/** One struct's protobuf facts as structure.json stores them. */
export interface ProtobufMessage {
  /** Field number -> JSON property name. */
  f: Record<string, string>;
  /** Properties whose zero value the JSON form omits (non-pointer `omitempty`). */
  e?: string[];
  /** Field number -> struct whose properties are inlined into this one's JSON. */
  i?: Record<string, string>;
}

/** Builds the table for the given schema names plus every struct they inline. */
export function protobufTable(names: Iterable<string>, facts: Record<string, GoStructFacts>): Record<string, ProtobufMessage> {
  const out: Record<string, ProtobufMessage> = {};
  const pending = [...names];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const st = facts[name];
    if (!st || out[name]) continue;
    const msg: ProtobufMessage = { f: {} };
    const omit: string[] = [];
    for (const [json, field] of Object.entries(st.fields)) {
      if (field.pb === undefined) continue;
      msg.f[field.pb] = json;
      if (field.omitEmpty) omit.push(json);
    }
    if (omit.length) msg.e = omit.sort();
    if (st.inline) {
      msg.i = { ...st.inline };
      pending.push(...Object.values(st.inline));
    }
    if (Object.keys(msg.f).length || msg.i) out[name] = msg;
  }
  return out;
}
