/**
 * The scheduling explanation as a table: one column per node, one row per Filter plugin (pass, fail
 * with the reason, or not run because an earlier filter already failed, as upstream stops at the
 * first failing filter), then one row per Score plugin and the final score.
 */
import type { AttemptResult, NodeResult } from '../../workers/scheduler/results';

export type FilterCell = { state: 'pass' } | { state: 'fail'; code: string; reason: string } | { state: 'skipped' };

export interface ScoreCell {
  normalized: number;
  weight: number;
  weighted: number;
}

export interface SchedulingTable {
  outcome: AttemptResult['outcome'];
  message: string;
  selectedNode?: string;
  attempt: number;
  nodes: string[];
  /** PreFilter plugins that stopped the attempt before any node was filtered. */
  preFilterFailures: { plugin: string; reason: string }[];
  filterRows: { plugin: string; cells: FilterCell[] }[];
  scoreRows: { plugin: string; cells: (ScoreCell | undefined)[] }[];
  finalScores: (number | undefined)[];
  /** Per node: the first failing plugin and its reason, in `kubectl describe` words. */
  verdicts: string[];
}

function orderedPlugins(nodes: readonly NodeResult[], pick: (n: NodeResult) => readonly { plugin: string }[]): string[] {
  const seen = new Set<string>();
  for (const n of nodes) for (const r of pick(n)) seen.add(r.plugin);
  return [...seen];
}

function reasonText(reasons: readonly string[], code: string): string {
  return reasons.length ? reasons.join('; ') : code;
}

function verdict(n: NodeResult, selected: string | undefined): string {
  const failed = n.filters.find((f) => !f.passed);
  if (failed) return `${failed.plugin}: ${reasonText(failed.reasons, failed.code)}`;
  if (n.node === selected) return 'selected';
  return n.finalScore === undefined ? 'feasible' : `feasible, score ${n.finalScore}`;
}

/** Builds the table for one attempt (nodes in the order the scheduler reported them). */
export function schedulingTable(r: AttemptResult): SchedulingTable {
  const nodes = r.nodes.map((n) => n.node);
  const filterRows = orderedPlugins(r.nodes, (n) => n.filters).map((plugin) => ({
    plugin,
    cells: r.nodes.map((n): FilterCell => {
      const f = n.filters.find((x) => x.plugin === plugin);
      if (!f) return { state: 'skipped' };
      return f.passed ? { state: 'pass' } : { state: 'fail', code: f.code, reason: reasonText(f.reasons, f.code) };
    }),
  }));
  const scoreRows = orderedPlugins(r.nodes, (n) => n.scores).map((plugin) => ({
    plugin,
    cells: r.nodes.map((n) => {
      const s = n.scores.find((x) => x.plugin === plugin);
      return s && { normalized: s.normalized, weight: s.weight, weighted: s.weighted };
    }),
  }));
  return {
    outcome: r.outcome,
    message: r.message,
    selectedNode: r.selectedNode,
    attempt: r.attempt,
    nodes,
    preFilterFailures: r.preFilter.filter((f) => !f.passed).map((f) => ({ plugin: f.plugin, reason: reasonText(f.reasons, f.code) })),
    filterRows,
    scoreRows,
    finalScores: r.nodes.map((n) => n.finalScore),
    verdicts: r.nodes.map((n) => verdict(n, r.selectedNode)),
  };
}
