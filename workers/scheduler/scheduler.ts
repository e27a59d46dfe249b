/**
 * kube-scheduler: watches pods and nodes, keeps the cache and the queue, and runs one scheduling
 * cycle per kernel event (scheduleOne); binding runs asynchronously while the next cycle starts, with
 * the pod assumed in the cache meanwhile. Each Scheduler serves its own schedulerName profiles, so
 * several can run side by side.
 */
import type { KubeObject } from '../api/types';
import type { Component, ComponentContext } from '../client/component';
import { rfc3339Seconds } from '../client/event-recorder';
import { objectOfDelete, SharedInformer } from '../client/informer';
import { SchedulerCache } from './framework/cache';
import { Code, fitErrorMessage, newDiagnosis, type Status } from './framework/status';
import type { Framework } from './framework/framework';
import { newPodInfo, type PodInfo } from './framework/pod-info';
import { Snapshot } from './framework/snapshot';
import type { Node, Pod, PodCondition } from './framework/types';
import { podKey } from './framework/types';
import { DEFAULT_SCHEDULER_NAME, newDefaultFramework } from './profile';
import { BACKOFF_FLUSH_INTERVAL_MS, SchedulingQueue, UNSCHEDULABLE_FLUSH_INTERVAL_MS, type ClusterEvent, type QueuedPodInfo } from './queue/scheduling-queue';
import { SchedulingResultsStore, type AttemptOutcome, type AttemptResult } from './results';
import { ScheduleAlgorithm, type ScheduleAttempt } from './schedule-one';
import { assignedPodUpdateMatters, nodeSchedulingPropertiesChanged } from './cluster-events';
import { defaultSelector, type DefaultSelectorListers } from './default-spread-selector';
import { Nominator } from './queue/nominator';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
/** What system-default topology spreading reads (upstream's scheduler watches the same). */
const SPREAD_SOURCES = {
  services: { group: '', version: 'v1', resource: 'services' },
  replicationControllers: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  replicaSets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  statefulSets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
} as const;
/** Upstream's ErrNoNodesAvailable. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
/** Upstream's truncateMessage: event notes are cut to 1024 bytes, ending in " ...". */
const MAX_EVENT_MESSAGE = 1024;
const TRUNCATED_SUFFIX = ' ...';

/** Scheduler settings beyond the component context. */
export interface SchedulerOptions {
  /** Profiles by schedulerName; default `['default-scheduler']`. */
  schedulerNames?: string[];
  /** 0 (default) is upstream's adaptive percentage. */
  percentageOfNodesToScore?: number;
  /** Keep per-node plugin results for the UI (default true). */
  recordResults?: boolean;
  /** Where results go; pass one store to keep results across scheduler restarts (default: a new one). */
  results?: SchedulingResultsStore;
  /** Adjusts each profile after the default plugins are registered (out-of-tree plugins, as a custom build would). */
  configureProfile?: (fw: Framework) => void;
}

/** kube-scheduler. */
export class Scheduler implements Component {
  readonly cache = new SchedulerCache();
  readonly snapshot = new Snapshot();
  readonly queue: SchedulingQueue;
  readonly results: SchedulingResultsStore;
  readonly frameworks = new Map<string, Framework>();
  readonly algorithm: ScheduleAlgorithm;
  readonly nominator = new Nominator();
  readonly podInformer: SharedInformer<Pod>;
  readonly nodeInformer: SharedInformer<Node>;
  /** Services and controllers, for system-default topology spreading. */
  readonly spreadInformers: SharedInformer<KubeObject>[] = [];
  private running = false;
  private cycleScheduled = false;
  private cycleRunning = false;
  private readonly timerIds: number[] = [];
  /** Bindings and status patches in flight, for tests that wait for them. */
  private readonly bindings = new Set<Promise<void>>();

