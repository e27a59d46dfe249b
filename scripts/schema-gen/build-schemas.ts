/**
 * Turns the parsed kubernetes-types modules plus the Go facts into OpenAPI v3 component schemas named
 * as upstream names them, split into structure (what validation needs) and descriptions.
 */
import type { SchemaNode } from '../../workers/api/schema/schema';
import { impliedGoType, INT_OR_STRING, QUANTITY, refTo } from '../../workers/api/schema/go-types';
import type { GoStructFacts } from '../schema-facts-types';
import type { DtsDecl, DtsModule, DtsType } from './dts-parser';

/** The group/versions the cluster serves, as kubernetes-types module paths. */
export const servedModules = [
  'core/v1', 'apps/v1', 'batch/v1', 'coordination/v1', 'discovery/v1', 'rbac/v1', 'networking/v1',
  'policy/v1', 'scheduling/v1', 'autoscaling/v1', 'autoscaling/v2', 'storage/v1',
];

/** Review kinds (authorization, authentication): answered, never stored; only the protobuf decoder reads them. */
export const reviewModules = ['authentication/v1', 'authorization/v1'];

/** Apimachinery modules referenced by the served ones. */
export const machineryModules = ['meta/v1', 'api/resource', 'runtime'];

/** Schema name prefix for a kubernetes-types module path. */
export function prefixOfModule(mod: string): string {
  if (mod === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (mod === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (mod === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  return `io.k8s.api.${mod.replace('/', '.')}`;
}

/** Resolves an import path (`../meta/v1`) against the importing module (`apps/v1`). */
function resolveModule(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** What the generator produces: structure (no descriptions), descriptions, and non-implied Go types. */
export interface BuiltSchemas {
  schemas: Record<string, SchemaNode>;
  descriptions: Record<string, { d?: string; p?: Record<string, string> }>;
  goTypes: Record<string, Record<string, string>>;
}

/** Schemas upstream declares by hand (custom JSON marshalling), by name. */
const specialSchemas: Record<string, SchemaNode> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  [QUANTITY]: { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object' },
};

const intOrStringDoc =
  'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.';

/** Meta kinds served in every group version (upstream lists one GVK per group version). */
const metaKindsEverywhere = ['DeleteOptions', 'WatchEvent'];
const metaKindsCore = ['Status', 'APIResourceList', 'APIGroup', 'APIGroupList', 'APIVersions'];

interface Ctx {
  modPath: string;
  mod: DtsModule;
  facts?: GoStructFacts;
}

function refOf(ctx: Ctx, name: string): string {
  if (name === 'Quantity' && !ctx.mod.decls.some((d) => d.name === name)) return QUANTITY;
  const from = ctx.mod.imports.get(name);
  const mod = from ? resolveModule(ctx.modPath, from) : ctx.modPath;
  return `${prefixOfModule(mod)}.${name}`;
}

/** The schema of a field type; `go` is the Go type when the facts know it (for integer formats). */
function typeSchema(ctx: Ctx, t: DtsType, go: string | undefined): SchemaNode {
  switch (t.kind) {
    case 'string':
    case 'literal':
      return go === '[]byte' ? { type: 'string', format: 'byte' } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      if (go === 'float64' || go === 'float32') return { type: 'number', format: 'double' };
      if (go === 'int64' || go === 'int32') return { type: 'integer', format: go };
      return { type: 'integer' };
    case 'intOrString':
      return { $ref: refTo(INT_OR_STRING) };
    case 'ref':
      return { $ref: refTo(refOf(ctx, t.name)) };
    case 'array':
      return { type: 'array', items: typeSchema(ctx, t.items, go?.startsWith('[]') ? go.slice(2) : undefined) };
    case 'map': {
      const value = go && /^map\[[^\]]+\](.+)$/.exec(go)?.[1];
      return { type: 'object', additionalProperties: typeSchema(ctx, t.values, value ?? undefined) };
    }
  }
}

/** Appends upstream's `Possible enum values:` list to a field description. */
function withEnumDoc(doc: string, values: [string, string][]): string {
  const lines = values.map(([v, comment]) => (comment ? `\`${JSON.stringify(v)}\` ${comment}` : JSON.stringify(v)));
  return `${doc}\n\nPossible enum values:\n - ${lines.join('\n - ')}`.replace(/^\n\n/, '');
}

function gvkOf(decl: DtsDecl): SchemaNode['x-kubernetes-group-version-kind'] {
  const api = decl.fields.find((f) => f.name === 'apiVersion')?.type;
  const kind = decl.fields.find((f) => f.name === 'kind')?.type;
  if (api?.kind !== 'literal' || kind?.kind !== 'literal') return undefined;
  const slash = api.value.indexOf('/');
  const group = slash < 0 ? '' : api.value.slice(0, slash);
  return [{ group, version: api.value.slice(slash + 1), kind: kind.value }];
}

/** Builds one interface's schema, filling `out` with its descriptions and non-implied Go types. */
function declSchema(ctx: Ctx, decl: DtsDecl, name: string, out: BuiltSchemas): SchemaNode {
  const node: SchemaNode = { type: 'object' };
  const props: Record<string, SchemaNode> = {};
  const descs: Record<string, string> = {};
  const goTypes: Record<string, string> = {};
  const required: string[] = [];
  for (const f of decl.fields) {
    const fact = ctx.facts?.fields[f.name];
    const p = typeSchema(ctx, f.type, fact?.go);
    if (fact?.patchMergeKey) p['x-kubernetes-patch-merge-key'] = fact.patchMergeKey;
    if (fact?.patchStrategy) p['x-kubernetes-patch-strategy'] = fact.patchStrategy;
    if (fact?.listType) p['x-kubernetes-list-type'] = fact.listType;
    if (fact?.listMapKeys) p['x-kubernetes-list-map-keys'] = fact.listMapKeys;
    if (fact?.mapType) p['x-kubernetes-map-type'] = fact.mapType;
    props[f.name] = p;
    if (fact && fact.go !== impliedGoType(p)) goTypes[f.name] = fact.go;
    if (fact?.enum) (p.items ?? p).enum = fact.enum.map(([v]) => v);
    const doc = fact?.enum ? withEnumDoc(f.doc ?? '', fact.enum) : f.doc;
    if (doc) descs[f.name] = doc;
    if (!f.optional) required.push(f.name);
  }
  if (decl.fields.length) node.properties = props;
  if (required.length) node.required = required;
  const gvk = gvkOf(decl);
  if (gvk) node['x-kubernetes-group-version-kind'] = gvk;
  if (ctx.facts?.structType) node['x-kubernetes-map-type'] = ctx.facts.structType;
  const d: { d?: string; p?: Record<string, string> } = {};
  if (decl.doc) d.d = decl.doc;
  if (Object.keys(descs).length) d.p = descs;
  if (d.d || d.p) out.descriptions[name] = d;
  if (Object.keys(goTypes).length) out.goTypes[name] = goTypes;
  return node;
}

/** Adds the GVKs upstream gives meta kinds (Status, DeleteOptions...), which kubernetes-types leaves untyped. */
function addMetaGvks(schemas: Record<string, SchemaNode>): void {
  const meta = prefixOfModule('meta/v1');
  const gvs = servedModules.map((m) => ({ group: groupOfModule(m), version: m.split('/')[1] }));
  for (const k of metaKindsEverywhere) {
    const s = schemas[`${meta}.${k}`];
    if (s) s['x-kubernetes-group-version-kind'] = gvs.map((gv) => ({ ...gv, kind: k }));
  }
  for (const k of metaKindsCore) {
    const s = schemas[`${meta}.${k}`];
    if (s) s['x-kubernetes-group-version-kind'] = [{ group: '', version: 'v1', kind: k }];
  }
}

/** The API group of a served module path (`rbac/v1` -> `rbac.authorization.k8s.io`). */
export function groupOfModule(mod: string): string {
  const g = mod.split('/')[0];
  const full: Record<string, string> = {
    core: '',
    rbac: 'rbac.authorization.k8s.io',
    coordination: 'coordination.k8s.io',
    discovery: 'discovery.k8s.io',
    networking: 'networking.k8s.io',
    scheduling: 'scheduling.k8s.io',
    storage: 'storage.k8s.io',
  };
  return g in full ? full[g] : g;
}

/** Builds every schema of the given modules (module path -> parsed module). */
export function buildSchemas(modules: Map<string, DtsModule>, facts: Record<string, GoStructFacts>): BuiltSchemas {
  const out: BuiltSchemas = { schemas: {}, descriptions: {}, goTypes: {} };
  for (const [modPath, mod] of modules) {
    const prefix = prefixOfModule(modPath);
    for (const decl of mod.decls) {
      const name = `${prefix}.${decl.name}`;
      const special = specialSchemas[name];
      if (special) {
        out.schemas[name] = structuredClone(special);
        if (decl.doc) out.descriptions[name] = { d: decl.doc };
        continue;
      }
      if (decl.alias) throw new Error(`unexpected type alias ${name}`);
      out.schemas[name] = declSchema({ modPath, mod, facts: facts[name] }, decl, name, out);
    }
  }
  out.schemas[INT_OR_STRING] = { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] };
  out.descriptions[INT_OR_STRING] = { d: intOrStringDoc };
  addMetaGvks(out.schemas);
  checkRefs(out.schemas);
  return out;
}

/** Fails the generation when a schema points at a name that was not emitted. */
function checkRefs(schemas: Record<string, SchemaNode>): void {
  const visit = (n: SchemaNode, where: string): void => {
    if (n.$ref && !schemas[n.$ref.slice('#/components/schemas/'.length)]) throw new Error(`${where}: dangling ${n.$ref}`);
    if (n.items) visit(n.items, where);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') visit(n.additionalProperties, where);
    for (const [k, p] of Object.entries(n.properties ?? {})) visit(p, `${where}.${k}`);
  };
  for (const [name, s] of Object.entries(schemas)) visit(s, name);
}
