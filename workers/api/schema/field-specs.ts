/**
 * Per-schema decoding specs, compiled once from the generated structure: for each struct, its fields
 * with the JSON shape and the Go type kube-apiserver's decoder would unmarshal them into. Decoding a
 * body then walks these specs instead of re-reading OpenAPI nodes on every write.
 */
import { declaredGoType, getSchema, type SchemaNode } from './schema';
import { impliedGoType, INT_OR_STRING, MICRO_TIME, QUANTITY, refName, shortName, TIME } from './go-types';

/** How one value decodes. `go` is the Go type named in unmarshal errors. */
export type FieldSpec =
  | { k: 'string' | 'bool' | 'float' | 'bytes'; go: string }
  | { k: 'int'; go: string; min: number; max: number }
  | { k: 'quantity' | 'intOrString' | 'raw'; go: string }
  | { k: 'time'; go: string; micro: boolean }
  | { k: 'struct'; go: string; name: string }
  | { k: 'array' | 'map'; go: string; elem: FieldSpec };

/** A compiled struct: its short Go name (for error messages) and its fields by JSON name. */
export interface StructSpec {
  name: string;
  goName: string;
  fields: Map<string, FieldSpec>;
  /** True for free-form objects (RawExtension, FieldsV1): anything goes, nothing is unknown. */
  open: boolean;
}

const INT32: [number, number] = [-2147483648, 2147483647];
const INT64: [number, number] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

/** Strips one level of Go type (`[]v1.Container` -> `v1.Container`, `map[string]string` -> `string`). */
function elemGoType(go: string): string {
  if (go.startsWith('[]')) return go.slice(2);
  const m = /^map\[[^\]]+\](.+)$/.exec(go);
  return m ? m[1] : go;
}

function refSpec(name: string, go: string): FieldSpec {
  if (name === QUANTITY) return { k: 'quantity', go };
  if (name === INT_OR_STRING) return { k: 'intOrString', go };
  if (name === TIME || name === MICRO_TIME) return { k: 'time', go, micro: name === MICRO_TIME };
  const target = getSchema(name);
  if (!target || (target.type === 'object' && !target.properties && !target.additionalProperties)) return { k: 'raw', go };
  return { k: 'struct', go, name };
}

/** Compiles one schema node into a spec; `go` overrides the implied Go type where upstream declares another. */
export function compileSpec(node: SchemaNode, go: string = impliedGoType(node)): FieldSpec {
  if (node.$ref) return refSpec(refName(node.$ref), go);
  switch (node.type) {
    case 'string':
      return node.format === 'byte' ? { k: 'bytes', go } : { k: 'string', go };
    case 'boolean':
      return { k: 'bool', go };
    case 'integer': {
      const [min, max] = node.format === 'int64' ? INT64 : INT32;
      return { k: 'int', go, min, max };
    }
    case 'number':
      return { k: 'float', go };
    case 'array':
      return node.items ? { k: 'array', go, elem: compileSpec(node.items, elemGoType(go)) } : { k: 'raw', go };
    case 'object':
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        return { k: 'map', go, elem: compileSpec(node.additionalProperties, elemGoType(go)) };
      }
      return { k: 'raw', go };
    default:
      return { k: 'raw', go };
  }
}

const structCache = new Map<string, StructSpec>();

/** The compiled struct for a schema name (cached; undefined if the schema is unknown). */
export function structSpec(name: string): StructSpec | undefined {
  const hit = structCache.get(name);
  if (hit) return hit;
  const node = getSchema(name);
  if (!node) return undefined;
  const fields = new Map<string, FieldSpec>();
  for (const [k, p] of Object.entries(node.properties ?? {})) {
    fields.set(k, compileSpec(p, declaredGoType(name, k) ?? impliedGoType(p)));
  }
  const spec: StructSpec = { name, goName: shortName(name), fields, open: !node.properties };
  structCache.set(name, spec);
  return spec;
}
