/**
 * Upstream's PriorityQueue: activeQ (highest priority first, then earliest enqueue), backoffQ (pods
 * waiting out 1 s doubling to 10 s per failed attempt) and unschedulable pods, which go back when a
 * cluster event could make them schedulable, or after 5 minutes regardless.
 */
import type { Clock } from '../../sim/types';
import { podKey, podPriority, type Pod } from '../framework/types';

/** Upstream's defaults. */
export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
export const POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;
/** How often the backoff and unschedulable pools are flushed. */
export const BACKOFF_FLUSH_INTERVAL_MS = 1_000;
export const UNSCHEDULABLE_FLUSH_INTERVAL_MS = 30_000;

/** A pod in the queue with its bookkeeping (upstream's QueuedPodInfo). */
export interface QueuedPodInfo {
  pod: Pod;
  /** `namespace/name`, computed once (the heap compares and indexes by it on every swap). */
  readonly key: string;
  /** When it entered activeQ (priority ties break on it). */
  timestampMs: number;
  /** When it was first queued. */
  initialAttemptTimestampMs: number;
  attempts: number;
  /** Plugins that rejected it last time; an event must concern one of them to move it. */
  unschedulablePlugins: Set<string>;
  /** The queue's scheduling cycle when it was popped. */
  cycle: number;
}

/** A cluster event as upstream's ClusterEvent (resource and action). */
export interface ClusterEvent {
  resource: 'Pod' | 'Node' | 'AssignedPod' | 'PersistentVolumeClaim' | 'Service';
  action: 'Add' | 'Update' | 'Delete';
  label: string;
}

/** Which events can help a pod each plugin rejected (upstream's EventsToRegister, coarsened). */
export const PLUGIN_EVENTS: Record<string, string[]> = {
  NodeUnschedulable: ['Node/Add', 'Node/Update'],
  NodeName: ['Node/Add'],
  TaintToleration: ['Node/Add', 'Node/Update'],
  NodeAffinity: ['Node/Add', 'Node/Update'],
  NodePorts: ['AssignedPod/Delete', 'Node/Add', 'Node/Update'],
  NodeResourcesFit: ['AssignedPod/Delete', 'AssignedPod/Update', 'Node/Add', 'Node/Update'],
  PodTopologySpread: ['AssignedPod/Add', 'AssignedPod/Update', 'AssignedPod/Delete', 'Node/Add', 'Node/Update', 'Node/Delete'],
  InterPodAffinity: ['AssignedPod/Add', 'AssignedPod/Update', 'AssignedPod/Delete', 'Node/Add', 'Node/Update'],
};

function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = podPriority(a.pod);
  const pb = podPriority(b.pod);
  return pa > pb || (pa === pb && a.timestampMs < b.timestampMs);
}

/** A binary heap of queued pods keyed by pod key. */
class Heap {
  private readonly items: QueuedPodInfo[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly lessFn: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean) {}

