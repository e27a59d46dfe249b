/**
 * YAML manifests as kubectl reads them: YAML 1.1 (`0644` is 420, `yes` is true; no timestamps or
 * sexagesimal numbers, which go-yaml leaves as strings), multi-document, a `List` flattened into its
 * items. Untrusted input: duplicate keys, `__proto__`/`constructor`/`prototype` keys, alias bombs and
 * oversized documents are rejected, each error with its 1-based line and column.
 */
import { Document, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Node, type Tags } from 'yaml';
import { badRequest } from './errors';
import { UNSAFE_KEYS } from './safe-keys';
import type { KubeObject } from './types';

export interface ManifestDocument {
  /** Index of the document in the stream (0-based). */
  index: number;
  object: KubeObject;
  /** 1-based line where the document starts. */
  line: number;
}

export interface ManifestError {
  message: string;
  line: number;
  column: number;
  /** Which document (0-based) the error is in. */
  document: number;
}

/** kube-apiserver's request size limit, applied to each document. */
export const MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;
/** The most a whole manifest stream may hold. */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
/** Alias expansions allowed per document; a handful of anchors is normal, thousands is a bomb. */
export const MAX_ALIAS_COUNT = 100;

// go-yaml (under kubectl) keeps these as strings; the yaml package's 1.1 schema would not.
function kubectlTags(tags: Tags): Tags {
  const dropped = new Set(['tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:binary', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs', 'tag:yaml.org,2002:set']);
  return tags.filter((t) => {
    const tag = typeof t === 'string' ? t : t.tag;
    const format = typeof t === 'string' ? undefined : (t as { format?: string }).format;
    return !dropped.has(tag) && format !== 'TIME';
  });
}

const parseOptions = {
  version: '1.1' as const,
  customTags: kubectlTags,
  prettyErrors: false,
  uniqueKeys: true,
  merge: true,
};

interface Located {
  line: number;
  column: number;
}

function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.keys(val as object).sort().map((k) => [k, (val as Record<string, unknown>)[k]]))
      : val,
  );
}

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  return typeof v;
}

/** What kubectl reports for an object it cannot decode, or undefined when it is a usable object. */
export function objectProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return `json: cannot unmarshal ${goJsonKind(v)} into Go value of type map[string]interface {}`;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.kind !== 'string' || o.kind === '') return `Object 'Kind' is missing in '${sortedJson(v)}'`;
  if (typeof o.apiVersion !== 'string' || o.apiVersion === '') return `Object 'apiVersion' is missing in '${sortedJson(v)}'`;
  return undefined;
}

function duplicateKeyMessage(text: string, offset: number): string {
  const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]*?)\s*:/.exec(text.slice(offset, offset + 300));
  const key = m ? m[1].replace(/^["']|["']$/g, '') : '';
  return `key ${JSON.stringify(key)} already set in map`;
}

// The first forbidden key in the document's tree, with where it is.
function findUnsafeYamlKey(doc: Document.Parsed): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Pair(_, pair) {
      const k = pair.key;
      if (isScalar(k) && UNSAFE_KEYS.has(String(k.value))) {
        found = { key: String(k.value), offset: k.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function isListObject(v: Record<string, unknown>): boolean {
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

/** Parses a manifest stream as `kubectl apply -f` reads it; documents and errors come back together. */
export function parseManifests(text: string): { documents: ManifestDocument[]; errors: ManifestError[] } {
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  if (text.length > MAX_MANIFEST_BYTES) {
    errors.push({ message: `input is larger than ${MAX_MANIFEST_BYTES} bytes`, line: 1, column: 1, document: 0 });
    return { documents, errors };
  }
  const lc = new LineCounter();
  const at = (offset: number): Located => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const docs = parseAllDocuments(text, { ...parseOptions, lineCounter: lc });
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => {
    const fail = (message: string, pos: Located) => errors.push({ message, ...pos, document: index });
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const message = e.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(text, e.pos[0]) : e.message;
        fail(message, at(e.pos[0]));
      }
      return;
    }
    const start = at(doc.contents?.range?.[0] ?? doc.range[0]);
    if (doc.range[1] - doc.range[0] > MAX_DOCUMENT_BYTES) {
      fail(`document is larger than ${MAX_DOCUMENT_BYTES} bytes, the API server's request limit`, start);
      return;
    }
    const unsafe = findUnsafeYamlKey(doc);
    if (unsafe) {
      fail(`forbidden key ${JSON.stringify(unsafe.key)}`, at(unsafe.offset));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      fail((e as Error).message, start);
      return;
    }
    if (value === null || value === undefined) return;
    collectObjects(doc, value, index, start, at, documents, fail);
  });
  return { documents, errors };
}

function collectObjects(
  doc: Document.Parsed,
  value: unknown,
  index: number,
  start: Located,
  at: (offset: number) => Located,
  documents: ManifestDocument[],
  fail: (message: string, pos: Located) => void,
): void {
  const problem = objectProblem(value);
  if (problem) {
    fail(problem, start);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (!isListObject(obj)) {
    documents.push({ index, object: obj as unknown as KubeObject, line: start.line });
    return;
  }
  const itemsNode = doc.get('items', true) as Node | undefined;
  (obj.items as unknown[]).forEach((item, j) => {
    const node = isSeq(itemsNode) ? (itemsNode.items[j] as Node | undefined) : undefined;
    const pos = node?.range ? at(node.range[0]) : start;
    const itemProblem = objectProblem(item);
    if (itemProblem) fail(itemProblem, pos);
    else documents.push({ index, object: item as KubeObject, line: pos.line });
  });
}

/**
 * Parses a request body that is JSON or a single YAML document, with the same safety rules as
 * manifests. Errors are a 400 BadRequest worded as upstream's YAML decoding
 * (`error converting YAML to JSON: yaml: line 3: ...`).
 */
export function parseYamlOrJson(text: string): unknown {
  if (text.length > MAX_DOCUMENT_BYTES) throw badRequest(`the request body is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  // JSON is parsed as YAML flow style too, so duplicate keys are caught with their line.
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { ...parseOptions, lineCounter: lc });
  const list = (Array.isArray(docs) ? docs : []).filter((d) => d.errors.length || d.contents !== null);
  const doc = list[0];
  if (!doc) return null;
  if (doc.errors.length) {
    const e = doc.errors[0];
    const message = e.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(text, e.pos[0]) : e.message;
    throw badRequest(`error converting YAML to JSON: yaml: line ${lc.linePos(e.pos[0]).line}: ${message}`);
  }
  const unsafe = findUnsafeYamlKey(doc);
  if (unsafe) {
    throw badRequest(`error converting YAML to JSON: yaml: line ${lc.linePos(unsafe.offset).line}: forbidden key ${JSON.stringify(unsafe.key)}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: yaml: ${(e as Error).message}`);
  }
}

/**
 * An object as `kubectl get -o yaml` prints it: keys sorted, 2-space indent, sequences at their key's
 * indentation, strings that YAML 1.1 would read as something else quoted, no line folding.
 */
export function toYaml(obj: unknown): string {
  const doc = new Document(obj, { version: '1.1', customTags: kubectlTags, sortMapEntries: true, aliasDuplicateObjects: false });
  return doc.toString({ indent: 2, indentSeq: false, lineWidth: 0, minContentWidth: 0, nullStr: 'null' });
}

/** Several objects as a multi-document stream (`---` between them). */
export function toYamlStream(objs: unknown[]): string {
  return objs.map(toYaml).join('---\n');
}
