/**
 * A lesson as the cluster worker hosts it for the page: the run on the live simulation, re-checked
 * as time passes, and a plain-data view of it (every text in both languages) to post to the page.
 */
import type { Simulation } from '../cluster/simulation';
import type { ActionOutcome } from '../cluster/script-actions';
import { builtInLessons } from './catalog';
import type { Lesson, LocalizedText, StepAction } from './lesson';
import { LessonRun } from './lesson-run';
import { observationText } from './observation-text';
import { simulationLessonHost } from './simulation-host';

/** A lesson in the Lessons menu. */
export interface LessonSummary {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  steps: number;
}

/** One step as the page shows it. */
export interface LessonStepView {
  title: LocalizedText;
  text: LocalizedText;
  hint?: LocalizedText;
  /** What "Do it" will do, one line per action (kubectl-like). */
  actions: string[];
  predict?: { question: LocalizedText; choices: { value: string; text: LocalizedText }[] };
  predicted?: string;
  answer?: string;
  acted: boolean;
  outcome?: ActionOutcome;
  passed: boolean;
  /** What the last check saw, in both languages. */
  observed?: LocalizedText;
}

/** The whole lesson as the page shows it. */
export interface LessonView {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  current: number;
  finished: boolean;
  steps: LessonStepView[];
}

/** The shipped lessons for the menu. */
export function lessonSummaries(): LessonSummary[] {
  return builtInLessons().map((l) => ({ id: l.id, title: l.title, summary: l.summary, steps: l.steps.length }));
}

/** A step action in kubectl's words, for the "Do it" button's explanation. */
export function describeAction(a: StepAction): string {
  switch (a.type) {
    case 'apply':
      return 'kubectl apply -f -';
    case 'delete':
      return `kubectl delete ${a.kind.toLowerCase()} ${a.name}${a.namespace && a.namespace !== 'default' ? ` -n ${a.namespace}` : ''}`;
    case 'scale':
      return `kubectl scale ${a.kind.toLowerCase()}/${a.name} --replicas=${a.replicas}`;
    case 'delete-pod':
      return `kubectl delete pod <first pod with ${a.selector}>`;
    case 'request-as':
      return `kubectl --as=${a.user} (${a.method} ${a.path})`;
    case 'traffic':
      return `curl ${a.target} x${a.requests} from ${a.fromPod !== undefined ? `pod ${a.fromPod}` : a.fromExternal !== undefined ? a.fromExternal : `node ${a.fromNode}`}`;
    case 'stop-kubelet':
    case 'start-kubelet':
      return `systemctl ${a.type === 'stop-kubelet' ? 'stop' : 'start'} kubelet (on ${a.node})`;
    case 'stop-scheduler':
    case 'start-scheduler':
    case 'stop-controller-manager':
    case 'start-controller-manager':
      return `${a.type.startsWith('stop') ? 'stop' : 'start'} ${a.type.endsWith('scheduler') ? 'kube-scheduler' : 'kube-controller-manager'}`;
    default:
      return 'node' in a && typeof a.node === 'string' ? `${a.type} ${a.node}` : a.type;
  }
}

function both(o: { id: string; params?: Record<string, string | number> }): LocalizedText {
  return { en: observationText(o, 'en'), 'zh-CN': observationText(o, 'zh-CN') };
}

/** One learner's lesson on a running simulation. */
export class LessonSession {
  readonly run: LessonRun;
  private last = '';

  constructor(
    readonly lesson: Lesson,
    sim: Simulation,
  ) {
    this.run = new LessonRun(lesson, simulationLessonHost(sim));
  }

  predict(value: string): LessonView {
    this.run.predict(value);
    return this.view();
  }

  async act(): Promise<LessonView> {
    await this.run.act();
    await this.run.check();
    return this.view();
  }

  next(): LessonView {
    this.run.next();
    return this.view();
  }

  /** Checks the current step again; the view when anything the page shows changed, else undefined. */
  async refresh(): Promise<LessonView | undefined> {
    await this.run.check();
    const view = this.view();
    const key = JSON.stringify(view);
    if (key === this.last) return undefined;
    this.last = key;
    return view;
  }

  view(): LessonView {
    const states = this.run.steps();
    return {
      id: this.lesson.id,
      title: this.lesson.title,
      summary: this.lesson.summary,
      current: this.run.stepIndex,
      finished: this.run.finished,
      steps: this.lesson.steps.map((s, i) => {
        const st = states[i];
        const v: LessonStepView = { title: s.title, text: s.text, actions: (s.actions ?? []).map(describeAction), acted: st.acted, passed: st.result?.passed === true };
        if (s.hint) v.hint = s.hint;
        if (s.predict) v.predict = { question: s.predict.question, choices: s.predict.choices };
        if (st.predicted !== undefined) v.predicted = st.predicted;
        if (st.answer !== undefined) v.answer = st.answer;
        if (st.outcome) v.outcome = st.outcome;
        if (st.result) v.observed = both(st.result.observed);
        return v;
      }),
    };
  }
}