  get size(): number {
    return this.items.length;
  }
  has(key: string): boolean {
    return this.index.has(key);
  }
  get(key: string): QueuedPodInfo | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }
  peek(): QueuedPodInfo | undefined {
    return this.items[0];
  }
  push(q: QueuedPodInfo): void {
    const key = q.key;
    const i = this.index.get(key);
    if (i !== undefined) {
      this.items[i] = q;
      this.fix(i);
      return;
    }
    this.items.push(q);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }
  pop(): QueuedPodInfo | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0];
    this.removeAt(0);
    return top;
  }
  delete(key: string): QueuedPodInfo | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const q = this.items[i];
    this.removeAt(i);
    return q;
  }
  list(): QueuedPodInfo[] {
    return this.items.slice();
  }
  private removeAt(i: number): void {
    const last = this.items.pop()!;
    this.index.delete((this.items[i] ?? last).key);
    if (i < this.items.length) {
      this.items[i] = last;
      this.index.set(last.key, i);
      this.fix(i);
    }
  }
  private fix(i: number): void {
    this.up(i);
    this.down(i);
  }
  private swap(i: number, j: number): void {
    [this.items[i], this.items[j]] = [this.items[j], this.items[i]];
    this.index.set(this.items[i].key, i);
    this.index.set(this.items[j].key, j);
  }
  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.lessFn(this.items[i], this.items[p])) break;
      this.swap(i, p);
      i = p;
    }
  }
  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.items.length && this.lessFn(this.items[l], this.items[m])) m = l;
      if (r < this.items.length && this.lessFn(this.items[r], this.items[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

/** The scheduling queue. */
export class SchedulingQueue {
  private readonly activeQ = new Heap(less);
  private readonly backoffQ: Heap;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly gated = new Map<string, QueuedPodInfo>();
  /** Pods popped and being scheduled now. */
  private readonly inFlight = new Set<string>();
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  /** Called whenever activeQ gains a pod. */
  onActive: () => void = () => {};

  constructor(
    private readonly clock: Clock,
    readonly initialBackoffMs = DEFAULT_POD_INITIAL_BACKOFF_MS,
    readonly maxBackoffMs = DEFAULT_POD_MAX_BACKOFF_MS,
  ) {
    this.backoffQ = new Heap((a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Backoff for a pod that failed `attempts` times: initial x 2^(attempts-1), capped. */
  backoffDuration(attempts: number): number {
    // A pod never tried (e.g. just un-gated) has no backoff.
    if (attempts <= 0) return 0;
    let d = this.initialBackoffMs;
    for (let i = 1; i < attempts; i++) {
      d *= 2;
      if (d > this.maxBackoffMs) return this.maxBackoffMs;
    }
    return Math.min(d, this.maxBackoffMs);
  }

  /** When the pod's backoff ends. */
  backoffExpiry(q: QueuedPodInfo): number {
    return q.timestampMs + this.backoffDuration(q.attempts);
  }

  private newInfo(pod: Pod): QueuedPodInfo {
    const now = this.clock.now();
    return { pod, key: podKey(pod), timestampMs: now, initialAttemptTimestampMs: now, attempts: 0, unschedulablePlugins: new Set(), cycle: 0 };
  }

  /** A new pending pod (gated pods wait in the gated pool, as SchedulingGates' PreEnqueue). */
  add(pod: Pod): void {
    const q = this.newInfo(pod);
    const key = podKey(pod);
    if ((pod.spec.schedulingGates?.length ?? 0) > 0) {
      this.gated.set(key, q);
      return;
    }
    this.gated.delete(key);
    this.unschedulable.delete(key);
    this.backoffQ.delete(key);
    this.activeQ.push(q);
    this.onActive();
  }

  /** The pending pod changed: refresh it; an unschedulable one is retried. */
  update(oldPod: Pod, pod: Pod): void {
    const key = podKey(pod);
    const a = this.activeQ.get(key) ?? this.backoffQ.get(key);
    if (a) {
      a.pod = pod;
      if (this.activeQ.has(key)) this.activeQ.push(a);
      else this.backoffQ.push(a);
      return;
    }
    const u = this.unschedulable.get(key) ?? this.gated.get(key);
    if (u) {
      // Status-only changes (our own condition patch included) do not make a pod schedulable.
      if (!podSpecOrMetaChanged(oldPod, pod)) {
        u.pod = pod;
        return;
      }
      u.pod = pod;
      this.gated.delete(key);
      this.unschedulable.delete(key);
      if ((pod.spec.schedulingGates?.length ?? 0) > 0) this.gated.set(key, u);
      else this.requeue(u, this.clock.now());
      return;
    }
    if (!this.inFlight.has(key)) this.add(pod);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.gated.delete(key);
  }

  /** Takes the highest-priority pod, or undefined when activeQ is empty. */
  pop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    q.cycle = ++this.schedulingCycle;
    this.inFlight.add(q.key);
    return q;
  }

  /** The pod's scheduling attempt is over (bound or re-queued). */
  done(pod: Pod): void {
    this.inFlight.delete(podKey(pod));
  }

  /** A pod that failed: backoffQ if something moved meanwhile or it errored, else unschedulable. */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, isError = false): void {
    const key = podKey(q.pod);
    this.inFlight.delete(key);
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key)) return;
    q.timestampMs = this.clock.now();
    if (isError || this.moveRequestCycle >= q.cycle) this.backoffQ.push(q);
    else this.unschedulable.set(key, q);
  }

  private requeue(q: QueuedPodInfo, now: number): void {
    if (this.backoffExpiry(q) > now) this.backoffQ.push(q);
    else {
      this.activeQ.push(q);
      this.onActive();
    }
  }

  /** A cluster event happened: unschedulable pods it may help move to activeQ or backoffQ. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent): void {
    const now = this.clock.now();
    const ev = `${event.resource}/${event.action}`;
    for (const [key, q] of this.unschedulable) {
      if (!podMatchesEvent(q, ev)) continue;
      this.unschedulable.delete(key);
      this.requeue(q, now);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** Moves pods whose backoff expired to activeQ (every second, as upstream). */
  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (let q = this.backoffQ.peek(); q && this.backoffExpiry(q) <= now; q = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.activeQ.push(q);
      this.onActive();
    }
  }

  /** Moves pods unschedulable for over 5 minutes back (every 30 s, as upstream). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    for (const [key, q] of this.unschedulable) {
      if (now - q.timestampMs <= POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS) continue;
      this.unschedulable.delete(key);
      this.requeue(q, now);
    }
  }

  /** Sizes of the pools, for tests and the UI. */
  stats(): { active: number; backoff: number; unschedulable: number; gated: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size, gated: this.gated.size };
  }

  /** Where a pod waits: 'active', 'backoff', 'unschedulable', 'gated', or undefined. */
  whereIs(pod: Pod): string | undefined {
    const key = podKey(pod);
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key)) return 'backoff';
    if (this.unschedulable.has(key)) return 'unschedulable';
    if (this.gated.has(key)) return 'gated';
    return undefined;
  }
}

function podMatchesEvent(q: QueuedPodInfo, ev: string): boolean {
  // A pod rejected without a known plugin (or by one we have no map for) moves on any event.
  if (q.unschedulablePlugins.size === 0) return true;
  for (const p of q.unschedulablePlugins) {
    const evs = PLUGIN_EVENTS[p];
    if (!evs || evs.includes(ev)) return true;
  }
  return false;
}

// Upstream's isPodUpdated: the pod minus resourceVersion, generation, managedFields and status.
function podSpecOrMetaChanged(a: Pod, b: Pod): boolean {
  return specAndMetaText(a) !== specAndMetaText(b);
}

function specAndMetaText(p: Pod): string {
  const { resourceVersion: _rv, generation: _g, managedFields: _mf, ...meta } = p.metadata as Pod['metadata'] & { managedFields?: unknown };
  return JSON.stringify([meta, p.spec]);
}
