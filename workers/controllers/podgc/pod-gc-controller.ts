/**
 * The pod garbage collector (upstream pkg/controller/podgc): every 20 s it force-deletes pods no
 * kubelet will ever finish, namely pods bound to a node that no longer exists (after the node has been
 * missing for a 40 s quarantine and a fresh GET confirms it), terminating pods that were never
 * scheduled, and the oldest terminated pods beyond the threshold. An orphaned pod first gets the
 * DisruptionTarget condition and, unless it already ended, phase Failed, as upstream does.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import type { SharedInformer } from '../../client/informer';
import { InformerSet, type InformerSource } from '../informer-set';
import { isNotFound } from '../api-errors';
import { rfc3339 } from '../meta-time';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };

/** Upstream's gcCheckPeriod. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** How long a node must be missing before its pods count as orphaned. */
export const QUARANTINE_MS = 40_000;
/** kube-controller-manager's --terminated-pod-gc-threshold default. */
export const TERMINATED_POD_THRESHOLD = 12_500;

type Pod = KubeObject & {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
};

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Deletes pods no kubelet will finish. */
export class PodGCController {
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer<KubeObject>;
  /** Nodes seen missing, with when they were first missed. */
  private readonly missingSince = new Map<string, number>();
  private timer: number | undefined;
  private running = false;
  private readonly informerSet: InformerSet;

  constructor(
    private readonly ctx: ComponentContext,
    /** `informers`: kube-controller-manager's shared informers; without, the controller makes its own. */
    private readonly opts: { terminatedPodThreshold?: number; informers?: InformerSource } = {},
  ) {
    this.informerSet = new InformerSet(ctx, opts.informers);
    this.pods = this.informerSet.get<Pod>(PODS, 'podgc:pods');
    this.nodes = this.informerSet.get<KubeObject>(NODES, 'podgc:nodes');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.informerSet.start();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.ctx.timers.cancel(this.timer);
    this.informerSet.stop();
  }

  private schedule(): void {
    this.timer = this.ctx.timers.after(GC_CHECK_PERIOD_MS, () => void this.tick(), 'controller:podgc');
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    if (this.pods.hasSynced() && this.nodes.hasSynced()) await this.gc();
    if (this.running) this.schedule();
  }

  /** One pass, as upstream's gc(): terminated, orphaned, unscheduled terminating. */
  async gc(): Promise<void> {
    const pods = this.pods.lister.list();
    await this.gcTerminated(pods);
    await this.gcOrphaned(pods);
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp && !pod.spec?.nodeName) await this.forceDelete(pod);
    }
  }

  private async gcTerminated(pods: Pod[]): Promise<void> {
    const threshold = this.opts.terminatedPodThreshold ?? TERMINATED_POD_THRESHOLD;
    const terminated = pods.filter((p) => isTerminal(p) && !p.metadata.deletionTimestamp);
    const excess = terminated.length - threshold;
    if (excess <= 0) return;
    terminated.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    for (const pod of terminated.slice(0, excess)) await this.forceDelete(pod);
  }

  private async gcOrphaned(pods: Pod[]): Promise<void> {
    const now = this.ctx.clock.now();
    const known = new Set(this.nodes.lister.list().map((n) => n.metadata.name!));
    for (const name of this.missingSince.keys()) if (known.has(name)) this.missingSince.delete(name);
    for (const pod of pods) {
      const node = pod.spec?.nodeName;
      if (node && !known.has(node) && !this.missingSince.has(node)) this.missingSince.set(node, now);
    }
    const gone = new Set<string>();
    for (const [node, since] of this.missingSince) {
      if (now - since < QUARANTINE_MS) continue;
      if (await this.confirmedGone(node)) gone.add(node);
      else this.missingSince.delete(node);
    }
    for (const pod of pods) {
      if (!gone.has(pod.spec?.nodeName ?? '')) continue;
      await this.markOrphaned(pod);
      await this.forceDelete(pod);
    }
  }

  /** The cache may lag: ask the apiserver before deleting anything. */
  private async confirmedGone(node: string): Promise<boolean> {
    try {
      await this.ctx.client.resource(NODES).get(node);
      return false;
    } catch (err) {
      if (isNotFound(err)) return true;
      throw err;
    }
  }

  private async markOrphaned(pod: Pod): Promise<void> {
    const condition = {
      type: 'DisruptionTarget',
      status: 'True',
      lastTransitionTime: rfc3339(this.ctx.clock.now()),
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
    };
    const status: Record<string, unknown> = { conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition] };
    if (!isTerminal(pod)) status.phase = 'Failed';
    try {
      await this.ctx.client.resource(PODS, pod.metadata.namespace).patch(pod.metadata.name!, 'merge', { metadata: { uid: pod.metadata.uid }, status }, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async forceDelete(pod: Pod): Promise<void> {
    try {
      await this.ctx.client.resource(PODS, pod.metadata.namespace).delete(pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
