/**
 * Validates a lesson (a file, a share link: untrusted) into a clean copy with known fields only, or
 * throws a ScenarioError naming every problem with its path (`steps[2].check.count`). The scenario
 * part is checked by the scenario validator, its problems re-pathed under `scenario`.
 */
import { findUnsafeKey } from '../api/safe-keys';
import { parseLabelSelector } from '../api/selectors';
import { isScenarioError, MAX_SCENARIO_STRING_BYTES, MAX_SCENARIO_TEXT_BYTES, validateScenario, type Scenario } from '../scenario';
import { parseJsonText } from '../scenario/json-text';
import { scenarioError } from '../scenario/scenario-error';
import { child, FieldChecker, index, type JsonObject } from '../scenario/field-checks';
import { checkAction } from '../scenario/scenario-actions';
import type { ScriptAction } from '../cluster/script-actions';
import type { Check, PodCondition } from './checks';
import { parseFieldPath } from './field-path';
import { LANGUAGES, LESSON_VERSION, type Lesson, type LessonStep, MAX_STEP_ACTIONS, type LocalizedText, type Prediction, type Probe, type StepAction } from './lesson';

export const MAX_LESSON_STEPS = 50;
const MAX_TEXT_BYTES = 8 << 10;
const MAX_CHECK_DEPTH = 4;
const MAX_CHOICES = 8;
const MAX_TRAFFIC_REQUESTS = 1_000;
const ID_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function text(c: FieldChecker, v: unknown, path: string): LocalizedText | undefined {
  const o = c.object(v, path, LANGUAGES);
  if (!o) return undefined;
  const out = {} as LocalizedText;
  for (const lang of LANGUAGES) {
    const s = c.requiredString(o[lang], child(path, lang), MAX_TEXT_BYTES);
    if (s === undefined) return undefined;
    out[lang] = s;
  }
  return out;
}

function optionalString(c: FieldChecker, o: JsonObject, key: string, path: string): string | undefined {
  return o[key] === undefined ? undefined : c.string(o[key], child(path, key), 253);
}

function selector(c: FieldChecker, v: unknown, path: string): string | undefined {
  const s = c.requiredString(v, path, 1024);
  if (s === undefined) return undefined;
  try {
    parseLabelSelector(s);
    return s;
  } catch (e) {
    c.invalid(path, s, e instanceof Error ? e.message : 'not a label selector');
    return undefined;
  }
}

function fieldPath(c: FieldChecker, v: unknown, path: string): string | undefined {
  const s = c.requiredString(v, path, 512);
  if (s === undefined) return undefined;
  try {
    parseFieldPath(s);
    return s;
  } catch (e) {
    c.invalid(path, s, (e as Error).message);
    return undefined;
  }
}

function podCondition(c: FieldChecker, v: unknown, path: string): PodCondition | undefined {
  const o = c.object(v, path, ['ready', 'phase', 'reason', 'node', 'notNode', 'minRestarts']);
  if (!o) return undefined;
  const out: PodCondition = {};
  if (o.ready !== undefined) {
    if (typeof o.ready === 'boolean') out.ready = o.ready;
    else c.invalid(child(path, 'ready'), o.ready, 'must be a boolean');
  }
  for (const key of ['phase', 'reason', 'node', 'notNode'] as const) {
    const s = optionalString(c, o, key, path);
    if (s !== undefined) out[key] = s;
  }
  if (o.minRestarts !== undefined) out.minRestarts = c.integer(o.minRestarts, child(path, 'minRestarts'), 0, 1_000_000);
  return out;
}

const CHECK_FIELDS: Record<Check['type'], readonly string[]> = {
  pods: ['type', 'namespace', 'selector', 'name', 'where', 'count', 'total', 'nodes'],
  objects: ['type', 'apiVersion', 'kind', 'namespace', 'selector', 'count'],
  node: ['type', 'name', 'ready', 'unschedulable', 'taint'],
  object: ['type', 'apiVersion', 'kind', 'namespace', 'name', 'exists', 'field', 'equals', 'contains'],
  event: ['type', 'namespace', 'reason', 'objectKind', 'objectName', 'messageContains'],
  endpoints: ['type', 'namespace', 'service', 'ready'],
  response: ['type', 'code'],
  traffic: ['type', 'distinctPods'],
  all: ['type', 'checks'],
};

