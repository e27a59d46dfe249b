/**
 * The banner for a scenario that could not be used (a hostile or broken link, a bad file): what was
 * attempted, what is wrong and where (field path, line and column). Everything in it is plain text:
 * a link's content is never rendered as HTML.
 */
import type { ScenarioProblem } from '../../workers/cluster/protocol';
import { useT } from '../i18n/i18n';
import { useScenarioStore } from './scenario-store';
import './scenarios.css';

/** The most causes listed; the message already counts the rest. */
const MAX_LISTED = 5;

type Translate = ReturnType<typeof useT>;

/** Where a problem is, in words: `at script[2].action.node, line 3, column 5, in YAML document 2`. */
export function problemPlace(p: ScenarioProblem, t: Translate): string {
  const parts: string[] = [];
  if (p.path) parts.push(t('scenario.place.at', { path: p.path }));
  if (p.line !== undefined) parts.push(p.column !== undefined ? t('scenario.place.lineColumn', { line: p.line, column: p.column }) : t('scenario.place.line', { line: p.line }));
  if (p.document !== undefined) parts.push(t('scenario.place.document', { n: p.document + 1 }));
  return parts.join(t('scenario.place.separator'));
}

const REASONS = ['BadLink', 'BadBase64', 'BadCompression', 'TooLarge', 'BadJSON', 'ForbiddenKey', 'BadYAML', 'Invalid', 'StepFailed'] as const;

/** A short name for the kind of problem, for the banner's first words. */
export function reasonLabel(reason: string, t: Translate): string {
  const known = (REASONS as readonly string[]).includes(reason);
  return t(known ? (`scenario.reason.${reason as (typeof REASONS)[number]}` as const) : 'scenario.reason.other');
}

export function ScenarioBanner() {
  const t = useT();
  const notice = useScenarioStore((s) => s.notice);
  const dismiss = useScenarioStore((s) => s.dismiss);
  if (!notice) return null;
  const { problem } = notice;
  const place = problemPlace(problem, t);
  const others = problem.causes.filter((c) => c.message !== problem.message).slice(0, MAX_LISTED);
  return (
    <div className="scenario-banner" role="alert" data-testid="scenario-banner" data-reason={problem.reason}>
      <div className="scenario-banner-text">
        <strong>{t(notice.title.key, notice.title.params)}</strong>
        <p>
          <span className="scenario-reason">{t('scenario.reasonColon', { reason: reasonLabel(problem.reason, t) })}</span> {problem.message}
          {place && <span className="scenario-place">{t('scenario.placeWrap', { place })}</span>}
        </p>
        {others.length > 0 && (
          <ul>
            {others.map((c, i) => (
              <li key={i}>{c.message}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" onClick={dismiss} aria-label={t('common.dismiss')}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
