/**
 * The taint eviction controller (upstream pkg/controller/tainteviction, the NoExecute taint
 * manager): a pod on a node with NoExecute taints it does not tolerate is deleted at once; one that
 * tolerates them for tolerationSeconds is deleted when the shortest of those runs out, unless the
 * taints go first. Deletions carry a DisruptionTarget condition and a TaintManagerEviction Event;
 * cancelled ones an Event too.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { NODE_NAME_INDEX } from '../../client/indexer';
import { objectOfDelete, type SharedInformer } from '../../client/informer';
import { metaNamespaceKey, splitMetaNamespaceKey } from '../../client/paths';
import { WorkQueue } from '../../client/workqueue';
import type { TimerId } from '../../sim/types';
import { isNotFound } from '../api-errors';
import { InformerSet, type InformerSource } from '../informer-set';
import { rfc3339 } from '../meta-time';
import { QueueWorker } from '../shared/queue-worker';
import type { Taint, Toleration } from '../tolerations';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

type Node = KubeObject & { spec?: { taints?: Taint[] } };
type Pod = KubeObject & { spec?: { nodeName?: string; tolerations?: Toleration[] }; status?: { conditions?: Record<string, unknown>[] } };

/** Upstream Toleration.ToleratesTaint: effect and key match (empty matches all), value by operator. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return t.operator === 'Exists';
}

/**
 * How long a pod may stay (upstream GetMatchingTolerations + getMinTolerationTime): 0 = evict now,
 * Infinity = never, else ms. Each taint is judged by the first toleration matching it; the shortest
 * tolerationSeconds among those wins, and one of 0 or less means now.
 */
export function minTolerationMs(taints: Taint[], tolerations: Toleration[] | undefined): number {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const first = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!first) return 0;
    used.push(first);
  }
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds * 1000);
  }
  return min;
}

interface ScheduledEviction {
  createdAtMs: number;
  fireAtMs: number;
  /** undefined once fired: the key stays so the pod is not evicted twice. */
  timer?: TimerId;
}

/** Deletes pods whose NoExecute taints are not (or no longer) tolerated. */
export class TaintEvictionController {
  readonly nodes: SharedInformer<Node>;
  readonly pods: SharedInformer<Pod>;
  readonly queue: WorkQueue<string>;
  private readonly worker: QueueWorker;
  private readonly scheduled = new Map<string, ScheduledEviction>();
  private readonly informerSet: InformerSet;

  /** `informers`: a shared source (kube-controller-manager's factory). */
  constructor(private readonly ctx: ComponentContext, opts: { informers?: InformerSource } = {}) {
    const t = ctx.timers;
    const inf = (this.informerSet = new InformerSet(ctx, opts.informers));
    this.nodes = inf.get<Node>(NODES, 'tainteviction:nodes');
    this.pods = inf.get<Pod>(PODS, 'tainteviction:pods');
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: t, name: 'taint_eviction' });
    this.worker = new QueueWorker(this.queue, t, (k) => this.sync(k), { name: 'taint_eviction' });
    const enqueuePod = (p: KubeObject) => this.queue.add(metaNamespaceKey(p.metadata));
    inf.on(this.pods, {
      onAdd: enqueuePod,
      // Only a new node or new tolerations change a pod's fate (upstream podUpdated).
      onUpdate: (o, n) => {
        if (o.spec?.nodeName !== n.spec?.nodeName || (o.spec?.tolerations !== n.spec?.tolerations && JSON.stringify(o.spec?.tolerations) !== JSON.stringify(n.spec?.tolerations))) enqueuePod(n);
      },
      onDelete: (x) => enqueuePod(objectOfDelete(x)),
    });
    const enqueueNodePods = (n: KubeObject) => {
      for (const p of this.pods.lister.byIndex(NODE_NAME_INDEX, n.metadata.name!)) enqueuePod(p);
    };
    inf.on(this.nodes, {
      onAdd: enqueueNodePods,
      onUpdate: (o, n) => {
        if (JSON.stringify(noExecute(o)) !== JSON.stringify(noExecute(n))) enqueueNodePods(n);
      },
    });
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
    for (const s of this.scheduled.values()) if (s.timer !== undefined) this.ctx.timers.cancel(s.timer);
    this.scheduled.clear();
  }

  /** Virtual time at which a pod is due for eviction, if one is pending. */
  scheduledAt(key: string): number | undefined {
    const s = this.scheduled.get(key);
    return s?.timer !== undefined ? s.fireAtMs : undefined;
  }

  /** Decides one pod's fate (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    if (!this.informerSet.synced()) return void this.queue.addAfter(key, 100);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister.get(namespace, name);
    if (!pod) return this.cancel(key);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const node = this.nodes.lister.get('', nodeName);
    // A deleted node leaves pending evictions alone, as upstream (the pod GC takes over).
    if (!node) return;
    const taints = noExecute(node);
    if (taints.length === 0) return this.cancel(key);
    const allowedMs = minTolerationMs(taints, pod.spec?.tolerations);
    if (allowedMs === Infinity) return this.cancel(key);
    this.schedule(key, allowedMs);
  }

  /**
   * Upstream processPodOnNode: an untolerated taint replaces any pending eviction with one now; a
   * pending one otherwise keeps counting from when it started; a fired one is never repeated.
   */
  private schedule(key: string, allowedMs: number): void {
    const existing = this.scheduled.get(key);
    if (existing && existing.timer === undefined) return;
    if (allowedMs === 0) this.cancel(key);
    else if (existing) return;
    const now = this.ctx.clock.now();
    const fireAtMs = now + allowedMs;
    const timer = this.ctx.timers.at(fireAtMs, () => void this.fire(key), 'tainteviction:evict');
    this.scheduled.set(key, { createdAtMs: now, fireAtMs, timer });
  }

  /** Drops a pending eviction; an Event only when one was still counting down. */
  private cancel(key: string): void {
    const s = this.scheduled.get(key);
    if (!s) return;
    this.scheduled.delete(key);
    if (s.timer === undefined) return;
    this.ctx.timers.cancel(s.timer);
    this.ctx.recorder.event(podRef(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private async fire(key: string): Promise<void> {
    const s = this.scheduled.get(key);
    if (s) s.timer = undefined;
    this.ctx.recorder.event(podRef(key), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pods = this.ctx.client.resource<Pod>(PODS, namespace);
    try {
      const pod = await pods.get(name);
      const has = (pod.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'DeletionByTaintManager');
      if (!has) {
        const condition = {
          type: 'DisruptionTarget', status: 'True', lastTransitionTime: rfc3339(this.ctx.clock.now()),
          reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
        };
        await pods.patch(name, 'strategic', { metadata: { uid: pod.metadata.uid }, status: { conditions: [condition] } }, { subresource: 'status' });
      }
      await pods.delete(name);
    } catch (err) {
      if (isNotFound(err)) return;
      // Upstream retries a few times, then forgets the work so a later update can schedule it again.
      this.scheduled.delete(key);
      this.queue.addAfter(key, 10);
    }
  }
}

function noExecute(node: KubeObject): Taint[] {
  return ((node as Node).spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/** Upstream records these Events against a bare Pod reference. */
function podRef(key: string): KubeObject {
  const { namespace, name } = splitMetaNamespaceKey(key);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}
