/**
 * What every scheduling attempt decided, per node and plugin, for the UI (as kube-scheduler-simulator
 * records in its result annotations). Bounded: the newest attempts of the most recently scheduled
 * pods are kept.
 */

/** One Filter plugin's verdict on one node. */
export interface FilterResult {
  plugin: string;
  passed: boolean;
  /** Upstream's status code name (Success, Unschedulable, UnschedulableAndUnresolvable, Error). */
  code: string;
  reasons: string[];
}

/** One Score plugin's numbers on one node. */
export interface ScoreResult {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  /** normalized x weight. */
  weighted: number;
}

/** Everything one attempt learned about one node. */
export interface NodeResult {
  node: string;
  filters: FilterResult[];
  scores: ScoreResult[];
  /** The sum of weighted scores; absent for nodes that were not scored. */
  finalScore?: number;
}

/** One scheduling attempt of one pod. */
export interface AttemptResult {
  /** `namespace/name`. */
  pod: string;
  uid: string;
  profile: string;
  attempt: number;
  timeMs: number;
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  selectedNode?: string;
  /** The FailedScheduling message, or the Scheduled one. */
  message: string;
  preFilter: FilterResult[];
  nodes: NodeResult[];
  /** Nodes the sampled search did not reach (upstream's percentageOfNodesToScore). */
  unevaluatedNodes: number;
}

/** Upstream-like bounds: attempts kept per pod, and pods kept overall. */
export const MAX_ATTEMPTS_PER_POD = 5;
export const MAX_PODS = 2000;

/** A bounded store of attempt results, readable by pod. */
export class SchedulingResultsStore {
  private readonly byPod = new Map<string, AttemptResult[]>();

  constructor(
    private readonly maxPods = MAX_PODS,
    private readonly maxAttemptsPerPod = MAX_ATTEMPTS_PER_POD,
  ) {}

  record(r: AttemptResult): void {
    const list = this.byPod.get(r.pod) ?? [];
    this.byPod.delete(r.pod);
    list.push(r);
    if (list.length > this.maxAttemptsPerPod) list.shift();
    this.byPod.set(r.pod, list);
    if (this.byPod.size > this.maxPods) this.byPod.delete(this.byPod.keys().next().value as string);
  }

  /** The attempts kept for `namespace/name`, oldest first. */
  attempts(podKey: string): readonly AttemptResult[] {
    return this.byPod.get(podKey) ?? [];
  }

  /** The newest attempt for `namespace/name`. */
  latest(podKey: string): AttemptResult | undefined {
    const l = this.byPod.get(podKey);
    return l?.[l.length - 1];
  }

  /** Pods with results, least recently attempted first. */
  pods(): string[] {
    return [...this.byPod.keys()];
  }

  forget(podKey: string): void {
    this.byPod.delete(podKey);
  }
}
