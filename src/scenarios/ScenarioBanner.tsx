/**
 * The banner for a scenario that could not be used (a hostile or broken link, a bad file): what was
 * attempted, what is wrong and where (field path, line and column). Everything in it is plain text:
 * a link's content is never rendered as HTML.
 */
import type { ScenarioProblem } from '../../workers/cluster/protocol';
import { useScenarioStore } from './scenario-store';

/** The most causes listed; the message already counts the rest. */
const MAX_LISTED = 5;

/** Where a problem is, in words: `at script[2].action.node, line 3, column 5 (manifests, document 2)`. */
export function problemPlace(p: ScenarioProblem): string {
  const parts: string[] = [];
  if (p.path) parts.push(`at ${p.path}`);
  if (p.line !== undefined) parts.push(`line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}`);
  if (p.document !== undefined) parts.push(`in YAML document ${p.document + 1}`);
  return parts.join(', ');
}

/** A short name for the kind of problem, for the banner's first words. */
export function reasonLabel(reason: string): string {
  const labels: Record<string, string> = {
    BadLink: 'Not a share link',
    BadBase64: 'Damaged link',
    BadCompression: 'Damaged link',
    TooLarge: 'Too large',
    BadJSON: 'Not valid JSON',
    ForbiddenKey: 'Forbidden key',
    BadYAML: 'Bad YAML',
    Invalid: 'Invalid scenario',
    StepFailed: 'Step failed',
  };
  return labels[reason] ?? 'Problem';
}

export function ScenarioBanner() {
  const notice = useScenarioStore((s) => s.notice);
  const dismiss = useScenarioStore((s) => s.dismiss);
  if (!notice) return null;
  const { problem } = notice;
  const place = problemPlace(problem);
  const others = problem.causes.filter((c) => c.message !== problem.message).slice(0, MAX_LISTED);
  return (
    <div className="scenario-banner" role="alert" data-testid="scenario-banner" data-reason={problem.reason}>
      <div className="scenario-banner-text">
        <strong>{notice.title}</strong>
        <p>
          <span className="scenario-reason">{reasonLabel(problem.reason)}:</span> {problem.message}
          {place && <span className="scenario-place"> ({place})</span>}
        </p>
        {others.length > 0 && (
          <ul>
            {others.map((c, i) => (
              <li key={i}>{c.message}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" onClick={dismiss} aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  );
}
