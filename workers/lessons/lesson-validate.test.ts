import { describe, expect, it } from 'vitest';
import { isScenarioError } from '../scenario';
import { LESSON_SOURCES } from './catalog';
import { parseLesson, validateLesson } from './lesson-validate';

const t = (s: string) => ({ en: s, 'zh-CN': s });

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    id: 'tiny',
    title: t('Tiny'),
    summary: t('A tiny lesson'),
    scenario: { version: 1, seed: 1 },
    steps: [{ title: t('One'), text: t('Do one thing'), check: { type: 'pods', selector: 'app=web', count: 1 } }],
    ...overrides,
  };
}

function problems(value: unknown): string[] {
  try {
    validateLesson(value);
  } catch (e) {
    if (isScenarioError(e)) return e.causes.map((c) => c.message);
    throw e;
  }
  return [];
}

describe('validateLesson', () => {
  it('accepts every shipped lesson, and a minimal one', () => {
    for (const l of LESSON_SOURCES) expect(problems(l)).toEqual([]);
    expect(validateLesson(minimal()).steps[0].check).toEqual({ type: 'pods', selector: 'app=web', count: 1 });
  });

  it('requires every text in both languages', () => {
    expect(problems(minimal({ title: { en: 'Only English' } }))).toEqual(['title.zh-CN: Required value']);
    expect(problems(minimal({ title: { en: 'x', 'zh-CN': 'y', fr: 'z' } }))).toEqual(['unknown field "title.fr"']);
  });

  it('names the path of every problem in steps, checks and actions', () => {
    const bad = minimal({
      id: 'Not A Label',
      steps: [
        { title: t('a'), text: t('b'), check: { type: 'pods', count: -1 } },
        { title: t('a'), text: t('b'), check: { type: 'teleport' } },
        { title: t('a'), text: t('b'), actions: [{ type: 'traffic', target: 'x:80', requests: 5 }], check: { type: 'traffic', distinctPods: 1 } },
        { title: t('a'), text: t('b'), predict: { question: t('q'), choices: [{ value: 'a', text: t('a') }], answer: { type: 'pod-node', selector: 'app in (' } }, check: { type: 'response', code: 200 } },
      ],
    });
    expect(problems(bad)).toEqual([
      'id: Invalid value: "Not A Label": must be a DNS label (lower-case letters, digits and "-")',
      'steps[0].check: Invalid value: exactly one of selector and name is required',
      'steps[0].check.count: Invalid value: -1: must be greater than or equal to 0',
      'steps[1].check.type: Unsupported value: "teleport": supported values: "pods", "objects", "node", "object", "event", "endpoints", "response", "traffic", "all"',
      'steps[2].actions[0]: Invalid value: exactly one of fromNode, fromPod and fromExternal is required',
      expect.stringMatching(/^steps\[3\]\.predict\.choices\[0\]|^steps\[3\]\.predict\.choices: Invalid value: at least 2 choices are required$/),
      expect.stringMatching(/^steps\[3\]\.predict\.answer\.selector: Invalid value: "app in \(": /),
      "steps[3].actions: Required value: a prediction is asked before the step's actions",
    ]);
  });

  it('re-paths the scenario validator\'s problems under scenario', () => {
    expect(problems(minimal({ scenario: { version: 1, seed: -1 } }))).toEqual(['scenario.seed: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('validates script actions with the scenario format', () => {
    const withAction = (action: unknown) => minimal({ steps: [{ title: t('a'), text: t('b'), actions: [action], check: { type: 'response', code: 200 } }] });
    expect(problems(withAction({ type: 'stop-kubelet', node: 'worker-1' }))).toEqual([]);
    expect(problems(withAction({ type: 'stop-kubelet' }))[0]).toMatch(/^steps\[0\]\.actions\[0\]\.node: Required value/);
  });

  it('refuses forbidden keys and bounds the text', () => {
    expect(() => parseLesson('{"version":1,"__proto__":{"x":1}}')).toThrow(/forbidden key "__proto__"/);
    expect(() => validateLesson(JSON.parse('{"version":1,"steps":[{"constructor":1}]}'))).toThrow('steps[0].constructor: forbidden key "constructor"');
    expect(() => parseLesson('x'.repeat(5 << 20))).toThrow(/more than/);
    expect(() => parseLesson('{"version": 1,\n  "id": }')).toThrow(/line 2/);
  });
});
