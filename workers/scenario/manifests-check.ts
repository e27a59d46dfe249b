/**
 * Checks a scenario's manifests (multi-document YAML) the way `kubectl apply -f` would read them,
 * and more strictly: scenarios travel in share links, so YAML aliases are refused outright (no alias
 * bomb can be expanded from a link) and every YAML error is reported with its document, line and
 * column inside the string. Whether the objects are valid is the apiserver's call, at apply time.
 */
import { isAlias, LineCounter, parseAllDocuments, visit } from 'yaml';
import { parseManifests } from '../api/yaml';
import type { FieldChecker } from './field-checks';

/** At most this many YAML problems are reported per manifests string. */
const MAX_YAML_PROBLEMS = 10;

interface YamlProblem {
  message: string;
  line: number;
  column: number;
  document: number;
}

// The first alias of each document, if any (anchors alone are harmless).
function aliasProblems(text: string): YamlProblem[] {
  // Every alias starts with '*'; most manifests have none, and then the extra parse is skipped.
  if (!text.includes('*')) return [];
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lc });
  const out: YamlProblem[] = [];
  (Array.isArray(docs) ? docs : []).forEach((doc, document) => {
    visit(doc, (_key, node) => {
      if (!isAlias(node)) return undefined;
      const pos = lc.linePos(node.range?.[0] ?? 0);
      out.push({ message: `YAML aliases (*${node.source}) are not allowed in scenarios`, line: pos.line, column: pos.col, document });
      return visit.BREAK;
    });
  });
  return out;
}

/** Records each YAML problem of `text` under `path`; true when there was none. */
export function checkManifests(c: FieldChecker, text: string, path: string): boolean {
  let problems = aliasProblems(text);
  if (problems.length === 0) problems = parseManifests(text).errors;
  for (const p of problems.slice(0, MAX_YAML_PROBLEMS)) {
    const where = `document ${p.document + 1}, line ${p.line}, column ${p.column}`;
    c.add(path, `Invalid value: YAML (${where}): ${p.message}`, 'BadYAML', { line: p.line, column: p.column, document: p.document });
  }
  return problems.length === 0;
}
