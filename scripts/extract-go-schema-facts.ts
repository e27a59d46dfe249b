/**
 * One-off helper that regenerates scripts/schema-facts.ts: the facts `kubernetes-types` does not carry
 * (Go field types, hence int32/int64 formats and the type names in json unmarshal errors; patch
 * strategies and merge keys; list, map and struct types) read from the Go API sources.
 *
 * Usage: npx tsx scripts/extract-go-schema-facts.ts <k8s.io/api checkout> <k8s.io/apimachinery checkout>
 * (any git ref works; the committed facts came from release-1.32 of both).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Served packages: directory in its repository -> schema name prefix and Go package name. */
const apiPackages: [string, string][] = [
  'core/v1', 'apps/v1', 'batch/v1', 'coordination/v1', 'discovery/v1', 'rbac/v1', 'networking/v1',
  'policy/v1', 'scheduling/v1', 'autoscaling/v1', 'autoscaling/v2', 'storage/v1',
  // Review kinds: served without stored objects, but kubectl sends them as protobuf.
  'authentication/v1', 'authorization/v1',
].map((dir) => [dir, `io.k8s.api.${dir.replace('/', '.')}`]);

export interface GoField {
  json: string;
  goType: string;
  /** The type as written in the source (`*PullPolicy`, `[]corev1.Toleration`), for enum look-ups. */
  rawType: string;
  tags: Record<string, string>;
  markers: Record<string, string[]>;
}

export interface GoStruct {
  name: string;
  markers: Record<string, string[]>;
  fields: GoField[];
  /** Embedded structs whose JSON is inlined but which protobuf carries as a nested message. */
  inline: { protobuf: number; goType: string }[];
}

/** The field number of a `protobuf:"bytes,2,rep,name=containers"` tag. */
export function protobufNumber(tag: string | undefined): number | undefined {
  const n = tag ? Number(tag.split(',')[1]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function markerOf(line: string): [string, string] | undefined {
  const m = /^\s*\/\/\s*\+([A-Za-z]+)=(.*)$/.exec(line);
  return m ? [m[1], m[2].trim()] : undefined;
}

function addMarker(into: Record<string, string[]>, line: string): void {
  const m = markerOf(line);
  if (m) (into[m[0]] ??= []).push(m[1]);
}

/** Qualifies a Go type expression as reflect prints it (`[]v1.Container`, `map[string]string`). */
export function qualify(expr: string, pkg: string, localTypes: Set<string>): string {
  const t = expr.replace(/^\*/, '');
  if (t.startsWith('[]')) return '[]' + qualify(t.slice(2), pkg, localTypes);
  const map = /^map\[([^\]]+)\](.*)$/.exec(t);
  if (map) return `map[${qualify(map[1], pkg, localTypes)}]${qualify(map[2], pkg, localTypes)}`;
  const dot = t.indexOf('.');
  if (dot >= 0) {
    const alias = t.slice(0, dot);
    const name = t.slice(dot + 1);
    // Import aliases (metav1, corev1, apiv1) print as the package's own name, its version.
    const real = /^[a-z]+?(v\d+(?:(?:alpha|beta)\d+)?)$/.exec(alias)?.[1] ?? alias;
    return `${real}.${name}`;
  }
  return localTypes.has(t) ? `${pkg}.${t}` : t;
}

function parseTags(raw: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const m of raw.matchAll(/(\w+):"([^"]*)"/g)) tags[m[1]] = m[2];
  return tags;
}

