/**
 * The scenario format (DESIGN.md section 7): versioned JSON naming a seed, a cluster layout,
 * settings, manifests applied at the start, and a script of actions at virtual times. Scenarios come
 * from files, pasted text and share links, all untrusted: everything is bounded, unknown fields and
 * forbidden keys are refused, and every problem is reported with its field path.
 */
import { podSubnetProblem } from './pod-subnet';
import { UNSAFE_KEYS } from '../api/safe-keys';
import { DurationError, parseDuration } from '../api/duration';
import { child, FieldChecker, index, showValue, utf8Length } from './field-checks';
import { MAX_JSON_DEPTH, parseJsonText } from './json-text';
import { checkManifests } from './manifests-check';
import { checkNodeLayout, type NodeLayout } from './node-layout';
import { checkAction, type ScenarioAction } from './scenario-actions';
import { scenarioError } from './scenario-error';

/** The scenario format version this code reads and writes. */
export const SCENARIO_VERSION = 1;
/** The most steps a script may have. */
export const MAX_SCRIPT_STEPS = 10_000;
/** The most UTF-8 bytes all of a scenario's strings may hold together. */
export const MAX_SCENARIO_STRING_BYTES = 1 << 20;
/** The most bytes of scenario text parseScenario reads (JSON escaping makes text longer than its strings). */
export const MAX_SCENARIO_TEXT_BYTES = 4 << 20;
/** The most machines a scenario's cluster may have. */
export const MAX_CLUSTER_NODES = 10_000;
export const MAX_TITLE_BYTES = 256;
export const MAX_DESCRIPTION_BYTES = 16 << 10;
/** The latest virtual time a script step may run at: 30 days. */
export const MAX_STEP_AT_MS = 30 * 24 * 3_600_000;
/** The simulation speeds a scenario may ask for (DESIGN.md section 5), besides 'max'. */
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 64;
const MAX_SEED = 0xffff_ffff;

/** One script step, `at` in virtual ms since the scenario started. */
export interface ScenarioStep {
  at: number;
  action: ScenarioAction;
}

/** A validated scenario (version 1); `at` is always in ms. */
export interface Scenario {
  version: 1;
  title?: string;
  description?: string;
  /** Seeds the simulation's RNG: a uint32. */
  seed: number;
  /**
   * Machines to boot (absent or empty: the default kubeadm layout) and the pod network (absent:
   * kind's 10.244.0.0/16, or 10.128.0.0/9 past 256 machines).
   */
  cluster?: { nodes?: NodeLayout[]; podSubnet?: string };
  settings?: { speed?: number | 'max' };
  /** Multi-document YAML applied at virtual time zero. */
  manifests?: string;
  /** Steps in non-decreasing `at` order. */
  script?: ScenarioStep[];
}

/** A scenario as written in a file: `at` may also be a Go duration string (`90s`, `1h30m`). */
export type ScenarioInput = Omit<Scenario, 'script'> & { script?: { at: number | string; action: ScenarioAction }[] };

const TOP_FIELDS = ['version', 'title', 'description', 'seed', 'cluster', 'settings', 'manifests', 'script'] as const;
const STEP_FIELDS = ['at', 'action'] as const;

// Forbidden keys and excessive depth anywhere in a value that did not come through parseJsonText;
// iterative, with a visited set so a cyclic object cannot loop.
function checkKeysAndDepth(value: unknown): void {
  const seen = new Set<object>();
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (depth >= MAX_JSON_DEPTH) throw scenarioError('Invalid', `${path}: Invalid value: objects and arrays nest deeper than ${MAX_JSON_DEPTH} levels`, path);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], index(path, i), depth + 1]);
      continue;
    }
    for (const key of Object.keys(v)) {
      const p = child(path, key);
      if (UNSAFE_KEYS.has(key)) throw scenarioError('ForbiddenKey', `${p}: forbidden key ${JSON.stringify(key)}`, p);
      stack.push([(v as Record<string, unknown>)[key], p, depth + 1]);
    }
  }
}

function checkVersion(c: FieldChecker, v: unknown): boolean {
  if (v === undefined) c.required('version', `this kubesim reads scenario version ${SCENARIO_VERSION}`);
  else if (v !== SCENARIO_VERSION) c.unsupported('version', v, [String(SCENARIO_VERSION)]);
  return v === SCENARIO_VERSION;
}

function checkCluster(c: FieldChecker, v: unknown): Scenario['cluster'] {
  const o = c.object(v, 'cluster', ['nodes', 'podSubnet']);
  if (!o) return undefined;
  const podSubnet = checkPodSubnet(c, o.podSubnet);
  if (o.nodes === undefined) return podSubnet ? { podSubnet } : {};
  const list = c.array(o.nodes, 'cluster.nodes', MAX_CLUSTER_NODES);
  if (!list) return undefined;
  const nodes: NodeLayout[] = [];
  const names = new Set<string>();
  list.forEach((n, i) => {
    const node = checkNodeLayout(c, n, index('cluster.nodes', i));
    if (!node) return;
    if (names.has(node.name)) c.add(`cluster.nodes[${i}].name`, `Duplicate value: ${JSON.stringify(node.name)}`);
    names.add(node.name);
    nodes.push(node);
  });
  return podSubnet ? { nodes, podSubnet } : { nodes };
}