function checkOf(c: FieldChecker, v: unknown, path: string, depth = 0): Check | undefined {
  const type = (v as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in CHECK_FIELDS)) {
    c.unsupported(child(path, 'type'), type, Object.keys(CHECK_FIELDS));
    return undefined;
  }
  const o = c.object(v, path, CHECK_FIELDS[type as Check['type']]);
  if (!o) return undefined;
  const p = (k: string) => child(path, k);
  switch (type as Check['type']) {
    case 'pods': {
      if ((o.selector === undefined) === (o.name === undefined)) c.add(path, 'Invalid value: exactly one of selector and name is required');
      const out: Check = { type: 'pods', count: c.integer(o.count, p('count'), 0, 100_000) ?? 0 };
      if (o.namespace !== undefined) out.namespace = optionalString(c, o, 'namespace', path);
      if (o.selector !== undefined) out.selector = selector(c, o.selector, p('selector'));
      if (o.name !== undefined) out.name = optionalString(c, o, 'name', path);
      if (o.where !== undefined) out.where = podCondition(c, o.where, p('where'));
      if (o.total !== undefined) out.total = c.integer(o.total, p('total'), 0, 100_000);
      if (o.nodes !== undefined) out.nodes = c.integer(o.nodes, p('nodes'), 0, 10_000);
      return out;
    }
    case 'objects': {
      const out: Check = { type: 'objects', apiVersion: c.requiredString(o.apiVersion, p('apiVersion'), 253) ?? '', kind: c.requiredString(o.kind, p('kind'), 63) ?? '', count: c.integer(o.count, p('count'), 0, 100_000) ?? 0 };
      if (o.namespace !== undefined) out.namespace = optionalString(c, o, 'namespace', path);
      if (o.selector !== undefined) out.selector = selector(c, o.selector, p('selector'));
      return out;
    }
    case 'node': {
      const out: Check = { type: 'node', name: c.requiredString(o.name, p('name'), 253) ?? '' };
      for (const key of ['ready', 'unschedulable'] as const) {
        if (o[key] === undefined) continue;
        if (typeof o[key] === 'boolean') out[key] = o[key];
        else c.invalid(p(key), o[key], 'must be a boolean');
      }
      if (o.taint !== undefined) out.taint = optionalString(c, o, 'taint', path);
      return out;
    }
    case 'object': {
      const out: Check = { type: 'object', apiVersion: c.requiredString(o.apiVersion, p('apiVersion'), 253) ?? '', kind: c.requiredString(o.kind, p('kind'), 63) ?? '', name: c.requiredString(o.name, p('name'), 253) ?? '' };
      if (o.namespace !== undefined) out.namespace = optionalString(c, o, 'namespace', path);
      if (o.exists !== undefined) out.exists = o.exists === true;
      if (o.field !== undefined) out.field = fieldPath(c, o.field, p('field'));
      if (o.equals !== undefined) {
        if (['string', 'number', 'boolean'].includes(typeof o.equals)) out.equals = o.equals as string | number | boolean;
        else c.invalid(p('equals'), o.equals, 'must be a string, number or boolean');
      }
      if (o.contains !== undefined) out.contains = c.string(o.contains, p('contains'), 1024);
      return out;
    }
    case 'event': {
      const out: Check = { type: 'event', reason: c.requiredString(o.reason, p('reason'), 128) ?? '' };
      for (const key of ['namespace', 'objectKind', 'objectName', 'messageContains'] as const) {
        const s = optionalString(c, o, key, path);
        if (s !== undefined) out[key] = s;
      }
      return out;
    }
    case 'endpoints': {
      const out: Check = { type: 'endpoints', service: c.requiredString(o.service, p('service'), 63) ?? '', ready: c.integer(o.ready, p('ready'), 0, 100_000) ?? 0 };
      if (o.namespace !== undefined) out.namespace = optionalString(c, o, 'namespace', path);
      return out;
    }
    case 'response':
      return { type: 'response', code: c.integer(o.code, p('code'), 100, 599) ?? 0 };
    case 'traffic':
      return { type: 'traffic', distinctPods: c.integer(o.distinctPods, p('distinctPods'), 1, 10_000) ?? 1 };
    case 'all': {
      if (depth >= MAX_CHECK_DEPTH) {
        c.invalid(path, '{...}', `checks nest deeper than ${MAX_CHECK_DEPTH} levels`);
        return undefined;
      }
      const list = c.array(o.checks, p('checks'), 16) ?? [];
      const checks = list.map((sub, i) => checkOf(c, sub, index(p('checks'), i), depth + 1)).filter((x): x is Check => x !== undefined);
      return { type: 'all', checks };
    }
  }
}

