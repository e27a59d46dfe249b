/**
 * The run's rules, against a small fake cluster: predictions only before acting, the next step only
 * after the check passed, the answer read from the cluster when the check first passes, and
 * request-as and delete-pod performed as kubectl would.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import type { ApiRequest, ApiResult } from '../apiserver/types';
import type { ScriptAction } from '../cluster/script-actions';
import type { Lesson } from './lesson';
import { LessonRun, type LessonHost } from './lesson-run';
import { observationText } from './observation-text';

const t = (s: string) => ({ en: s, 'zh-CN': s });

function pod(name: string, nodeName?: string, ready = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: nodeName ? { nodeName } : {},
    status: { phase: ready ? 'Running' : 'Pending', conditions: ready ? [{ type: 'Ready', status: 'True' }] : [] },
  };
}

class FakeCluster implements LessonHost {
  pods: KubeObject[] = [];
  requests: ApiRequest[] = [];
  performed: ScriptAction[] = [];
  async request(req: ApiRequest): Promise<ApiResult> {
    this.requests.push(req);
    if (req.headers?.['impersonate-user']) return { kind: 'response', status: 403, headers: {}, body: { kind: 'Status', message: 'pods is forbidden' } };
    return { kind: 'response', status: 200, headers: {}, body: { items: this.pods } };
  }
  async perform(a: ScriptAction) {
    this.performed.push(a);
    if (a.type === 'delete') this.pods = this.pods.filter((p) => p.metadata.name !== a.name);
    return { ok: true, text: `${a.type} done` };
  }
  async sendTraffic(): Promise<never> {
    throw new Error('no traffic here');
  }
}

const lesson: Lesson = {
  version: 1,
  id: 'fake',
  title: t('Fake'),
  summary: t('Fake'),
  scenario: { version: 1, seed: 1 },
  steps: [
    {
      title: t('Predict the node'),
      text: t('...'),
      predict: { question: t('where?'), choices: [{ value: 'worker-1', text: t('1') }, { value: 'worker-2', text: t('2') }], answer: { type: 'pod-node', selector: 'app=web' } },
      actions: [{ type: 'delete-pod', selector: 'app=web' }],
      check: { type: 'pods', selector: 'app=web', where: { ready: true }, count: 1 },
    },
    {
      title: t('Be refused'),
      text: t('...'),
      actions: [{ type: 'request-as', user: 'jane', groups: ['dev', 'qa'], method: 'GET', path: '/api/v1/pods' }],
      check: { type: 'response', code: 403 },
    },
  ],
};

describe('LessonRun', () => {
  it('takes a prediction before the action only, and opens the next step only after the check passed', async () => {
    const cluster = new FakeCluster();
    cluster.pods = [pod('web-b', 'worker-2', true), pod('web-a', 'worker-1', true)];
    const run = new LessonRun(lesson, cluster);
    expect(() => run.predict('worker-3')).toThrow('"worker-3" is not one of the choices');
    run.predict('worker-1');
    const outcome = await run.act();
    // delete-pod deletes the first pod by name.
    expect(cluster.performed).toEqual([{ type: 'delete', apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-a' }]);
    expect(outcome).toEqual({ ok: true, text: 'delete done' });
    expect(() => run.predict('worker-2')).toThrow('before the action');
    cluster.pods = [pod('web-b', 'worker-2', false)];
    expect((await run.check()).passed).toBe(false);
    expect(run.next()).toBe(false);
    cluster.pods = [pod('web-b', 'worker-2', true)];
    const passed = await run.check();
    expect(passed.passed).toBe(true);
    expect(observationText(passed.observed, 'en')).toBe('1 of 1 Pods as described (1 matching, on 1 node(s))');
    expect(run.state).toMatchObject({ predicted: 'worker-1', answer: 'worker-2' });
    expect(run.next()).toBe(true);
    expect(run.stepIndex).toBe(1);
  });

  it('makes a request as another user with impersonation headers, and checks its status code', async () => {
    const cluster = new FakeCluster();
    const run = new LessonRun({ ...lesson, steps: [lesson.steps[1]] }, cluster);
    expect(observationText((await run.check()).observed, 'zh-CN')).toBe('尚未发出请求');
    const outcome = await run.act();
    expect(outcome).toEqual({ ok: false, text: 'Error from server (403): pods is forbidden' });
    expect(cluster.requests[0].headers).toMatchObject({ 'impersonate-user': 'jane', 'impersonate-group': 'dev,qa' });
    expect((await run.check()).passed).toBe(true);
    expect(run.finished).toBe(true);
    expect(run.next()).toBe(false);
  });
});

describe('observation texts', () => {
  it('exist in both languages with the same keys and placeholders', async () => {
    const { OBSERVATION_TEMPLATES } = await import('./observation-text');
    const en = OBSERVATION_TEMPLATES.en;
    const zh = OBSERVATION_TEMPLATES['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(en)) expect(holes(zh[k]), k).toEqual(holes(en[k]));
  });
});
