/** Per-document results of apply / delete, as kubectl prints them; a failed one reveals its line. */
import type { ApplyResult } from '../../workers/kubectl/apply';

export function ApplyResults({ results, onReveal }: { results: readonly ApplyResult[]; onReveal(line: number): void }) {
  return (
    <ul className="results" data-testid="apply-results" aria-live="polite">
      {results.map((r, i) => (
        <li key={i} className={r.ok ? 'ok' : 'error'}>
          {r.document >= 0 && (
            <button type="button" className="where" onClick={() => onReveal(r.line)} title="Show in the editor">
              doc {r.document + 1}, line {r.line}
              {r.column ? `:${r.column}` : ''}
            </button>
          )}
          <pre>{r.text}</pre>
          {r.status?.details?.causes?.length ? (
            <ul className="causes">
              {r.status.details.causes.map((c, j) => (
                <li key={j}>
                  <code>{c.field}</code>: {c.message}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
