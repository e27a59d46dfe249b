/**
 * NodeAffinity: spec.nodeSelector and required node affinity filter nodes (terms ORed, expressions
 * ANDed); preferred terms add their weights to the score.
 */
import { matchNodeSelectorTerm, matchNodeSelectorTerms, type NodeSelectorTerm } from '../../api/nodeselector';
import type { CycleState, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, ScoreList } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import { Code, newStatus, SKIP, SUCCESS, type Status } from '../framework/status';
import type { Node, Pod } from '../framework/types';
import { defaultNormalizeScore } from './helpers';

/** The plugin's name. */
export const NodeAffinityName = 'NodeAffinity';
/** Upstream's ErrReasonPod. */
export const ErrReasonPodAffinity = "node(s) didn't match Pod's node affinity/selector";
/** Upstream's errReasonConflict: every term names nodes by metadata.name, and no name is left. */
export const ErrReasonAffinityConflict = 'pod affinity terms conflict';

/**
 * The nodes the required terms name by `metadata.name In` (what a DaemonSet pod carries), as
 * upstream's PreFilter computes them: within a term those requirements intersect, terms unite; a
 * term without one lets every node through (undefined).
 */
export function nodeNamesOfTerms(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const values = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => values.has(n))) : values;
    }
    if (!termNames) return undefined;
    names = names ? new Set([...names, ...termNames]) : termNames;
  }
  return names;
}

/** Whether the node satisfies the pod's nodeSelector and required node affinity. */
export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const sel = pod.spec.nodeSelector;
  if (sel) for (const k in sel) if (labels[k] !== sel[k]) return false;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return matchNodeSelectorTerms(required.nodeSelectorTerms, labels, { 'metadata.name': node.metadata.name ?? '' });
}

const PREFERRED_KEY = 'PreScore' + NodeAffinityName;

/** Filters and scores by node labels. */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NodeAffinityName;

  // Required terms that name their nodes narrow the search to them (upstream's PreFilterResult): a
  // DaemonSet pod is filtered on its one node, not on every node of a 5,000-node cluster.
  preFilter(state: CycleState, pi: PodInfo): Status {
    const spec = pi.pod.spec;
    const hasSelector = spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!hasSelector && !required) return SKIP;
    const names = required ? nodeNamesOfTerms(required.nodeSelectorTerms ?? []) : undefined;
    if (names?.size === 0) return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonAffinityConflict);
    if (names) state.narrowNodes(this.name, names);
    return SUCCESS;
  }

  filter(_state: CycleState, pi: PodInfo, ni: NodeInfo): Status {
    if (ni.node && podMatchesNodeSelectorAndAffinity(pi.pod, ni.node)) return SUCCESS;
    return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonPodAffinity);
  }

  preScore(state: CycleState, pi: PodInfo): Status {
    const preferred = pi.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0) return SKIP;
    state.write(PREFERRED_KEY, preferred);
    return SUCCESS;
  }

  score(state: CycleState, _pi: PodInfo, ni: NodeInfo): number {
    const preferred = state.read<{ weight: number; preference: NodeSelectorTerm }[]>(PREFERRED_KEY) ?? [];
    const node = ni.node!;
    const fields = { 'metadata.name': node.metadata.name ?? '' };
    let total = 0;
    for (const p of preferred) {
      // A zero weight term is ignored, as upstream's PreferredSchedulingTerms.
      if (p.weight !== 0 && matchNodeSelectorTerm(p.preference, node.metadata.labels, fields)) total += p.weight;
    }
    return total;
  }

  normalizeScore(_state: CycleState, _pi: PodInfo, scores: ScoreList): void {
    defaultNormalizeScore(scores, false);
  }
}