function actionOf(c: FieldChecker, v: unknown, path: string): StepAction | undefined {
  const type = (v as { type?: unknown } | null)?.type;
  if (type === 'request-as') {
    const o = c.object(v, path, ['type', 'user', 'groups', 'method', 'path', 'body']);
    if (!o) return undefined;
    const method = o.method;
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method as string)) c.unsupported(child(path, 'method'), method, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    const out: StepAction = { type: 'request-as', user: c.requiredString(o.user, child(path, 'user'), 253) ?? '', method: method as 'GET', path: c.requiredString(o.path, child(path, 'path'), 1024) ?? '' };
    if (out.path && !out.path.startsWith('/')) c.invalid(child(path, 'path'), out.path, 'must start with "/"');
    if (o.groups !== undefined) out.groups = (c.array(o.groups, child(path, 'groups'), 16) ?? []).map((g, i) => c.string(g, index(child(path, 'groups'), i), 253) ?? '');
    if (o.body !== undefined) out.body = c.map(o.body, child(path, 'body'));
    return out;
  }
  if (type === 'delete-pod') {
    const o = c.object(v, path, ['type', 'namespace', 'selector']);
    if (!o) return undefined;
    const out: StepAction = { type: 'delete-pod', selector: selector(c, o.selector, child(path, 'selector')) ?? '' };
    if (o.namespace !== undefined) out.namespace = optionalString(c, o, 'namespace', path);
    return out;
  }
  if (type === 'traffic') {
    const o = c.object(v, path, ['type', 'fromNode', 'fromPod', 'fromExternal', 'target', 'requests']);
    if (!o) return undefined;
    if ([o.fromNode, o.fromPod, o.fromExternal].filter((x) => x !== undefined).length !== 1) c.add(path, 'Invalid value: exactly one of fromNode, fromPod and fromExternal is required');
    const out: StepAction = {
      type: 'traffic',
      target: c.requiredString(o.target, child(path, 'target'), 512) ?? '',
      requests: c.integer(o.requests, child(path, 'requests'), 1, MAX_TRAFFIC_REQUESTS) ?? 1,
    };
    if (o.fromNode !== undefined) out.fromNode = c.string(o.fromNode, child(path, 'fromNode'), 253);
    if (o.fromPod !== undefined) out.fromPod = c.string(o.fromPod, child(path, 'fromPod'), 253);
    if (o.fromExternal !== undefined) {
      out.fromExternal = c.string(o.fromExternal, child(path, 'fromExternal'), 15);
      if (out.fromExternal !== undefined && !/^(\d{1,3}\.){3}\d{1,3}$/.test(out.fromExternal)) c.invalid(child(path, 'fromExternal'), out.fromExternal, 'must be an IPv4 address');
    }
    return out;
  }
  return checkAction(c, v, path) as ScriptAction | undefined;
}

function probeOf(c: FieldChecker, v: unknown, path: string): Probe | undefined {
  const type = (v as { type?: unknown } | null)?.type;
  if (type === 'pod-node') {
    const o = c.object(v, path, ['type', 'namespace', 'selector']);
    if (!o) return undefined;
    const out: Probe = { type: 'pod-node', selector: selector(c, o.selector, child(path, 'selector')) ?? '' };
    if (o.namespace !== undefined) out.namespace = optionalString(c, o, 'namespace', path);
    return out;
  }
  if (type === 'field') {
    const o = c.object(v, path, ['type', 'apiVersion', 'kind', 'namespace', 'name', 'field']);
    if (!o) return undefined;
    const out: Probe = {
      type: 'field',
      apiVersion: c.requiredString(o.apiVersion, child(path, 'apiVersion'), 253) ?? '',
      kind: c.requiredString(o.kind, child(path, 'kind'), 63) ?? '',
      name: c.requiredString(o.name, child(path, 'name'), 253) ?? '',
      field: fieldPath(c, o.field, child(path, 'field')) ?? '',
    };
    if (o.namespace !== undefined) out.namespace = optionalString(c, o, 'namespace', path);
    return out;
  }
  c.unsupported(child(path, 'type'), type, ['pod-node', 'field']);
  return undefined;
}

function predictionOf(c: FieldChecker, v: unknown, path: string): Prediction | undefined {
  const o = c.object(v, path, ['question', 'choices', 'answer']);
  if (!o) return undefined;
  const question = text(c, o.question, child(path, 'question'));
  const choices = (c.array(o.choices, child(path, 'choices'), MAX_CHOICES) ?? []).map((ch, i) => {
    const cp = index(child(path, 'choices'), i);
    const co = c.object(ch, cp, ['value', 'text']);
    return { value: (co && c.string(co.value, child(cp, 'value'), 253)) ?? '', text: (co && text(c, co.text, child(cp, 'text'))) ?? { en: '', 'zh-CN': '' } };
  });
  if (choices.length < 2) c.add(child(path, 'choices'), 'Invalid value: at least 2 choices are required');
  const answer = o.answer === undefined ? c.required(child(path, 'answer')) : probeOf(c, o.answer, child(path, 'answer'));
  return question && answer ? { question, choices, answer } : undefined;
}