  constructor(
    private readonly ctx: ComponentContext,
    opts: SchedulerOptions = {},
  ) {
    this.queue = new SchedulingQueue(ctx.clock);
    this.queue.onActive = () => this.kick();
    this.results = opts.results ?? new SchedulingResultsStore();
    this.algorithm = new ScheduleAlgorithm(ctx.rng.fork('scheduler'), opts.percentageOfNodesToScore ?? 0, opts.recordResults ?? true);
    this.algorithm.nominator = this.nominator;
    const deps = { client: ctx.client, recorder: ctx.recorder, clock: ctx.clock, timers: ctx.timers, rng: ctx.rng.fork('preemption'), snapshot: () => this.snapshot };
    const listers = this.makeSpreadInformers();
    const selectorOf = (pod: Pod) => defaultSelector(pod, listers);
    for (const name of opts.schedulerNames ?? [DEFAULT_SCHEDULER_NAME]) {
      const fw = newDefaultFramework(name, deps, selectorOf);
      opts.configureProfile?.(fw);
      this.frameworks.set(name, fw);
    }
    this.podInformer = new SharedInformer<Pod>(ctx.client.resource<Pod>(PODS), { timers: ctx.timers, name: 'scheduler-pods', rng: ctx.rng.fork('pod-informer') });
    this.nodeInformer = new SharedInformer<Node>(ctx.client.resource<Node>(NODES), { timers: ctx.timers, name: 'scheduler-nodes', rng: ctx.rng.fork('node-informer') });
    this.addEventHandlers();
  }

