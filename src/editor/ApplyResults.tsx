/** Per-document results of apply / delete, as kubectl prints them; a failed one reveals its line. */
import type { ApplyResult } from '../../workers/kubectl/apply';
import { useT } from '../i18n/i18n';

/** The results themselves are kubectl's words (`deployment.apps/web created`): they stay as kubectl prints them. */
export function ApplyResults({ results, onReveal }: { results: readonly ApplyResult[]; onReveal(line: number): void }) {
  const t = useT();
  return (
    <ul className="results" data-testid="apply-results" aria-live="polite">
      {results.map((r, i) => (
        <li key={i} className={r.ok ? 'ok' : 'error'}>
          {r.document >= 0 && (
            <button type="button" className="where" onClick={() => onReveal(r.line)} title={t('results.reveal')}>
              {t('results.where', { document: r.document + 1, line: r.line })}
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
