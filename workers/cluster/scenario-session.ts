/**
 * What the cluster worker needs to load, resume, describe and share the scenario a browser session
 * plays; kept out of the worker entry so that it stays thin and this stays testable in Node.
 */
import { statusFailure } from '../api/errors';
import type { ApiResponse } from '../apiserver/types';
import { objectPath } from '../kubectl/paths';
import { builtinScenario, BUILTIN_SCENARIOS } from '../scenario/builtins';
import { parseScenario, SCENARIO_VERSION, validateScenario, type Scenario } from '../scenario/scenario';
import { isScenarioError } from '../scenario/scenario-error';
import { decodeShareLink, encodeShareLink } from '../scenario/share-link';
import type { NodeLayout } from './cluster-layout';
import type { CurrentScenario, ObjectRef, ScenarioProblem, ScenarioSummary } from './protocol';
import type { RunnableScenario } from './scenario-runner';
import type { ScenarioRecord } from './session-meta';
import type { Simulation } from './simulation';

/** The most failed steps the page is told about. */
const MAX_FAILURES_SHOWN = 20;

/** The seed of the default cluster a fresh page boots. */
export const DEFAULT_SEED = 1;

/** The default cluster as a scenario: a seed, the default machines, nothing applied. */
export function defaultScenario(seed = DEFAULT_SEED): Scenario {
  return { version: SCENARIO_VERSION, seed };
}

/** A thrown value as the page shows it: a ScenarioError's message, path, position and causes. */
export function problemOf(e: unknown): ScenarioProblem {
  if (!isScenarioError(e))
    return {
      reason: 'Invalid',
      message: e instanceof Error ? e.message : String(e),
      path: '',
      causes: [],
    };
  const p: ScenarioProblem = {
    reason: e.reason,
    message: e.message,
    path: e.path,
    causes: e.causes.map((c) => ({ path: c.path, message: c.message })),
  };
  if (e.line !== undefined) p.line = e.line;
  if (e.column !== undefined) p.column = e.column;
  if (e.document !== undefined) p.document = e.document;
  return p;
}

/** A scenario to load, from wherever it comes; throws a ScenarioError when it is broken. */
export type ScenarioSource = { builtin: string } | { text: string } | { link: string } | { value: unknown };

/** Reads and validates a scenario source. */
export async function readScenario(source: ScenarioSource): Promise<{ scenario: Scenario; builtin?: string }> {
  if ('builtin' in source) {
    const scenario = builtinScenario(source.builtin);
    if (!scenario) throw new Error(`no built-in scenario named ${JSON.stringify(source.builtin)}`);
    return { scenario, builtin: source.builtin };
  }
  if ('text' in source) return { scenario: parseScenario(source.text) };
  if ('link' in source) return { scenario: await decodeShareLink(source.link) };
  return { scenario: validateScenario(source.value) };
}

/** The Scenarios menu: id, title and description of every built-in scenario. */
export function builtinSummaries(): ScenarioSummary[] {
  return BUILTIN_SCENARIOS.map(({ id }) => {
    const s = builtinScenario(id)!;
    return { id, title: s.title ?? id, description: s.description ?? '' };
  });
}

/** What the page shows of the scenario a session plays (with the steps that failed so far, if any). */
export function describeScenario(rec: ScenarioRecord, failures: readonly string[] = []): CurrentScenario {
  const out: CurrentScenario = { steps: rec.scenario.script?.length ?? 0, recorded: rec.recorded };
  if (failures.length) out.failures = failures.slice(0, MAX_FAILURES_SHOWN);
  if (rec.scenario.title !== undefined) out.title = rec.scenario.title;
  if (rec.scenario.description !== undefined) out.description = rec.scenario.description;
  if (rec.builtin !== undefined) out.builtin = rec.builtin;
  return out;
}

/** The scenario a session plays, validated for a link or a file (recorded steps may break a limit). */
export function shareableScenario(s: RunnableScenario): Scenario {
  return validateScenario(JSON.parse(JSON.stringify({ version: SCENARIO_VERSION, ...s })));
}

/** The `#s=...` fragment of a session's scenario. */
export function shareFragment(s: RunnableScenario): Promise<string> {
  return encodeShareLink(shareableScenario(s));
}

/**
 * The machines to boot when a session resumes after a reload: the scenario's own (or the default
 * when it has none), plus those its steps added and minus those they deleted, up to `nowMs`.
 */
export function resumeLayout(s: RunnableScenario, startMs: number, nowMs: number, fallback: NodeLayout[]): NodeLayout[] {
  const machines = new Map<string, NodeLayout>();
  for (const n of s.cluster?.nodes?.length ? s.cluster.nodes : fallback) machines.set(n.name, n);
  for (const step of s.script ?? []) {
    if (startMs + step.at > nowMs) break;
    if (step.action.type === 'add-node') machines.set(step.action.node.name, step.action.node);
    else if (step.action.type === 'delete-node') machines.delete(step.action.node);
  }
  return [...machines.values()];
}

/**
 * `kubectl delete` of one object, exactly as a script's delete step sends it (so that a recorded
 * delete and its replay make the same request): the registry finds the resource, the cluster admin
 * deletes it.
 */
export async function deleteObject(sim: Simulation, ref: ObjectRef): Promise<ApiResponse> {
  const target = objectPath(ref);
  if (!target) {
    return {
      kind: 'response',
      status: 404,
      headers: {},
      body: statusFailure(404, 'NotFound', `the server doesn't have a resource type for ${ref.apiVersion} ${ref.kind}`),
    };
  }
  const res = await sim.request({ method: 'DELETE', path: target.path });
  if (res.kind === 'watch') {
    res.stream.close();
    return {
      kind: 'response',
      status: 400,
      headers: {},
      body: statusFailure(400, 'BadRequest', 'unexpected watch'),
    };
  }
  return res;
}