/** Reads the struct declarations of one Go source file. */
export function parseGoStructs(text: string, pkg: string, localTypes: Set<string>): GoStruct[] {
  const lines = text.split('\n');
  const out: GoStruct[] = [];
  let pending: Record<string, string[]> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const head = /^type (\w+) struct \{$/.exec(line);
    if (!head) {
      if (line.startsWith('//')) addMarker(pending, line);
      else if (line.trim() === '') pending = {};
      continue;
    }
    const st: GoStruct = { name: head[1], markers: pending, fields: [], inline: [] };
    pending = {};
    let fieldMarkers: Record<string, string[]> = {};
    for (i++; i < lines.length && lines[i] !== '}'; i++) {
      const l = lines[i];
      if (/^\s*\/\//.test(l)) {
        addMarker(fieldMarkers, l);
        continue;
      }
      const f = /^\s+(?:(\w+)\s+)?([*\w.[\]]+)\s+`([^`]*)`/.exec(l);
      if (f) {
        const tags = parseTags(f[3]);
        const json = (tags.json ?? '').split(',')[0];
        if (json && json !== '-') {
          st.fields.push({ json, goType: qualify(f[2], pkg, localTypes), rawType: f[2], tags, markers: fieldMarkers });
        }
        const no = protobufNumber(tags.protobuf);
        if (!json && !f[1] && no) st.inline.push({ protobuf: no, goType: qualify(f[2], pkg, localTypes) });
      }
      fieldMarkers = {};
    }
    out.push(st);
  }
  return out;
}

function localTypeNames(text: string): Set<string> {
  return new Set([...text.matchAll(/^type (\w+) /gm)].map((m) => m[1]));
}

/** One field's facts, in the compact form schema-facts.ts stores. */
function fieldFacts(f: GoField, enumOf: (raw: string) => [string, string][] | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = { go: f.goType };
  const values = enumOf(f.rawType);
  if (values) o.enum = values;
  if (f.tags.patchStrategy) o.patchStrategy = f.tags.patchStrategy;
  if (f.tags.patchMergeKey) o.patchMergeKey = f.tags.patchMergeKey;
  if (f.markers.listType) o.listType = f.markers.listType[0];
  if (f.markers.listMapKey) o.listMapKeys = f.markers.listMapKey;
  if (f.markers.mapType) o.mapType = f.markers.mapType[0];
  const no = protobufNumber(f.tags.protobuf);
  if (no) o.pb = no;
  // encoding/json drops zero scalars, slices and maps under omitempty; protobuf writes them anyway.
  if (no && !f.rawType.startsWith('*') && (f.tags.json ?? '').split(',').includes('omitempty')) o.omitEmpty = true;
  return o;
}

/** Type names declared anywhere in a Go package directory (Time lives in time.go, not types.go). */
function packageTypeNames(dir: string): Set<string> {
  const names = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.go') && !f.endsWith('_test.go')) for (const n of localTypeNames(readFileSync(join(dir, f), 'utf8'))) names.add(n);
  }
  return names;
}

interface GoSource {
  text: string;
  prefix: string;
  pkg: string;
  locals: Set<string>;
  /** Import path of this package (`k8s.io/api/core/v1`). */
  path: string;
}

/** Enum values (value, comment) by `<import path>.<Type>`, for the types marked `+enum`. */
type EnumTable = Map<string, [string, string][]>;

function goFilesOf(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** Reads the `+enum` types of a package and the typed string constants that are their values. */
function collectEnums(dir: string, path: string, into: EnumTable): void {
  const files = goFilesOf(dir);
  const enumTypes = new Set<string>();
  for (const text of files) {
    for (const m of text.matchAll(/\/\/ \+enum\s*\n(?:\/\/.*\n)*type (\w+) string/g)) enumTypes.add(m[1]);
  }
  for (const text of files) {
    let comment: string[] = [];
    for (const line of text.split('\n')) {
      const c = /^\s*\/\/\s?(.*)$/.exec(line);
      if (c) {
        if (!c[1].startsWith('+')) comment.push(c[1].trim());
        continue;
      }
      const k = /^\s*(\w+)\s+(\w+)\s*=\s*"([^"]*)"/.exec(line);
      if (k && enumTypes.has(k[2])) {
        const key = `${path}.${k[2]}`;
        const list = into.get(key) ?? [];
        // Upstream's enum descriptions drop the constant's own name from the front of its comment.
        let text = comment.join(' ').trim();
        if (text.startsWith(k[1] + ' ')) text = text.slice(k[1].length + 1);
        if (!list.some(([v]) => v === k[3])) list.push([k[3], text]);
        into.set(key, list);
      }
      comment = [];
    }
  }
  for (const list of into.values()) list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Import aliases of a Go file: alias -> import path (`corev1` -> `k8s.io/api/core/v1`). */
export function importsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^\s*(?:(\w+)\s+)?"([^"]+)"\s*$/gm)) {
    out.set(m[1] ?? m[2].slice(m[2].lastIndexOf('/') + 1), m[2]);
  }
  return out;
}

function collect(files: GoSource[], enums: EnumTable): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const { text, prefix, pkg, locals, path } of files) {
    const imports = importsOf(text);
    const enumOf = (raw: string): [string, string][] | undefined => {
      const t = raw.replace(/^\*/, '').replace(/^\[\]/, '');
      const dot = t.indexOf('.');
      const key = dot < 0 ? `${path}.${t}` : `${imports.get(t.slice(0, dot)) ?? t.slice(0, dot)}.${t.slice(dot + 1)}`;
      return enums.get(key);
    };
    for (const st of parseGoStructs(text, pkg, locals)) {
      const fields: Record<string, unknown> = {};
      for (const f of st.fields) fields[f.json] = fieldFacts(f, enumOf);
      const entry: Record<string, unknown> = { fields };
      if (st.markers.structType) entry.structType = st.markers.structType[0];
      if (st.inline.length) entry.inline = Object.fromEntries(st.inline.map((i) => [i.protobuf, `${prefix}.${i.goType.slice(i.goType.indexOf('.') + 1)}`]));
      facts[`${prefix}.${st.name}`] = entry;
    }
  }
  return facts;
}

function main(): void {
  const [apiDir, machineryDir] = process.argv.slice(2);
  if (!apiDir || !machineryDir) throw new Error('usage: extract-go-schema-facts.ts <k8s.io/api> <k8s.io/apimachinery>');
  const files: GoSource[] = apiPackages.map(([dir, prefix]) => ({
    text: readFileSync(join(apiDir, dir, 'types.go'), 'utf8'),
    prefix,
    pkg: dir.split('/')[1],
    locals: packageTypeNames(join(apiDir, dir)),
    path: `k8s.io/api/${dir}`,
  }));
  const metaDir = join(machineryDir, 'pkg/apis/meta/v1');
  files.push({
    text: readFileSync(join(metaDir, 'types.go'), 'utf8'),
    prefix: 'io.k8s.apimachinery.pkg.apis.meta.v1',
    pkg: 'v1',
    locals: packageTypeNames(metaDir),
    path: 'k8s.io/apimachinery/pkg/apis/meta/v1',
  });
  const enums: EnumTable = new Map();
  for (const [dir] of apiPackages) collectEnums(join(apiDir, dir), `k8s.io/api/${dir}`, enums);
  collectEnums(metaDir, 'k8s.io/apimachinery/pkg/apis/meta/v1', enums);
  const facts = collect(files, enums);
  const body = Object.entries(facts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
    .join('\n');
  const header = [
    '// Generated by scripts/extract-go-schema-facts.ts from the Go API types (k8s.io/api and',
    '// k8s.io/apimachinery, release-1.32). Facts only: Go field types, patch strategies, list/map/struct types,\n// protobuf field numbers.',
    "import type { GoStructFacts } from './schema-facts-types';",
    '',
    '/** Per schema name: its fields\' Go facts. */',
    'export const goFacts: Record<string, GoStructFacts> = {',
  ].join('\n');
  writeFileSync(new URL('./schema-facts.ts', import.meta.url), `${header}\n${body}\n};\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
