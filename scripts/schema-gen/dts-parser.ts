/**
 * A small parser for the regular d.ts files of `kubernetes-types`: imports, `export interface X {`
 * with doc-commented fields, and `export type X = string;` aliases. TypeScript 7 has no JS API, and
 * these files use a handful of shapes only, so a purpose-built line parser is enough.
 */

/** A field's type, as the d.ts writes it. */
export type DtsType =
  | { kind: 'string' | 'number' | 'boolean' | 'intOrString' }
  | { kind: 'literal'; value: string }
  | { kind: 'ref'; name: string }
  | { kind: 'array'; items: DtsType }
  | { kind: 'map'; values: DtsType };

/** One interface property. */
export interface DtsField {
  name: string;
  optional: boolean;
  doc?: string;
  type: DtsType;
}

/** One interface (or type alias, with no fields and `alias` set). */
export interface DtsDecl {
  name: string;
  doc?: string;
  fields: DtsField[];
  alias?: DtsType;
}

/** One module: its declarations and where each imported name comes from (module path, `../meta/v1`). */
export interface DtsModule {
  imports: Map<string, string>;
  decls: DtsDecl[];
}

/** Parses a type expression (`Array<Container>`, `{[name: string]: Quantity}`, `number | string`). */
export function parseType(src: string): DtsType {
  const t = src.trim();
  if (t === 'string' || t === 'number' || t === 'boolean') return { kind: t };
  if (t === 'number | string' || t === 'string | number') return { kind: 'intOrString' };
  if (t.startsWith('"') && t.endsWith('"')) return { kind: 'literal', value: JSON.parse(t) as string };
  if (t.startsWith('Array<') && t.endsWith('>')) return { kind: 'array', items: parseType(t.slice(6, -1)) };
  if (t.endsWith('[]')) return { kind: 'array', items: parseType(t.slice(0, -2)) };
  const map = /^\{\s*\[\w+: string\]: (.+?);?\s*\}$/s.exec(t);
  if (map) return { kind: 'map', values: parseType(map[1]) };
  if (/^\w+$/.test(t)) return { kind: 'ref', name: t };
  throw new Error(`unsupported type expression: ${t}`);
}

/** Joins the lines of a `/** ... *\/` comment into its text, keeping paragraph breaks. */
function docText(lines: string[]): string {
  const body = lines
    .join('\n')
    .replace(/^\s*\/\*\*\s?/, '')
    .replace(/\s*\*\/\s*$/, '');
  return body
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** Reads a doc comment starting at line i; returns its text and the index after it. */
function readDoc(lines: string[], i: number): [string, number] {
  const start = i;
  while (!lines[i].includes('*/')) i++;
  return [docText(lines.slice(start, i + 1)), i + 1];
}

/** Reads a field declaration starting at line i (a map type spans several lines). */
function readField(lines: string[], i: number, doc: string | undefined): [DtsField, number] {
  const head = /^\s+(?:readonly\s+)?(\w+|"[^"]+")(\?)?:\s*(.*)$/.exec(lines[i]);
  if (!head) throw new Error(`unparsed field line ${i + 1}: ${lines[i]}`);
  let typeSrc = head[3];
  let depth = (typeSrc.match(/\{/g) ?? []).length - (typeSrc.match(/\}/g) ?? []).length;
  while (depth > 0) {
    i++;
    typeSrc += ' ' + lines[i].trim();
    depth += (lines[i].match(/\{/g) ?? []).length - (lines[i].match(/\}/g) ?? []).length;
  }
  typeSrc = typeSrc.replace(/;\s*$/, '');
  const name = head[1].startsWith('"') ? (JSON.parse(head[1]) as string) : head[1];
  return [{ name, optional: head[2] === '?', doc, type: parseType(typeSrc) }, i + 1];
}

function readInterface(lines: string[], i: number, name: string, doc: string | undefined): [DtsDecl, number] {
  const decl: DtsDecl = { name, doc, fields: [] };
  let fieldDoc: string | undefined;
  while (lines[i] !== '}') {
    const line = lines[i];
    if (line.trim().startsWith('/**')) {
      [fieldDoc, i] = readDoc(lines, i);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    let field: DtsField;
    [field, i] = readField(lines, i, fieldDoc);
    decl.fields.push(field);
    fieldDoc = undefined;
  }
  return [decl, i + 1];
}

/** Parses one d.ts file of kubernetes-types. */
export function parseDtsModule(text: string): DtsModule {
  const lines = text.split('\n');
  const mod: DtsModule = { imports: new Map(), decls: [] };
  let doc: string | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const imp = /^import \{ (.+) \} from "(.+)";$/.exec(line);
    const iface = /^export interface (\w+) \{(\})?$/.exec(line);
    const alias = /^export type (\w+) = (.+);$/.exec(line);
    if (imp) {
      for (const n of imp[1].split(',')) mod.imports.set(n.trim(), imp[2]);
      i++;
    } else if (line.startsWith('/**')) {
      [doc, i] = readDoc(lines, i);
    } else if (iface && iface[2]) {
      mod.decls.push({ name: iface[1], doc, fields: [] });
      doc = undefined;
      i++;
    } else if (iface) {
      let decl: DtsDecl;
      [decl, i] = readInterface(lines, i + 1, iface[1], doc);
      mod.decls.push(decl);
      doc = undefined;
    } else if (alias) {
      mod.decls.push({ name: alias[1], doc, fields: [], alias: parseType(alias[2]) });
      doc = undefined;
      i++;
    } else {
      if (line.trim() !== '') throw new Error(`unparsed line ${i + 1}: ${line}`);
      i++;
    }
  }
  return mod;
}
