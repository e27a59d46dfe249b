/** Turns apply (or delete) results into editor markers: 422 causes on their field's line, others on the document. */
import type { ApplyResult } from '../../workers/kubectl/apply';
import { documentStartLine, locateField, type TextRange } from './field-lines';

export interface ResultMarker extends TextRange {
  message: string;
  /** The result the marker belongs to (for the result list to reveal it). */
  result: number;
}

function lineRange(text: string, line: number, column = 1): TextRange {
  const lineText = text.split('\n')[line - 1] ?? '';
  return { startLine: line, startColumn: column, endLine: line, endColumn: Math.max(lineText.length + 1, column + 1) };
}

/** Markers for every failed result; YAML errors at their line and column. */
export function resultMarkers(text: string, results: readonly ApplyResult[]): ResultMarker[] {
  const out: ResultMarker[] = [];
  results.forEach((r, i) => {
    if (r.ok) return;
    const causes = (r.status?.details?.causes ?? []).filter((c) => c.field);
    if (causes.length && r.document >= 0) {
      for (const c of causes) {
        const range = locateField(text, r.document, c.field!) ?? lineRange(text, r.line);
        out.push({ ...range, message: `${c.field}: ${c.message ?? ''}`.trim(), result: i });
      }
      return;
    }
    if (r.document < 0) {
      out.push({ ...lineRange(text, r.line), message: r.text, result: i });
      return;
    }
    if (r.column) {
      out.push({ ...lineRange(text, r.line, r.column), message: r.text, result: i });
      return;
    }
    // 409, 403, 404, unknown kinds: the document's metadata.name line, where a reader looks first.
    const range = locateField(text, r.document, 'metadata.name') ?? lineRange(text, documentStartLine(text, r.document) ?? r.line);
    out.push({ ...range, message: r.status?.message ?? r.text, result: i });
  });
  return out;
}
