/**
 * Turns the cluster's /openapi/v3 group-version documents into one JSON Schema for the editor:
 * every kind the cluster serves as an alternative keyed by its apiVersion and kind, so that
 * monaco-yaml validates, completes and documents each YAML document against its own kind.
 */

/** The part of an OpenAPI v3 document this reads. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

type OpenApiSchema = Record<string, unknown> & {
  properties?: Record<string, OpenApiSchema>;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
};

export interface JsonSchema {
  [key: string]: unknown;
}

const COMPONENTS = '#/components/schemas/';
const DEFINITIONS = '#/definitions/';

/** `$ref`s pointed at `definitions`, and objects with known properties closed to others (Strict). */
function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENTS)) out[k] = DEFINITIONS + v.slice(COMPONENTS.length);
    else if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, p]) => [name, convert(p)]));
    } else out[k] = convert(v);
  }
  // The server rejects unknown fields (fieldValidation=Strict): say so while typing.
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** The request-body schema names of `post` operations on collections (the kinds one can create). */
function creatableSchemas(doc: OpenApiDocument): Set<string> {
  const names = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (path.includes('{name}')) continue;
    const post = item.post as { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } | undefined;
    const ref = post?.requestBody?.content?.['application/json']?.schema?.$ref ?? Object.values(post?.requestBody?.content ?? {})[0]?.schema?.$ref;
    if (ref?.startsWith(COMPONENTS)) names.add(ref.slice(COMPONENTS.length));
  }
  return names;
}

/** One alternative per creatable kind: its apiVersion and kind fixed, both required. */
function kindAlternative(name: string, schema: OpenApiSchema): JsonSchema | undefined {
  const gvk = schema['x-kubernetes-group-version-kind'];
  if (gvk?.length !== 1) return undefined;
  const { group, version, kind } = gvk[0]!;
  const apiVersion = group ? `${group}/${version}` : version;
  return {
    allOf: [{ $ref: DEFINITIONS + name }],
    properties: {
      apiVersion: { type: 'string', enum: [apiVersion], description: (schema.properties?.apiVersion?.description as string) ?? '' },
      kind: { type: 'string', enum: [kind], description: (schema.properties?.kind?.description as string) ?? '' },
    },
    required: ['apiVersion', 'kind'],
  };
}

/** One JSON Schema (draft-07 style, `definitions`) for manifests of every creatable kind. */
export function jsonSchemaFromOpenApi(docs: readonly OpenApiDocument[]): JsonSchema {
  const definitions: Record<string, unknown> = {};
  const alternatives = new Map<string, JsonSchema>();
  for (const doc of docs) {
    const schemas = doc.components?.schemas ?? {};
    for (const [name, schema] of Object.entries(schemas)) definitions[name] ??= convert(schema);
    for (const name of creatableSchemas(doc)) {
      const schema = schemas[name];
      const alt = schema && kindAlternative(name, schema);
      if (alt) alternatives.set(name, alt);
    }
  }
  const sorted = [...alternatives.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, alt]) => alt);
  return { $schema: 'http://json-schema.org/draft-07/schema#', definitions, anyOf: sorted };
}

/** The kinds the schema accepts, as `apiVersion kind` (for tests and the editor's status line). */
export function schemaKinds(schema: JsonSchema): string[] {
  const alts = (schema.anyOf ?? []) as { properties: { apiVersion: { enum: string[] }; kind: { enum: string[] } } }[];
  return alts.map((a) => `${a.properties.apiVersion.enum[0]} ${a.properties.kind.enum[0]}`);
}
