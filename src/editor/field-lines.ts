/**
 * Maps an API field path (`spec.template.spec.containers[0].image`, `metadata.labels[app]`) to
 * where that field is written in a multi-document YAML text, so that a server's 422 causes land as
 * editor markers on the offending line. Missing fields (a Required error) point at their nearest
 * written parent.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';

/** One segment of a field path: a property name, a list index, or a map key (`[app]`). */
export type FieldSegment = string | number;

/** A 1-based range in the text, as Monaco markers take it. */
export interface TextRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Splits `a.b[0].c[app.kubernetes.io/name]` into `['a', 'b', 0, 'c', 'app.kubernetes.io/name']`. */
export function parseFieldPath(path: string): FieldSegment[] {
  const out: FieldSegment[] = [];
  let i = 0;
  let name = '';
  const flush = () => {
    if (name) out.push(name);
    name = '';
  };
  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '.') {
      flush();
      i++;
    } else if (ch === '[') {
      flush();
      const close = path.indexOf(']', i);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = close < 0 ? path.length : close + 1;
    } else {
      name += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** The document ranges of a multi-document text, by the index `parseAllDocuments` gives them. */
function documentsOf(text: string) {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter, keepSourceTokens: false });
  return { docs: Array.isArray(docs) ? docs : [], lineCounter };
}

/** Where `path` is written in document `index` of `text`, or the nearest written ancestor. */
export function locateField(text: string, index: number, path: string): TextRange | undefined {
  const { docs, lineCounter } = documentsOf(text);
  const doc = docs[index];
  if (!doc) return undefined;
  const rangeOf = (start: number, end: number): TextRange => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(Math.max(start, end));
    // Markers stay on one line: a value spanning lines (a block scalar) ends at its key's line end.
    const lineStart = start - (a.col - 1);
    const newline = text.indexOf('\n', start);
    const endCol = b.line === a.line ? b.col : (newline < 0 ? text.length : newline) - lineStart + 1;
    return { startLine: a.line, startColumn: a.col, endLine: a.line, endColumn: Math.max(endCol, a.col + 1) };
  };
  const contents = doc.contents as YamlNode | null;
  const docStart = contents?.range?.[0] ?? doc.range[0];
  let best: TextRange = rangeOf(docStart, docStart + 1);
  let node: unknown = contents;
  for (const seg of parseFieldPath(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair || !isScalar(pair.key) || !pair.key.range) return best;
      const value = pair.value as YamlNode | null;
      const end = value && isScalar(value) && value.range ? value.range[1] : pair.key.range[1];
      best = rangeOf(pair.key.range[0], end);
      node = value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item?.range) return best;
      best = rangeOf(item.range[0], isScalar(item) ? item.range[1] : item.range[0] + 1);
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

/** The 1-based first line of each document's content (for errors without a field). */
export function documentStartLine(text: string, index: number): number | undefined {
  const { docs, lineCounter } = documentsOf(text);
  const doc = docs[index];
  if (!doc) return undefined;
  const contents = doc.contents as YamlNode | null;
  return lineCounter.linePos(contents?.range?.[0] ?? doc.range[0]).line;
}
