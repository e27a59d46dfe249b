/**
 * Generates the Kubernetes schema files under workers/api/schema/generated/ from the d.ts files of
 * `kubernetes-types` plus the Go facts in scripts/schema-facts.ts. Run: `npx tsx scripts/gen-schema.ts`.
 * `structure.json` holds what runtime validation needs (small, loaded eagerly); `descriptions.json`
 * holds the upstream field docs (loaded lazily, for `/openapi/v3`, explain and the editor).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goFacts } from './schema-facts';
import { buildSchemas, machineryModules, prefixOfModule, reviewModules, servedModules } from './schema-gen/build-schemas';
import { protobufTable } from './schema-gen/protobuf-table';
import { parseDtsModule, type DtsModule } from './schema-gen/dts-parser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Output paths, relative to the repository root. */
export const STRUCTURE_PATH = 'workers/api/schema/generated/structure.json';
export const DESCRIPTIONS_PATH = 'workers/api/schema/generated/descriptions.json';

/** JSON with object keys sorted, so the output is stable whatever order the sources come in. */
function stableJson(value: unknown, indentLevel = 0): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  // One schema per line keeps diffs readable without making the file huge.
  if (indentLevel >= 2) return JSON.stringify(value, keys.length ? sortedReplacer : undefined);
  const pad = '  '.repeat(indentLevel + 1);
  const body = keys.map((k) => `${pad}${JSON.stringify(k)}: ${stableJson((value as Record<string, unknown>)[k], indentLevel + 1)}`);
  return `{\n${body.join(',\n')}\n${'  '.repeat(indentLevel)}}`;
}

function sortedReplacer(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
}

/** Generates both files in memory: repository-relative path -> content. */
export function generateSchemaFiles(): Record<string, string> {
  const typesDir = join(root, 'node_modules/kubernetes-types');
  const load = (list: string[]) =>
    new Map<string, DtsModule>(list.map((m) => [m, parseDtsModule(readFileSync(join(typesDir, `${m}.d.ts`), 'utf8'))]));
  const built = buildSchemas(load([...machineryModules, ...servedModules]), goFacts);
  // Review kinds have no stored objects and no schema of their own here; the protobuf decoder needs
  // their shape, so it gets them in a section of its own that nothing else reads.
  const reviews = buildSchemas(load([...machineryModules, ...reviewModules]), goFacts);
  const reviewPrefixes = reviewModules.map((m) => prefixOfModule(m) + '.');
  const protobufSchemas = Object.fromEntries(
    Object.entries(reviews.schemas).filter(([name]) => reviewPrefixes.some((p) => name.startsWith(p))),
  );
  const protobuf = protobufTable([...Object.keys(built.schemas), ...Object.keys(protobufSchemas)], goFacts);
  return {
    [STRUCTURE_PATH]: stableJson({ goTypes: built.goTypes, protobuf, protobufSchemas, schemas: built.schemas }) + '\n',
    [DESCRIPTIONS_PATH]: stableJson(built.descriptions) + '\n',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [path, text] of Object.entries(generateSchemaFiles())) {
    writeFileSync(join(root, path), text);
    console.log(`${path}: ${text.length} bytes`);
  }
}
