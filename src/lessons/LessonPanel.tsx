/**
 * The Lessons panel: pick a lesson, read each step, predict when asked, "Do it" (or act by hand),
 * and move on once the live cluster shows the step's check holds. Texts come from the lesson (both
 * languages) and src/i18n; nothing from a lesson is rendered as HTML.
 */
import { useEffect, useState } from 'react';
import type { LessonStepView, LessonSummary, LessonView } from '../../workers/lessons/lesson-session';
import { useLocalized, useT } from '../i18n/i18n';
import { useLessonStore } from './lesson-store';
import './lessons.css';

/** What the panel needs of the cluster worker. */
export interface LessonApi {
  lessons(): Promise<LessonSummary[]>;
  startLesson(id: string): Promise<LessonView>;
  lessonPredict(value: string): Promise<LessonView>;
  lessonAct(): Promise<LessonView>;
  lessonNext(): Promise<LessonView>;
  stopLesson(): Promise<void>;
  /** The lesson's link fragment (`#lesson=<id>` or `#l=...`). */
  lessonLink(): Promise<string | undefined>;
}

/** "Share lesson": the link on the clipboard and in a field to copy by hand (the clipboard may be refused). */
function ShareLesson({ api }: { api: LessonApi }) {
  const t = useT();
  const [link, setLink] = useState<string>();
  const share = async () => {
    const fragment = await api.lessonLink();
    if (!fragment) return;
    const url = `${location.origin}${location.pathname}${location.search}${fragment}`;
    setLink(url);
    await navigator.clipboard?.writeText(url).catch(() => undefined);
  };
  return (
    <span className="lesson-share">
      <button type="button" className="link" onClick={() => void share()} data-testid="lesson-share">
        {t('lessons.share')}
      </button>
      {link && <input readOnly value={link} aria-label={t('lessons.linkCopied')} onFocus={(e) => e.currentTarget.select()} data-testid="lesson-link" />}
    </span>
  );
}