function checkPodSubnet(c: FieldChecker, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const text = c.string(v, 'cluster.podSubnet', 64);
  if (text === undefined) return undefined;
  const problem = podSubnetProblem(text);
  if (problem) {
    c.invalid('cluster.podSubnet', text, problem);
    return undefined;
  }
  return text;
}

function checkSettings(c: FieldChecker, v: unknown): Scenario['settings'] {
  const o = c.object(v, 'settings', ['speed']);
  if (!o) return undefined;
  if (o.speed === undefined) return {};
  if (o.speed === 'max') return { speed: 'max' };
  if (typeof o.speed !== 'number') {
    c.invalid('settings.speed', o.speed, `must be a number from ${MIN_SPEED} to ${MAX_SPEED}, or "max"`);
    return undefined;
  }
  const speed = c.number(o.speed, 'settings.speed', MIN_SPEED, MAX_SPEED);
  return speed === undefined ? undefined : { speed };
}

// A step's time in ms: a number of ms, or a Go duration string.
function stepAt(c: FieldChecker, v: unknown, path: string): number | undefined {
  if (v === undefined) {
    c.required(path, 'virtual ms since the scenario started, or a duration such as "90s"');
    return undefined;
  }
  if (typeof v === 'string') {
    c.stringBytes += utf8Length(v);
    let ms: number;
    try {
      ms = parseDuration(v);
    } catch (e) {
      if (!(e instanceof DurationError)) throw e;
      c.invalid(path, v, e.message);
      return undefined;
    }
    return c.number(ms, path, 0, MAX_STEP_AT_MS);
  }
  if (typeof v !== 'number') {
    c.invalid(path, v, 'must be a number of ms or a duration string such as "90s"');
    return undefined;
  }
  return c.number(v, path, 0, MAX_STEP_AT_MS);
}

function checkScript(c: FieldChecker, v: unknown): ScenarioStep[] | undefined {
  const list = c.array(v, 'script', MAX_SCRIPT_STEPS);
  if (!list) return undefined;
  const steps: ScenarioStep[] = [];
  let previous: { at: number; i: number } | undefined;
  list.forEach((item, i) => {
    const path = index('script', i);
    const o = c.object(item, path, STEP_FIELDS);
    if (!o) return;
    const at = stepAt(c, o.at, child(path, 'at'));
    const action = o.action === undefined ? c.required(child(path, 'action')) : checkAction(c, o.action, child(path, 'action'));
    if (at !== undefined && previous && at < previous.at) {
      c.invalid(child(path, 'at'), o.at, `must not be earlier than script[${previous.i}].at (${previous.at} ms)`);
    }
    if (at !== undefined) previous = { at, i };
    if (at !== undefined && action) steps.push({ at, action });
  });
  return steps;
}

/**
 * Validates a parsed scenario and returns a clean, normalised copy (known fields only, `at` in ms).
 * Throws a ScenarioError naming every problem with its path (`script[2].action.node`).
 */
export function validateScenario(value: unknown): Scenario {
  checkKeysAndDepth(value);
  const c = new FieldChecker();
  const o = c.map(value, '');
  if (!o) throw scenarioError('Invalid', `Invalid value: ${showValue(value)}: a scenario must be a JSON object`);
  if (!checkVersion(c, o.version)) c.throwIfAny();
  // Unknown top-level fields are reported once the version is known to be ours.
  c.object(o, '', TOP_FIELDS);
  const out: Scenario = { version: SCENARIO_VERSION, seed: 0 };
  if (o.title !== undefined) out.title = c.string(o.title, 'title', MAX_TITLE_BYTES);
  if (o.description !== undefined) out.description = c.string(o.description, 'description', MAX_DESCRIPTION_BYTES);
  if (o.seed === undefined) c.required('seed', 'a uint32 that seeds the simulation');
  else out.seed = c.integer(o.seed, 'seed', 0, MAX_SEED) ?? 0;
  if (o.cluster !== undefined) out.cluster = checkCluster(c, o.cluster);
  if (o.settings !== undefined) out.settings = checkSettings(c, o.settings);
  if (o.manifests !== undefined) {
    out.manifests = c.string(o.manifests, 'manifests');
    if (out.manifests !== undefined && out.manifests !== '') checkManifests(c, out.manifests, 'manifests');
  }
  if (o.script !== undefined) out.script = checkScript(c, o.script);
  if (c.stringBytes > MAX_SCENARIO_STRING_BYTES) {
    c.add('', `Too long: the scenario's strings hold ${c.stringBytes} bytes, more than ${MAX_SCENARIO_STRING_BYTES}`, 'TooLarge');
  }
  c.throwIfAny();
  return out;
}

/** Parses and validates scenario JSON text; JSON syntax errors carry line and column. */
export function parseScenario(text: string): Scenario {
  if (text.length > MAX_SCENARIO_TEXT_BYTES) {
    throw scenarioError('TooLarge', `the scenario text is ${text.length} characters long, more than ${MAX_SCENARIO_TEXT_BYTES}`);
  }
  // A byte-order mark is how some editors start a UTF-8 file; it is not part of the JSON.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  return validateScenario(parseJsonText(body));
}
