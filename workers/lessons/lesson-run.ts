/**
 * One learner's way through a lesson: the current step, what its action returned, the learner's
 * predictions and the simulation's answers. The host (the cluster worker, or a test) owns the
 * simulation; the run only asks it questions and performs the step's action through it.
 */
import { matchesLabels, parseLabelSelector } from '../api/selectors';
import type { KubeObject } from '../api/types';
import type { ApiRequest, ApiResult } from '../apiserver/types';
import type { ActionOutcome, ScriptAction } from '../cluster/script-actions';
import { objectPath } from '../kubectl/paths';
import type { TrafficClient } from '../cluster/simulation';
import type { RequestResult } from '../node/proxy/traffic';
import { evaluateCheck, type CheckResult } from './checks';
import { readField } from './field-path';
import type { Lesson, LessonStep, Probe, StepAction } from './lesson';

/** What a run needs of the cluster. */
export interface LessonHost {
  /** An API request as the cluster admin (kubectl's user); impersonation headers act as another. */
  request(req: ApiRequest): Promise<ApiResult>;
  perform(action: ScriptAction): Promise<ActionOutcome>;
  sendTraffic(from: TrafficClient, target: string): Promise<RequestResult>;
}

/** A step's state as the UI shows it. */
export interface StepState {
  index: number;
  /** The learner's choice, once made. */
  predicted?: string;
  /** The simulation's answer, read when the check first passed. */
  answer?: string;
  acted: boolean;
  outcome?: ActionOutcome;
  result?: CheckResult;
}

export class LessonRun {
  private current = 0;
  private readonly states: StepState[];
  private lastResponseCode?: number;
  private trafficPods: string[] = [];

  constructor(
    readonly lesson: Lesson,
    private readonly host: LessonHost,
  ) {
    this.states = lesson.steps.map((_, index) => ({ index, acted: false }));
  }

  get stepIndex(): number {
    return this.current;
  }

  get step(): LessonStep {
    return this.lesson.steps[this.current];
  }

  get state(): StepState {
    return this.states[this.current];
  }

  /** True once the last step's check has passed. */
  get finished(): boolean {
    const last = this.states[this.states.length - 1];
    return this.current === this.states.length - 1 && last.result?.passed === true;
  }

  /** Records the learner's prediction; only before the step's action, and only once. */
  predict(value: string): void {
    const p = this.step.predict;
    if (!p) throw new Error(`step ${this.current + 1} asks for no prediction`);
    if (this.state.acted) throw new Error('the prediction must be made before the action');
    if (!p.choices.some((c) => c.value === value)) throw new Error(`"${value}" is not one of the choices`);
    this.state.predicted ??= value;
  }

  /**
   * Performs the step's actions in order, stopping at the first that fails (the learner may also act
   * by hand: only the check counts).
   */
  async act(): Promise<ActionOutcome> {
    const actions = this.step.actions ?? [];
    if (actions.length === 0) throw new Error(`step ${this.current + 1} has no action`);
    const texts: string[] = [];
    let ok = true;
    for (const action of actions) {
      const outcome = await this.perform(action);
      texts.push(outcome.text);
      if (!outcome.ok) {
        ok = false;
        break;
      }
    }
    const outcome = { ok, text: texts.join('\n') };
    this.state.acted = true;
    this.state.outcome = outcome;
    return outcome;
  }

  private async perform(action: StepAction): Promise<ActionOutcome> {
    if (action.type === 'request-as') {
      const headers: Record<string, string> = { 'impersonate-user': action.user, accept: 'application/json' };
      if (action.groups?.length) headers['impersonate-group'] = action.groups.join(',');
      if (action.body !== undefined) headers['content-type'] = 'application/json';
      const res = await this.host.request({ method: action.method, path: action.path, headers, body: action.body });
      const code = res.kind === 'response' ? res.status : 200;
      this.lastResponseCode = code;
      const message = res.kind === 'response' ? (res.body as { message?: string } | undefined)?.message : undefined;
      return { ok: code < 300, text: code < 300 ? `${action.method} ${action.path}: ${code}` : `Error from server (${code}): ${message ?? ''}` };
    }
    if (action.type === 'delete-pod') return this.deleteOnePod(action.namespace ?? 'default', action.selector);
    if (action.type === 'traffic') {
      const answered: string[] = [];
      let last: RequestResult | undefined;
      for (let i = 0; i < action.requests; i++) {
        const from: TrafficClient =
          action.fromPod !== undefined ? { pod: { namespace: 'default', name: action.fromPod } } : action.fromExternal !== undefined ? { external: { ip: action.fromExternal } } : { node: action.fromNode ?? '' };
        const r = await this.host.sendTraffic(from, action.target);
        last = r;
        if (r.outcome === 'connected' && r.endpoint?.pod) answered.push(`${r.endpoint.pod.namespace}/${r.endpoint.pod.name}`);
      }
      this.trafficPods = answered;
      const summary = `${answered.length} of ${action.requests} requests answered by ${new Set(answered).size} pods`;
      return { ok: answered.length > 0, text: answered.length > 0 ? summary : `${summary}: ${last?.message ?? ''}` };
    }
    return this.host.perform(action);
  }

  /** Evaluates the step's check now; the first pass also reads the prediction's answer. */
  async check(): Promise<CheckResult> {
    const ctx = { request: (req: ApiRequest) => this.host.request(req), lastResponseCode: this.lastResponseCode, trafficPods: this.trafficPods };
    const result = await evaluateCheck(ctx, this.step.check);
    const state = this.state;
    if (result.passed && state.result?.passed !== true && this.step.predict) state.answer = await this.probe(this.step.predict.answer);
    state.result = result.passed || state.result?.passed !== true ? result : state.result;
    return result;
  }

  /** Moves to the next step once this one's check has passed; false when it has not (or none is left). */
  next(): boolean {
    if (this.state.result?.passed !== true || this.current === this.states.length - 1) return false;
    this.current++;
    this.lastResponseCode = undefined;
    this.trafficPods = [];
    return true;
  }

  /** Every step's state, for the UI. */
  steps(): readonly StepState[] {
    return this.states;
  }

  /** Live pods a selector matches, by name. */
  private async podsMatching(namespace: string, selector: string): Promise<KubeObject[]> {
    const res = await this.host.request({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` });
    if (res.kind !== 'response' || res.status !== 200) return [];
    const sel = parseLabelSelector(selector);
    return ((res.body as { items?: KubeObject[] }).items ?? [])
      .filter((o) => !o.metadata.deletionTimestamp && matchesLabels(sel, o.metadata.labels))
      .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  }

  private async deleteOnePod(namespace: string, selector: string): Promise<ActionOutcome> {
    const [pod] = await this.podsMatching(namespace, selector);
    if (!pod) return { ok: false, text: `No resources found in ${namespace} namespace.` };
    return this.host.perform({ type: 'delete', apiVersion: 'v1', kind: 'Pod', namespace, name: pod.metadata.name ?? '' });
  }

  private async probe(p: Probe): Promise<string | undefined> {
    if (p.type === 'pod-node') {
      const [pod] = await this.podsMatching(p.namespace ?? 'default', p.selector);
      return pod ? (((pod.spec ?? {}) as { nodeName?: string }).nodeName ?? '') : undefined;
    }
    const target = objectPath(p);
    if (!target) return undefined;
    const res = await this.host.request({ method: 'GET', path: target.path });
    if (res.kind !== 'response' || res.status !== 200) return undefined;
    const v = readField(res.body, p.field);
    return v === undefined ? undefined : String(v);
  }
}