function LessonList({ api, onError }: { api: LessonApi; onError: (m: string) => void }) {
  const t = useT();
  const local = useLocalized();
  const setView = useLessonStore((s) => s.setView);
  const [lessons, setLessons] = useState<LessonSummary[]>([]);
  const [starting, setStarting] = useState<string>();
  useEffect(() => {
    void api.lessons().then(setLessons, (e: Error) => onError(e.message));
  }, [api, onError]);
  const start = async (id: string) => {
    setStarting(id);
    try {
      setView(await api.startLesson(id));
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setStarting(undefined);
    }
  };
  return (
    <div className="lesson-list" data-testid="lesson-list">
      <p className="muted">{t('lessons.choose')}</p>
      <ol>
        {lessons.map((l) => (
          <li key={l.id} data-lesson={l.id}>
            <div className="lesson-list-head">
              <strong>{local(l.title)}</strong>
              <span className="muted">{t('lessons.steps', { count: l.steps })}</span>
            </div>
            <p>{local(l.summary)}</p>
            <button type="button" disabled={starting !== undefined} onClick={() => void start(l.id)}>
              {starting === l.id ? t('lessons.starting') : t('lessons.start')}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Prediction({ step, api, onError }: { step: LessonStepView; api: LessonApi; onError: (m: string) => void }) {
  const t = useT();
  const local = useLocalized();
  const setView = useLessonStore((s) => s.setView);
  const p = step.predict!;
  const choiceText = (value: string | undefined) => {
    const c = p.choices.find((x) => x.value === value);
    return c ? local(c.text) : value ? value : t('lessons.none');
  };
  return (
    <div className="lesson-predict" data-testid="lesson-predict">
      <strong>{t('lessons.predict')}</strong>
      <p>{local(p.question)}</p>
      <div className="lesson-choices" role="radiogroup" aria-label={local(p.question)}>
        {p.choices.map((c) => (
          <button
            key={c.value}
            type="button"
            role="radio"
            aria-checked={step.predicted === c.value}
            disabled={step.predicted !== undefined}
            onClick={() => void api.lessonPredict(c.value).then(setView, (e: Error) => onError(e.message))}
          >
            {local(c.text)}
          </button>
        ))}
      </div>
      {step.predicted !== undefined && <p>{t('lessons.predicted', { choice: choiceText(step.predicted) })}</p>}
      {step.answer !== undefined && (
        <p data-testid="lesson-answer">
          {t('lessons.answer', { answer: choiceText(step.answer) })} {step.answer === step.predicted ? t('lessons.right') : t('lessons.wrong')}
        </p>
      )}
    </div>
  );
}

function StepCard({ view, api, onError }: { view: LessonView; api: LessonApi; onError: (m: string) => void }) {
  const t = useT();
  const local = useLocalized();
  const setView = useLessonStore((s) => s.setView);
  const [busy, setBusy] = useState(false);
  const [showHint, setShowHint] = useState(false);
  const step = view.steps[view.current];
  const mustPredict = step.predict !== undefined && step.predicted === undefined;
  const act = async () => {
    setBusy(true);
    try {
      setView(await api.lessonAct());
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="lesson-step" data-testid="lesson-step" data-step={view.current + 1}>
      <div className="muted">{t('lessons.step', { n: view.current + 1, total: view.steps.length })}</div>
      <h3>{local(step.title)}</h3>
      <p className="lesson-text">{local(step.text)}</p>
      {step.predict && <Prediction step={step} api={api} onError={onError} />}
      {step.actions.length > 0 && (
        <div className="lesson-actions">
          <span className="muted">{t('lessons.willDo')}</span>
          <ul>
            {step.actions.map((a, i) => (
              <li key={i}>
                <code>{a}</code>
              </li>
            ))}
          </ul>
          <button type="button" className="primary" disabled={busy || mustPredict} title={mustPredict ? t('lessons.predictFirst') : undefined} onClick={() => void act()} data-testid="lesson-do">
            {busy ? t('lessons.doing') : t('lessons.doIt')}
          </button>
          {step.outcome && <pre className={step.outcome.ok ? 'lesson-outcome' : 'lesson-outcome err'}>{step.outcome.text}</pre>}
        </div>
      )}
      {step.hint && (
        <p>
          <button type="button" className="link" onClick={() => setShowHint(!showHint)}>
            {t('lessons.hint')}
          </button>
          {showHint && <span className="lesson-hint">{local(step.hint)}</span>}
        </p>
      )}
      <div className={step.passed ? 'lesson-check passed' : 'lesson-check'} data-testid="lesson-check" aria-live="polite">
        <span>{step.passed ? t('lessons.passed') : t('lessons.waiting')}</span>
        {step.observed && <span className="muted">{t('lessons.observed', { observed: local(step.observed) })}</span>}
      </div>
      {view.finished ? (
        <p className="lesson-finished" data-testid="lesson-finished">
          {t('lessons.finished')}
        </p>
      ) : (
        <button type="button" className="primary" disabled={!step.passed} onClick={() => void api.lessonNext().then(setView, (e: Error) => onError(e.message))} data-testid="lesson-next">
          {t('lessons.next')}
        </button>
      )}
    </section>
  );
}

/** The Lessons tab. */
export function LessonPanel({ api }: { api: LessonApi }) {
  const t = useT();
  const local = useLocalized();
  const view = useLessonStore((s) => s.view);
  const setView = useLessonStore((s) => s.setView);
  const [error, setError] = useState<string>();
  return (
    <div className="lesson-panel" data-testid="lesson-panel">
      {error && (
        <div className="banner err" role="alert">
          {t('lessons.error', { message: error })}
        </div>
      )}
      {view ? (
        <>
          <div className="lesson-head">
            <button type="button" className="link" onClick={() => void api.stopLesson().then(() => setView(undefined))}>
              {t('lessons.back')}
            </button>
            <ShareLesson api={api} />
            <h2>{local(view.title)}</h2>
            <ol className="lesson-progress" aria-label={t('lessons.title')}>
              {view.steps.map((s, i) => (
                <li key={i} className={i === view.current ? 'current' : s.passed ? 'passed' : ''} title={local(s.title)} />
              ))}
            </ol>
          </div>
          <StepCard key={view.current} view={view} api={api} onError={setError} />
        </>
      ) : (
        <LessonList api={api} onError={setError} />
      )}
    </div>
  );
}
