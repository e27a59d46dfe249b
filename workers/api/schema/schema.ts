/** The Kubernetes schema (OpenAPI v3 shapes), generated at build time from `kubernetes-types`. */
import structureJson from './generated/structure.json';

/** A schema node as OpenAPI writes it, with the Kubernetes extensions we use. */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  /** `#/components/schemas/<name>` */
  $ref?: string;
  allOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

interface StructureFile {
  schemas: Record<string, SchemaNode>;
  goTypes: Record<string, Record<string, string>>;
}

/** Descriptions of one schema: its own (`d`) and its properties' (`p`). */
export interface SchemaDescriptions {
  d?: string;
  p?: Record<string, string>;
}

const structure = structureJson as unknown as StructureFile;

// Index of top-level kinds by group/version/kind, built once from the GVK extensions.
const byGvk = new Map<string, string>();
for (const [name, node] of Object.entries(structure.schemas)) {
  for (const g of node['x-kubernetes-group-version-kind'] ?? []) {
    const key = `${g.group}/${g.version}/${g.kind}`;
    // Meta kinds (DeleteOptions) list many GVKs; a group's own kind wins over them.
    if (!byGvk.has(key) || !name.startsWith('io.k8s.apimachinery.')) byGvk.set(key, name);
  }
}

/** The schema name (`io.k8s.api.apps.v1.Deployment`) for a served group/version/kind. */
export function schemaNameFor(group: string, version: string, kind: string): string | undefined {
  return byGvk.get(`${group}/${version}/${kind}`);
}

/** A named schema (`io.k8s.api.core.v1.PodSpec`), structure only (no descriptions), or undefined. */
export function getSchema(name: string): SchemaNode | undefined {
  return Object.hasOwn(structure.schemas, name) ? structure.schemas[name] : undefined;
}

/** Every schema name the cluster knows. */
export function schemaNames(): string[] {
  return Object.keys(structure.schemas);
}

/** The Go type upstream declares for a field, where it differs from what its schema implies. */
export function declaredGoType(schemaName: string, field: string): string | undefined {
  return structure.goTypes[schemaName]?.[field];
}

let descriptions: Promise<Record<string, SchemaDescriptions>> | undefined;
let loaded: Record<string, SchemaDescriptions> | undefined;

/**
 * Loads the descriptions file once: a separate chunk in the browser (about 450 KB of upstream docs,
 * 100 KB gzipped), so the cluster starts without it and only `kubectl explain`, `/openapi/v3`, Table
 * column definitions and the editor's hovers wait for it.
 */
export function loadDescriptions(): Promise<Record<string, SchemaDescriptions>> {
  descriptions ??= import('./generated/descriptions.json').then((m) => {
    loaded = ((m as { default?: unknown }).default ?? m) as Record<string, SchemaDescriptions>;
    return loaded;
  });
  return descriptions;
}

/**
 * The descriptions, for synchronous code that runs after `loadDescriptions()` resolved (the
 * apiserver's `handle` awaits it for the requests that print them). Throws before that: an empty
 * description would be a silent lie, an error is found by the first test.
 */
export function loadedDescriptions(): Record<string, SchemaDescriptions> {
  if (!loaded) throw new Error('the schema descriptions are not loaded yet: await loadDescriptions() first');
  return loaded;
}

/**
 * A named schema with its upstream descriptions merged in (its own and each property's). Async: the
 * descriptions load lazily on first use. Returns a fresh copy; undefined when the name is unknown.
 */
export async function getSchemaWithDescriptions(name: string): Promise<SchemaNode | undefined> {
  const node = getSchema(name);
  if (!node) return undefined;
  return withDescriptions(node, (await loadDescriptions())[name]);
}

/** Merges one schema's descriptions into a copy of its structure. */
export function withDescriptions(node: SchemaNode, d: SchemaDescriptions | undefined): SchemaNode {
  const out: SchemaNode = structuredClone(node);
  if (d?.d) out.description = d.d;
  if (d?.p && out.properties) {
    for (const [k, text] of Object.entries(d.p)) {
      if (out.properties[k]) out.properties[k].description = text;
    }
  }
  return out;
}
