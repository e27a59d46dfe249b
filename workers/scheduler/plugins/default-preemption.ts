/**
 * DefaultPreemption (PostFilter): when no node fits, find nodes where evicting lower-priority pods
 * would make room, pick the one hurting least (upstream's pickOneNodeForPreemption), evict the
 * victims and nominate the node for the pod.
 */
import type { CycleState, FrameworkHandle, PostFilterPlugin, PostFilterResult } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import { newPodInfo, type PodInfo } from '../framework/pod-info';
import { Code, fitErrorMessage, newDiagnosis, newStatus, SUCCESS, type Status } from '../framework/status';
import { podPriority, type Pod } from '../framework/types';

/** The plugin's name. */
export const DefaultPreemptionName = 'DefaultPreemption';
/** Upstream's reasons. */
export const ErrReasonPreemptionNotHelpful = 'Preemption is not helpful for scheduling';
export const ErrReasonNoVictims = 'No preemption victims found for incoming pod';
/** Upstream's defaults: at least 10% of nodes or 100 nodes are tried. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** A node where preemption works, with its victims. */
export interface Candidate {
  node: string;
  victims: Pod[];
}

const PODS = { group: '', version: 'v1', resource: 'pods' };

function startMs(p: Pod): number {
  const s = p.status?.startTime ?? p.metadata.creationTimestamp;
  return s ? Date.parse(s) : Number.MAX_SAFE_INTEGER;
}

/** Upstream's MoreImportantPod: higher priority, then earlier start. */
export function moreImportant(a: Pod, b: Pod): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return startMs(a) < startMs(b);
}

/** Evicts lower-priority pods to make room. */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = DefaultPreemptionName;

  constructor(
    private readonly fh: FrameworkHandle,
    private readonly schedulerName = 'default-scheduler',
  ) {}

  async postFilter(state: CycleState, pi: PodInfo, nodeToStatus: Map<string, Status>): Promise<PostFilterResult> {
    const pod = pi.pod;
    if (pod.spec.preemptionPolicy === 'Never') {
      return { status: newStatus(Code.Unschedulable, 'preemption: not eligible due to preemptionPolicy=Never.') };
    }
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      // Victims of an earlier round are still terminating there: wait for them instead of evicting more.
      const prio = podPriority(pod);
      const ni = this.fh.snapshot().get(nominated);
      if (ni?.pods.some((p) => p.pod.metadata.deletionTimestamp && podPriority(p.pod) < prio)) {
        return { status: newStatus(Code.Unschedulable, 'preemption: not eligible due to a terminating pod on the nominated node.') };
      }
    }
    const all = this.fh.snapshot().nodeInfoList;
    const statuses = new Map<string, Status>();
    const potential: NodeInfo[] = [];
    for (const ni of all) {
      const s = nodeToStatus.get(ni.name);
      if (!s || s.code === Code.UnschedulableAndUnresolvable) statuses.set(ni.name, newStatus(Code.UnschedulableAndUnresolvable, ErrReasonPreemptionNotHelpful));
      else potential.push(ni);
    }
    const candidates = this.dryRun(state, pi, potential, statuses, all);
    if (candidates.length === 0) {
      const d = newDiagnosis();
      d.nodeToStatus = statuses;
      return { status: newStatus(Code.Unschedulable, `preemption: ${fitErrorMessage(all.length, d)}`), nominatedNodeName: '' };
    }
    const best = pickOneNodeForPreemption(candidates);
    await this.prepareCandidate(best, pod);
    return { status: SUCCESS, nominatedNodeName: best.node };
  }

  private dryRun(state: CycleState, pi: PodInfo, potential: NodeInfo[], statuses: Map<string, Status>, all: NodeInfo[]): Candidate[] {
    const n = potential.length;
    let num = Math.trunc((n * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
    if (num < MIN_CANDIDATE_NODES_ABSOLUTE) num = MIN_CANDIDATE_NODES_ABSOLUTE;
    if (num > n) num = n;
    const offset = n > 0 ? this.fh.rng.int(n) : 0;
    const out: Candidate[] = [];
    for (let i = 0; i < n && out.length < num; i++) {
      const ni = potential[(offset + i) % n];
      const r = this.selectVictimsOnNode(state, pi, ni, all);
      if (typeof r === 'object' && 'victims' in r) out.push({ node: ni.name, victims: r.victims });
      else statuses.set(ni.name, r);
    }
    return out;
  }

  /** Removes every lower-priority pod, checks the fit, then reprieves as many as possible (most important first). */
  selectVictimsOnNode(state: CycleState, pi: PodInfo, ni: NodeInfo, all: NodeInfo[]): { victims: Pod[] } | Status {
    const prio = podPriority(pi.pod);
    const lower = ni.pods.filter((p) => podPriority(p.pod) < prio).map((p) => p.pod);
    if (lower.length === 0) return newStatus(Code.UnschedulableAndUnresolvable, ErrReasonNoVictims);
    const trial = ni.clone();
    for (const v of lower) trial.removePod(v);
    const needsPreFilter = pi.requiredAffinityTerms.length + pi.requiredAntiAffinityTerms.length > 0 || (pi.pod.spec.topologySpreadConstraints?.length ?? 0) > 0;
    const fits = (): Status => {
      if (needsPreFilter) this.fh.runPreFilterPlugins(state, pi, all.map((x) => (x.name === ni.name ? trial : x)));
      return this.fh.runFilterPlugins(state, pi, trial);
    };
    const s = fits();
    if (!s.isSuccess()) return s;
    lower.sort((a, b) => (moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0));
    const victims: Pod[] = [];
    for (const v of lower) {
      trial.addPod(newPodInfo(v));
      if (!fits().isSuccess()) {
        trial.removePod(v);
        victims.push(v);
      }
    }
    if (needsPreFilter) this.fh.runPreFilterPlugins(state, pi, all);
    return { victims };
  }

  private async prepareCandidate(c: Candidate, preemptor: Pod): Promise<void> {
    for (const v of c.victims) {
      const pods = this.fh.client.resource(PODS, v.metadata.namespace);
      const condition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${this.schedulerName}: preempting to accommodate a higher priority pod`,
      };
      try {
        await pods.patch(v.metadata.name!, 'strategic', { status: { conditions: [condition] } }, { subresource: 'status' });
      } catch {
        // The victim may already be gone; deleting it below settles it either way.
      }
      try {
        await pods.delete(v.metadata.name!, {});
      } catch {
        continue;
      }
      this.fh.recorder.event(v, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid} on node ${c.node}`);
    }
  }
}

/** Upstream's criteria, in order: fewest highest-priority victims, lowest priority sum, fewest victims, latest start. */
export function pickOneNodeForPreemption(candidates: Candidate[]): Candidate {
  let best = candidates;
  const narrow = (score: (c: Candidate) => number) => {
    let top = -Infinity;
    for (const c of best) top = Math.max(top, score(c));
    best = best.filter((c) => score(c) === top);
  };
  const highest = (c: Candidate) => (c.victims.length ? Math.max(...c.victims.map(podPriority)) : -Infinity);
  narrow((c) => -highest(c));
  // Priorities shifted by MaxInt32+1 so negative priorities still add up as upstream.
  narrow((c) => -c.victims.reduce((s, v) => s + podPriority(v) + 2147483648, 0));
  narrow((c) => -c.victims.length);
  narrow((c) => {
    const h = highest(c);
    return Math.min(...c.victims.filter((v) => podPriority(v) === h).map(startMs));
  });
  return best[0];
}