  private makeSpreadInformers(): DefaultSelectorListers {
    const out: Partial<DefaultSelectorListers> = {};
    for (const key of Object.keys(SPREAD_SOURCES) as (keyof DefaultSelectorListers)[]) {
      const gvr = SPREAD_SOURCES[key];
      const inf = new SharedInformer<KubeObject>(this.ctx.client.resource(gvr), { timers: this.ctx.timers, name: `scheduler-${gvr.resource}`, rng: this.ctx.rng.fork(gvr.resource) });
      this.spreadInformers.push(inf);
      out[key] = inf.lister;
    }
    return out as DefaultSelectorListers;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const inf of this.spreadInformers) inf.run();
    this.nodeInformer.run();
    this.podInformer.run();
    this.every(BACKOFF_FLUSH_INTERVAL_MS, () => this.queue.flushBackoffQCompleted());
    this.every(UNSCHEDULABLE_FLUSH_INTERVAL_MS, () => this.queue.flushUnschedulablePodsLeftover());
  }

  stop(): void {
    this.running = false;
    this.podInformer.stop();
    this.nodeInformer.stop();
    for (const inf of this.spreadInformers) inf.stop();
    for (const id of this.timerIds.splice(0)) this.ctx.timers.cancel(id);
    // A stopped process forgets the pods its Permit plugins held; their binding cycles end quietly.
    for (const fw of this.frameworks.values()) for (const wp of fw.waitingPods.values()) wp.reject('', 'scheduler stopped');
  }

  /** Resolves when every binding and status patch started so far has finished. */
  async idle(): Promise<void> {
    while (this.bindings.size > 0) await Promise.all(this.bindings);
  }

  private every(ms: number, fn: () => void): void {
    const tick = () => {
      if (!this.running) return;
      fn();
      this.timerIds.push(this.ctx.timers.after(ms, tick, 'scheduler:flush'));
    };
    this.timerIds.push(this.ctx.timers.after(ms, tick, 'scheduler:flush'));
  }

  private responsibleFor(pod: Pod): boolean {
    return this.frameworks.has(pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  }

  private addEventHandlers(): void {
    const move = (e: ClusterEvent) => this.queue.moveAllToActiveOrBackoffQueue(e);
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.onPodAdd(pod),
      onUpdate: (oldPod, pod) => {
        if (oldPod.spec.nodeName) {
          this.cache.updatePod(oldPod, pod);
          if (assignedPodUpdateMatters(oldPod, pod)) move({ resource: 'AssignedPod', action: 'Update', label: 'AssignedPodUpdate' });
        } else if (pod.spec.nodeName) {
          this.queue.delete(pod);
          this.onPodAdd(pod);
        } else if (this.responsibleFor(pod) && !terminal(pod)) {
          this.nominator.update(pod);
          this.queue.update(oldPod, pod);
        }
        else this.queue.delete(pod);
      },
      onDelete: (x) => {
        const pod = objectOfDelete(x);
        this.nominator.delete(pod);
        if (pod.spec.nodeName || this.cache.isAssumedPod(pod)) {
          this.cache.removePod(pod);
          move({ resource: 'AssignedPod', action: 'Delete', label: 'AssignedPodDelete' });
        } else this.queue.delete(pod);
        this.results.forget(podKey(pod));
      },
    });
    this.nodeInformer.addEventHandler({
      onAdd: (node) => {
        this.cache.addNode(node);
        move({ resource: 'Node', action: 'Add', label: 'NodeAdd' });
      },
      onUpdate: (oldNode, node) => {
        this.cache.updateNode(node);
        if (nodeSchedulingPropertiesChanged(oldNode, node)) move({ resource: 'Node', action: 'Update', label: 'NodeUpdate' });
      },
      onDelete: (x) => {
        this.cache.removeNode(objectOfDelete(x));
        move({ resource: 'Node', action: 'Delete', label: 'NodeDelete' });
      },
    });
  }

  private onPodAdd(pod: Pod): void {
    this.nominator.update(pod);
    if (pod.spec.nodeName) {
      this.cache.addPod(pod);
      this.queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Add', label: 'AssignedPodAdd' });
    } else if (this.responsibleFor(pod) && !terminal(pod)) this.queue.add(pod);
  }

  /** Schedules a cycle for the next kernel event if none is pending. */
  private kick(): void {
    if (!this.running || this.cycleScheduled || this.cycleRunning) return;
    this.cycleScheduled = true;
    this.ctx.timers.after(0, () => {
      this.cycleScheduled = false;
      // A stopped scheduler starts no cycle (the fault "stop the scheduler" leaves pods Pending).
      if (this.running) void this.scheduleOne();
    }, 'scheduler:scheduleOne');
  }

  /** One scheduling cycle for the next pod in activeQ. */
  async scheduleOne(): Promise<void> {
    const q = this.queue.pop();
    if (!q) return;
    this.cycleRunning = true;
    try {
      await this.schedulingCycle(q);
    } finally {
      this.cycleRunning = false;
      if (this.queue.stats().active > 0) this.kick();
    }
  }

  private skipPodSchedule(pod: Pod): boolean {
    if (pod.metadata.deletionTimestamp) return true;
    return this.cache.isAssumedPod(pod);
  }

  private async schedulingCycle(q: QueuedPodInfo): Promise<void> {
    const pod = q.pod;
    const fw = this.frameworks.get(pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME);
    if (!fw || this.skipPodSchedule(pod)) return this.queue.done(pod);
    this.cache.updateSnapshot(this.snapshot);
    const pi = newPodInfo(pod);
    const attempt = this.algorithm.schedulePod(fw, this.snapshot, pi);
    if (!attempt.result) return this.onCycleFailure(fw, q, pi, attempt);
    const host = attempt.result.suggestedHost;
    this.cache.assumePod(pod, host, pi);
    const reserve = fw.runReservePluginsReserve(attempt.state, pi, host);
    const permit = reserve.isSuccess() ? fw.runPermitPlugins(attempt.state, pi, host) : reserve;
    if (!permit.isSuccess() && permit.code !== Code.Wait) {
      fw.runReservePluginsUnreserve(attempt.state, pi, host);
      this.cache.forgetPod(pod);
      return this.failOnNode(fw, q, attempt, host, permit);
    }
    this.track(this.bindingCycle(fw, q, pi, attempt, host));
  }

  private track(p: Promise<void>): void {
    this.bindings.add(p);
    void p.finally(() => this.bindings.delete(p));
  }

  private async onCycleFailure(fw: Framework, q: QueuedPodInfo, pi: PodInfo, attempt: ScheduleAttempt): Promise<void> {
    if (attempt.noNodes) {
      this.record(fw, q, attempt, 'Unschedulable', ERR_NO_NODES_AVAILABLE);
      return this.handleFailure(q, ERR_NO_NODES_AVAILABLE, false, undefined);
    }
    if (attempt.error) {
      const msg = attempt.error.message();
      this.record(fw, q, attempt, 'Error', msg);
      return this.handleFailure(q, msg, true, undefined);
    }
    const fitError = attempt.fitError!;
    const post = await fw.runPostFilterPlugins(attempt.state, pi, fitError.diagnosis.nodeToStatus);
    fitError.diagnosis.postFilterMsg = post.status.message();
    if (post.nominatedNodeName) this.nominator.add(q.pod, post.nominatedNodeName);
    else if (post.nominatedNodeName === '') this.nominator.delete(q.pod);
    q.unschedulablePlugins = fitError.diagnosis.unschedulablePlugins;
    const msg = fitError.message;
    this.record(fw, q, attempt, 'Unschedulable', msg);
    return this.handleFailure(q, msg, false, post.nominatedNodeName);
  }

  // Upstream: a Reserve/Permit failure on the chosen node; a rejection reads as a FitError over that one node.
  private failOnNode(fw: Framework, q: QueuedPodInfo, attempt: ScheduleAttempt, host: string, status: Status): Promise<void> {
    if (!status.isRejected()) {
      this.record(fw, q, attempt, 'Error', status.message());
      return this.handleFailure(q, status.message(), true, undefined);
    }
    const d = newDiagnosis();
    d.nodeToStatus.set(host, status);
    d.unschedulablePlugins.add(status.plugin);
    q.unschedulablePlugins = d.unschedulablePlugins;
    const msg = fitErrorMessage(1, d);
    this.record(fw, q, attempt, 'Unschedulable', msg);
    return this.handleFailure(q, msg, false, undefined);
  }

  private async bindingCycle(fw: Framework, q: QueuedPodInfo, pi: PodInfo, attempt: ScheduleAttempt, host: string): Promise<void> {
    const pod = q.pod;
    const permit = await fw.waitOnPermit(pi);
    if (!this.running) return;
    if (!permit.isSuccess()) {
      fw.runReservePluginsUnreserve(attempt.state, pi, host);
      this.cache.forgetPod(pod);
      // The room the pod held is free again: pods it kept out may fit now.
      if (permit.isRejected()) this.queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Delete', label: 'AssignedPodDelete' });
      return this.failOnNode(fw, q, attempt, host, permit);
    }
    let status = await fw.runPreBindPlugins(attempt.state, pi, host);
    if (status.isSuccess()) status = await fw.runBindPlugins(attempt.state, pi, host);
    if (!status.isSuccess()) {
      fw.runReservePluginsUnreserve(attempt.state, pi, host);
      this.cache.forgetPod(pod);
      this.queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Delete', label: 'AssignedPodDelete' });
      const msg = `binding rejected: ${status.message()}`;
      this.record(fw, q, attempt, 'Error', msg);
      return this.handleFailure(q, msg, true, undefined);
    }
    this.queue.done(pod);
    const msg = `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${host}`;
    this.record(fw, q, attempt, 'Scheduled', msg, host);
    this.ctx.recorder.event(pod, 'Normal', 'Scheduled', msg);
  }

  private record(fw: Framework, q: QueuedPodInfo, a: ScheduleAttempt, outcome: AttemptOutcome, message: string, selectedNode?: string): void {
    const r = a.record;
    if (!r) return;
    r.pod = podKey(q.pod);
    r.uid = q.pod.metadata.uid ?? '';
    r.profile = fw.profileName;
    r.attempt = q.attempts;
    r.timeMs = this.ctx.clock.now();
    r.outcome = outcome;
    r.message = message;
    r.evaluatedNodes = a.result?.evaluatedNodes ?? r.rows.length;
    r.feasibleNodes = a.result?.feasibleNodes ?? 0;
    r.unevaluatedNodes = a.unevaluatedNodes;
    if (selectedNode) r.selectedNode = selectedNode;
    this.results.record(r);
  }

  /** Upstream's handleSchedulingFailure: re-queue, FailedScheduling event, PodScheduled=False. */
  private async handleFailure(q: QueuedPodInfo, errMsg: string, isError: boolean, nominatedNodeName: string | undefined): Promise<void> {
    const cached = this.podInformer.lister.get(q.pod.metadata.namespace ?? '', q.pod.metadata.name ?? '');
    if (!cached || cached.spec.nodeName || cached.metadata.uid !== q.pod.metadata.uid) {
      this.queue.done(q.pod);
    } else {
      q.pod = cached;
      this.queue.addUnschedulableIfNotPresent(q, isError);
    }
    const msg = errMsg.length > MAX_EVENT_MESSAGE ? errMsg.slice(0, MAX_EVENT_MESSAGE - TRUNCATED_SUFFIX.length) + TRUNCATED_SUFFIX : errMsg;
    this.ctx.recorder.event(q.pod, 'Warning', 'FailedScheduling', msg);
    if (!cached || cached.spec.nodeName) return;
    // Upstream patches the status off the scheduling cycle's path; the next cycle need not wait.
    this.track(this.updatePodCondition(cached, isError ? 'SchedulerError' : 'Unschedulable', errMsg, nominatedNodeName));
  }

  // A JSON patch rather than a strategic one: a merge patch would drop `lastProbeTime: null`, which
  // upstream's status shows. The `test` op keeps a concurrent condition change from being overwritten.
  private async updatePodCondition(pod: Pod, reason: string, message: string, nominated: string | undefined): Promise<void> {
    const conditions = pod.status?.conditions;
    const i = conditions ? conditions.findIndex((c) => c.type === 'PodScheduled') : -1;
    const old = i >= 0 ? conditions![i] : undefined;
    const current = pod.status?.nominatedNodeName ?? '';
    const nnnChanged = nominated !== undefined && current !== nominated;
    if (old && old.status === 'False' && old.reason === reason && old.message === message && !nnnChanged) return;
    const cond: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: old && old.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : rfc3339Seconds(this.ctx.clock.now()),
      reason,
      message,
    };
    const ops: Record<string, unknown>[] = [];
    if (!pod.status) ops.push({ op: 'add', path: '/status', value: { conditions: [cond] } });
    else if (!conditions) ops.push({ op: 'add', path: '/status/conditions', value: [cond] });
    else if (i < 0) ops.push({ op: 'add', path: '/status/conditions/-', value: cond });
    else ops.push({ op: 'test', path: `/status/conditions/${i}/type`, value: 'PodScheduled' }, { op: 'replace', path: `/status/conditions/${i}`, value: cond });
    if (nnnChanged && nominated) ops.push({ op: 'add', path: '/status/nominatedNodeName', value: nominated });
    else if (nnnChanged) ops.push({ op: 'remove', path: '/status/nominatedNodeName' });
    try {
      await this.ctx.client.resource(PODS, pod.metadata.namespace).patch(pod.metadata.name!, 'json', ops, { subresource: 'status' });
    } catch {
      // The pod may be gone or changed meanwhile; the next attempt writes the condition again.
    }
  }

  /** The attempts kept for a pod (`namespace/name`), oldest first, with per-node rows, for the UI. */
  resultsFor(podKeyText: string): AttemptResult[] {
    return this.results.attempts(podKeyText);
  }
}

function terminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The component's event-recorder name, as upstream. */
export const SCHEDULER_COMPONENT = DEFAULT_SCHEDULER_NAME;

