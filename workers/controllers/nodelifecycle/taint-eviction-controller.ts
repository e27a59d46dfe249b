/**
 * The taint eviction controller (upstream pkg/controller/tainteviction, the NoExecute taint
 * manager): a pod on a node with NoExecute taints it does not tolerate is deleted at once; one that
 * tolerates them for tolerationSeconds is deleted when the shortest of those runs out, unless the
 * taints go first. Deletions carry a DisruptionTarget condition and a TaintManagerEviction Event.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { NODE_NAME_INDEX } from '../../client/indexer';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import type { TimerId } from '../../sim/types';
import { isNotFound } from '../api-errors';
import { rfc3339 } from '../meta-time';
import { QueueWorker } from '../shared/queue-worker';
import { matchingTolerations, type Taint, type Toleration } from '../tolerations';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

type Node = KubeObject & { spec?: { taints?: Taint[] } };
type Pod = KubeObject & { spec?: { nodeName?: string; tolerations?: Toleration[] }; status?: { conditions?: Record<string, unknown>[] } };

/** How long a pod may stay: 0 = evict now, Infinity = never, else ms. */
export function minTolerationMs(taints: Taint[], tolerations: Toleration[] | undefined): number {
  let min = Infinity;
  for (const taint of taints) {
    const matching = matchingTolerations(taint, tolerations);
    if (matching.length === 0) return 0;
    // Any matching toleration without a time limit tolerates this taint forever.
    if (matching.some((t) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) continue;
    const seconds = Math.min(...matching.map((t) => t.tolerationSeconds!));
    min = Math.min(min, Math.max(0, seconds) * 1000);
  }
  return min;
}

interface ScheduledEviction {
  createdAtMs: number;
  fireAtMs: number;
  timer: TimerId;
}

/** Deletes pods whose NoExecute taints are not (or no longer) tolerated. */
export class TaintEvictionController {
  readonly nodes: SharedInformer<Node>;
  readonly pods: SharedInformer<Pod>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  private readonly scheduled = new Map<string, ScheduledEviction>();

  constructor(private readonly ctx: ComponentContext) {
    const t = ctx.timers;
    this.nodes = new SharedInformer<Node>(ctx.client.resource<Node>(NODES), { timers: t, name: 'tainteviction:nodes' });
    this.pods = new SharedInformer<Pod>(ctx.client.resource<Pod>(PODS), { timers: t, name: 'tainteviction:pods' });
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'taint_eviction' });
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), { name: 'taint_eviction' });
    const enqueuePod = (p: KubeObject) => this.queue.add(metaNamespaceKey(p.metadata));
    this.pods.addEventHandler({ onAdd: enqueuePod, onUpdate: (_o, n) => enqueuePod(n), onDelete: (x) => enqueuePod(objectOfDelete(x)) });
    const enqueueNodePods = (n: KubeObject) => {
      for (const p of this.pods.lister.byIndex(NODE_NAME_INDEX, n.metadata.name!)) enqueuePod(p);
    };
    this.nodes.addEventHandler({
      onAdd: enqueueNodePods,
      onUpdate: (o, n) => {
        if (JSON.stringify(noExecute(o)) !== JSON.stringify(noExecute(n))) enqueueNodePods(n);
      },
      onDelete: (x) => enqueueNodePods(objectOfDelete(x)),
    });
  }

  start(): void {
    this.nodes.run();
    this.pods.run();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.nodes.stop();
    this.pods.stop();
    for (const s of this.scheduled.values()) this.ctx.timers.cancel(s.timer);
    this.scheduled.clear();
  }

  /** Virtual time at which a pod is due for eviction, if one is scheduled. */
  scheduledAt(key: string): number | undefined {
    return this.scheduled.get(key)?.fireAtMs;
  }

  /** Decides one pod's fate (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.nodes.hasSynced() || !this.pods.hasSynced()) return void this.queue.addAfter(key, 100);
    const pod = this.pods.lister.get(splitMetaNamespaceKey(key).namespace, splitMetaNamespaceKey(key).name);
    if (!pod || pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return this.cancel(key, false);
    const node = this.nodes.lister.get('', pod.spec.nodeName);
    const taints = node ? noExecute(node) : [];
    if (taints.length === 0) return this.cancel(key, true);
    const allowedMs = minTolerationMs(taints, pod.spec.tolerations);
    if (allowedMs === Infinity) return this.cancel(key, true);
    const now = this.ctx.clock.now();
    const existing = this.scheduled.get(key);
    const createdAtMs = existing?.createdAtMs ?? now;
    const fireAtMs = createdAtMs + allowedMs;
    if (existing && existing.fireAtMs <= fireAtMs) return;
    if (existing) this.ctx.timers.cancel(existing.timer);
    const timer = this.ctx.timers.at(Math.max(now, fireAtMs), () => void this.fire(key), 'tainteviction:evict');
    this.scheduled.set(key, { createdAtMs, fireAtMs, timer });
  }

  private cancel(key: string, withEvent: boolean): void {
    const s = this.scheduled.get(key);
    if (!s) return;
    this.ctx.timers.cancel(s.timer);
    this.scheduled.delete(key);
    if (withEvent) this.ctx.recorder.event(podStub(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private async fire(key: string): Promise<void> {
    this.scheduled.delete(key);
    this.ctx.recorder.event(podStub(key), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pods = this.ctx.client.resource<Pod>(PODS, namespace);
    try {
      const pod = structuredClone(await pods.get(name));
      const conditions = ((pod.status ??= {}).conditions ??= []).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({
        type: 'DisruptionTarget', status: 'True', lastTransitionTime: rfc3339(this.ctx.clock.now()),
        reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
      });
      pod.status.conditions = conditions;
      await pods.updateStatus(pod);
      await pods.delete(name, { preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      // A pod already gone needs nothing; other failures come back through the pod's next event.
      if (!isNotFound(err)) this.queue.addAfter(key, 1_000);
    }
  }
}

function noExecute(node: KubeObject): Taint[] {
  return ((node as Node).spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/** Upstream records these Events against a bare Pod reference. */
function podStub(key: string): KubeObject {
  const { namespace, name } = splitMetaNamespaceKey(key);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}
