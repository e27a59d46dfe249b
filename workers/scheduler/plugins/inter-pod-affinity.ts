/**
 * InterPodAffinity: required pod affinity and anti-affinity (the incoming pod's, and existing pods'
 * anti-affinity against it) filter nodes by topology domain; preferred terms, and existing pods'
 * terms matching the incoming pod, score them.
 */
import type { CycleState, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, ScoreList } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import { termMatches, type AffinityTerm, type PodInfo } from '../framework/pod-info';
import { Code, newStatus, SKIP, SUCCESS, type Status } from '../framework/status';

/** The plugin's name. */
export const InterPodAffinityName = 'InterPodAffinity';
// Cycle-state keys built once: a key concatenated per call is a fresh string to hash per node.
const PRE_FILTER_KEY = 'PreFilter' + InterPodAffinityName;
const PRE_SCORE_KEY = 'PreScore' + InterPodAffinityName;
/** Upstream's reasons. */
export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/** Upstream's default hardPodAffinityWeight. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

const pair = (key: string, value: string) => `${key}\x00${value}`;

interface FilterState {
  existingAnti: Map<string, number>;
  affinity: Map<string, number>;
  anti: Map<string, number>;
}

function bump(m: Map<string, number>, key: string, by: number): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/** Filters and scores by pod (anti-)affinity. */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = InterPodAffinityName;

  constructor(
    private readonly allNodes: () => NodeInfo[] = () => [],
    private readonly nodesWithRequiredAnti: () => NodeInfo[] = () => [],
    private readonly nodesWithAffinity: () => NodeInfo[] = () => [],
  ) {}

  preFilter(state: CycleState, pi: PodInfo, nodes: NodeInfo[]): Status {
    const s: FilterState = { existingAnti: new Map(), affinity: new Map(), anti: new Map() };
    for (const ni of this.nodesWithRequiredAnti()) {
      const labels = ni.labels;
      for (const existing of ni.podsWithRequiredAntiAffinity) {
        for (const t of existing.requiredAntiAffinityTerms) {
          if (Object.hasOwn(labels, t.topologyKey) && termMatches(t, pi.pod)) bump(s.existingAnti, pair(t.topologyKey, labels[t.topologyKey]), 1);
        }
      }
    }
    const aff = pi.requiredAffinityTerms;
    const anti = pi.requiredAntiAffinityTerms;
    if (aff.length > 0 || anti.length > 0) {
      for (const ni of nodes) {
        const labels = ni.labels;
        for (const existing of ni.pods) {
          // Affinity counts a pod only when it matches every term, as upstream.
          if (aff.length > 0 && aff.every((t) => termMatches(t, existing.pod))) {
            for (const t of aff) if (Object.hasOwn(labels, t.topologyKey)) bump(s.affinity, pair(t.topologyKey, labels[t.topologyKey]), 1);
          }
          for (const t of anti) {
            if (Object.hasOwn(labels, t.topologyKey) && termMatches(t, existing.pod)) bump(s.anti, pair(t.topologyKey, labels[t.topologyKey]), 1);
          }
        }
      }
    }
    if (s.existingAnti.size === 0 && aff.length === 0 && anti.length === 0) return SKIP;
    state.write(PRE_FILTER_KEY, s);
    return SUCCESS;
  }

  filter(state: CycleState, pi: PodInfo, ni: NodeInfo): Status {
    const s = state.read<FilterState>(PRE_FILTER_KEY);
    if (!s) return SUCCESS;
    const labels = ni.labels;
    if (!satisfyAffinity(pi, s, labels)) return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonAffinityRulesNotMatch);
    for (const t of pi.requiredAntiAffinityTerms) {
      if (Object.hasOwn(labels, t.topologyKey) && (s.anti.get(pair(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0) {
        return newStatus(Code.Unschedulable, ErrReasonAntiAffinityRulesNotMatch);
      }
    }
    if (s.existingAnti.size > 0) {
      for (const k in labels) if ((s.existingAnti.get(pair(k, labels[k])) ?? 0) > 0) return newStatus(Code.Unschedulable, ErrReasonExistingAntiAffinityRulesNotMatch);
    }
    return SUCCESS;
  }

  preScore(state: CycleState, pi: PodInfo, filtered: NodeInfo[]): Status {
    const hasPreferred = pi.preferredAffinityTerms.length + pi.preferredAntiAffinityTerms.length > 0;
    const withAffinity = this.nodesWithAffinity();
    if (filtered.length === 0 || (!hasPreferred && withAffinity.length === 0)) return SKIP;
    const scores = new Map<string, number>();
    for (const ni of hasPreferred ? this.allNodes() : withAffinity) {
      const labels = ni.labels;
      for (const existing of hasPreferred ? ni.pods : ni.podsWithAffinity) {
        for (const t of pi.preferredAffinityTerms) addScore(scores, labels, t, t.weight, existing.pod);
        for (const t of pi.preferredAntiAffinityTerms) addScore(scores, labels, t, -t.weight, existing.pod);
        for (const t of existing.requiredAffinityTerms) addScore(scores, labels, t, HARD_POD_AFFINITY_WEIGHT, pi.pod);
        for (const t of existing.preferredAffinityTerms) addScore(scores, labels, t, t.weight, pi.pod);
        for (const t of existing.preferredAntiAffinityTerms) addScore(scores, labels, t, -t.weight, pi.pod);
      }
    }
    state.write(PRE_SCORE_KEY, scores);
    return SUCCESS;
  }

  score(state: CycleState, _pi: PodInfo, ni: NodeInfo): number {
    const scores = state.read<Map<string, number>>(PRE_SCORE_KEY);
    if (!scores || scores.size === 0) return 0;
    const labels = ni.labels;
    let total = 0;
    for (const k in labels) total += scores.get(pair(k, labels[k])) ?? 0;
    return total;
  }

  normalizeScore(_state: CycleState, _pi: PodInfo, scores: ScoreList): void {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < scores.length; i++) {
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i] - min)) / diff) : 0;
  }
}

// One term's weight into its topology pair on the node, when the term selects the target pod.
function addScore(scores: Map<string, number>, labels: Readonly<Record<string, string>>, t: AffinityTerm, w: number, target: PodInfo['pod']): void {
  if (w !== 0 && Object.hasOwn(labels, t.topologyKey) && termMatches(t, target)) bump(scores, pair(t.topologyKey, labels[t.topologyKey]), w);
}

function satisfyAffinity(pi: PodInfo, s: FilterState, labels: Record<string, string>): boolean {
  const terms = pi.requiredAffinityTerms;
  if (terms.length === 0) return true;
  let podsExist = true;
  for (const t of terms) {
    if (!Object.hasOwn(labels, t.topologyKey)) return false;
    if ((s.affinity.get(pair(t.topologyKey, labels[t.topologyKey])) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group that selects itself may go anywhere the topology keys exist.
  return s.affinity.size === 0 && terms.every((t) => termMatches(t, pi.pod));
}