const STEP_FIELDS = ['title', 'text', 'hint', 'actions', 'predict', 'check', 'withinMs'] as const;

function stepOf(c: FieldChecker, v: unknown, path: string): LessonStep | undefined {
  const o = c.object(v, path, STEP_FIELDS);
  if (!o) return undefined;
  const title = text(c, o.title, child(path, 'title'));
  const body = text(c, o.text, child(path, 'text'));
  const check = o.check === undefined ? c.required(child(path, 'check')) : checkOf(c, o.check, child(path, 'check'));
  if (!title || !body || !check) return undefined;
  const step: LessonStep = { title, text: body, check };
  if (o.hint !== undefined) step.hint = text(c, o.hint, child(path, 'hint'));
  if (o.actions !== undefined) {
    const list = c.array(o.actions, child(path, 'actions'), MAX_STEP_ACTIONS) ?? [];
    step.actions = list.map((a, i) => actionOf(c, a, index(child(path, 'actions'), i))).filter((a): a is StepAction => a !== undefined);
  }
  if (o.predict !== undefined) {
    step.predict = predictionOf(c, o.predict, child(path, 'predict'));
    if (!Array.isArray(o.actions) || o.actions.length === 0) c.required(child(path, 'actions'), "a prediction is asked before the step's actions");
  }
  if (o.withinMs !== undefined) step.withinMs = c.integer(o.withinMs, child(path, 'withinMs'), 0, 3_600_000);
  return step;
}

function scenarioOf(c: FieldChecker, v: unknown): Scenario | undefined {
  try {
    return validateScenario(v);
  } catch (e) {
    if (!isScenarioError(e)) throw e;
    for (const cause of e.causes) c.add(child('scenario', cause.path), cause.message.startsWith(`${cause.path}: `) ? cause.message.slice(cause.path.length + 2) : cause.message, e.reason);
    return undefined;
  }
}

/** A clean, validated copy of a lesson; throws a ScenarioError with every problem and its path. */
export function validateLesson(value: unknown): Lesson {
  const unsafe = findUnsafeKey(value);
  if (unsafe) throw scenarioError('ForbiddenKey', `${unsafe.path}: forbidden key ${JSON.stringify(unsafe.key)}`, unsafe.path);
  const c = new FieldChecker();
  const o = c.object(value, '', ['version', 'id', 'title', 'summary', 'scenario', 'steps']);
  if (!o) c.throwIfAny();
  if (o!.version !== LESSON_VERSION) c.unsupported('version', o!.version, [String(LESSON_VERSION)]);
  const id = c.requiredString(o!.id, 'id', 63);
  if (id !== undefined && !ID_RE.test(id)) c.invalid('id', id, 'must be a DNS label (lower-case letters, digits and "-")');
  const title = text(c, o!.title, 'title');
  const summary = text(c, o!.summary, 'summary');
  const scenario = o!.scenario === undefined ? c.required('scenario') : scenarioOf(c, o!.scenario);
  const list = c.array(o!.steps, 'steps', MAX_LESSON_STEPS) ?? [];
  if (list.length === 0 && Array.isArray(o!.steps)) c.add('steps', 'Required value: a lesson has at least one step');
  const steps = list.map((s, i) => stepOf(c, s, index('steps', i)));
  if (c.stringBytes > MAX_SCENARIO_STRING_BYTES) c.add('', `Too long: the lesson's strings hold ${c.stringBytes} bytes, more than ${MAX_SCENARIO_STRING_BYTES}`, 'TooLarge');
  c.throwIfAny();
  return { version: LESSON_VERSION, id: id!, title: title!, summary: summary!, scenario: scenario!, steps: steps as LessonStep[] };
}

/** Parses and validates lesson JSON text (a file, a link's payload); syntax errors carry line and column. */
export function parseLesson(text: string): Lesson {
  if (text.length > MAX_SCENARIO_TEXT_BYTES) throw scenarioError('TooLarge', `the lesson text is ${text.length} characters long, more than ${MAX_SCENARIO_TEXT_BYTES}`);
  return validateLesson(parseJsonText(text));
}
