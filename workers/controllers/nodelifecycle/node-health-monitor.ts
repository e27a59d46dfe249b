/**
 * One node monitor pass (upstream monitorNodeHealth, tryUpdateNodeHealth, processTaintBaseEviction,
 * handleDisruption, doNoExecuteTaintingPass): register new nodes, judge each node's health from its
 * Ready heartbeat and Lease, set silent nodes' conditions Unknown, mark their pods not ready, queue
 * NoExecute taints per zone and apply them as the zone's rate allows, and stop tainting altogether
 * while every zone is fully disrupted.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import type { Lister } from '../../client/indexer';
import { NODE_NAME_INDEX } from '../../client/indexer';
import type { TimerId } from '../../sim/types';
import { isConflict, isNotFound } from '../api-errors';
import { parseTime, rfc3339 } from '../meta-time';
import { markPodsNotReady, type Pod } from './mark-pods-not-ready';
import { conditionOf, markedUnknown, observeHealth, type Node, type NodeHealth } from './node-health';
import { removeTaintOffNode, swapNodeControllerTaint } from './node-patches';
import { hasTaint, noExecuteSwapFor, NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE } from './node-taints';
import { NoExecuteTainter } from './no-execute-tainter';
import { computeZoneState, EVICTION_LIMITER_QPS, excludedFromDisruption, zoneOf, zoneQps, type ZoneState } from './zone-state';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Upstream NodeHealthUpdateRetry. */
const HEALTH_UPDATE_ATTEMPTS = 5;

function pushTo<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** A node Lease. */
export type Lease = KubeObject & { spec?: { renewTime?: string } };

interface HealthCheck {
  node: Node;
  /** Ready status before this pass ('Unknown' when the node never posted one). */
  observed: string;
  /** Ready status after it; undefined while the node has no Ready condition. */
  current: string | undefined;
}

/** The state the passes share: health per node, known nodes, zones, tainting queues. */
export class NodeHealthMonitor {
  private readonly health = new Map<string, NodeHealth & { status?: Node['status'] }>();
  private readonly known = new Map<string, Node>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainter = new NoExecuteTainter(EVICTION_LIMITER_QPS);
  /** Nodes whose pods could not all be marked not ready; tried again next pass. */
  private readonly retry = new Set<string>();
  private tainterTimer: TimerId | undefined;
  private draining = false;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly nodes: Lister<Node>,
    private readonly leases: Lister<Lease>,
    private readonly pods: Lister<Pod>,
    private readonly opts: { graceMs: number; startupGraceMs: number },
  ) {}

  stop(): void {
    if (this.tainterTimer !== undefined) this.ctx.timers.cancel(this.tainterTimer);
    this.tainterTimer = undefined;
  }

  /** The node status the last pass saw, as upstream's nodeHealthMap. */
  observedStatus(name: string): Node['status'] | undefined {
    return this.health.get(name)?.status;
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  /** One monitorNodeHealth pass over every node, in name order. */
  async pass(): Promise<void> {
    const nodes = this.nodes.list().sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    await this.classify(nodes);
    const readyByZone = new Map<string, (string | undefined)[]>();
    for (const cached of nodes) {
      if (this.steadyReady(cached)) {
        if (!excludedFromDisruption(cached)) pushTo(readyByZone, zoneOf(cached), 'True');
        continue;
      }
      const check = await this.checkWithRetries(cached);
      if (!check) continue;
      if (!excludedFromDisruption(check.node)) pushTo(readyByZone, zoneOf(check.node), check.current);
      await this.afterCheck(check);
    }
    await this.handleDisruption(readyByZone, nodes);
    await this.runTainter();
  }

  /** New nodes are registered (and their NoExecute taints lifted), vanished ones forgotten. */
  private async classify(nodes: Node[]): Promise<void> {
    const names = new Set(nodes.map((n) => n.metadata.name!));
    for (const node of nodes) {
      const name = node.metadata.name!;
      this.tainter.ensureZone(zoneOf(node));
      if (this.known.has(name)) continue;
      this.ctx.recorder.event(node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      this.known.set(name, node);
      await this.markNodeAsReachable(node);
    }
    for (const [name, node] of this.known) {
      if (names.has(name)) continue;
      this.ctx.recorder.event(node, 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
    }
  }

  private async checkWithRetries(cached: Node): Promise<HealthCheck | undefined> {
    let node = cached;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryUpdateNodeHealth(node);
      } catch (err) {
        if (attempt >= HEALTH_UPDATE_ATTEMPTS || !isConflict(err)) return undefined;
        try {
          node = await this.ctx.client.resource<Node>(NODES).get(node.metadata.name!);
        } catch {
          return undefined;
        }
      }
    }
  }

  /**
   * Upstream tryUpdateNodeHealth, judging part: records what was heard from the node and, past the
   * grace period, returns the status to write (Ready and the pressure conditions Unknown).
   */
  private evaluate(node: Node): { check: HealthCheck; write?: Node } {
    const name = node.metadata.name!;
    const now = this.now();
    const ready = conditionOf(node, 'Ready');
    const observed = ready?.status ?? 'Unknown';
    const grace = ready ? this.opts.graceMs : this.opts.startupGraceMs;
    const createdMs = parseTime(node.metadata.creationTimestamp);
    const renewTime = this.leases.get(NODE_LEASE_NAMESPACE, name)?.spec?.renewTime;
    const h = observeHealth(this.health.get(name), node, renewTime, now, Number.isNaN(createdMs) ? now : createdMs);
    this.health.set(name, { ...h, status: node.status });
    const check = { node, observed, current: ready?.status };
    if (now <= h.probeMs + grace) return { check };
    const next = markedUnknown(node, rfc3339(now), node.metadata.creationTimestamp ?? rfc3339(now));
    // Upstream writes only when the Ready condition itself changed.
    if (!next || JSON.stringify(conditionOf(next, 'Ready')) === JSON.stringify(ready)) return { check };
    return { check, write: next };
  }

  /** Upstream tryUpdateNodeHealth: the judgement, and the status write it calls for. */
  private async tryUpdateNodeHealth(node: Node): Promise<HealthCheck> {
    const { check, write } = this.evaluate(node);
    if (!write) return check;
    const updated = await this.ctx.client.resource<Node>(NODES).updateStatus(write);
    const h = this.health.get(node.metadata.name!)!;
    this.health.set(node.metadata.name!, { ...h, status: updated.status });
    return { node: updated, observed: check.observed, current: conditionOf(updated, 'Ready')?.status };
  }

  /**
   * The common case without a single await: a Ready node heard from in time, carrying none of the
   * NoExecute taints, has nothing to write (upstream would find the same through markNodeAsReachable).
   */
  private steadyReady(node: Node): boolean {
    if (conditionOf(node, 'Ready')?.status !== 'True' || hasTaint(node, UNREACHABLE_NO_EXECUTE) || hasTaint(node, NOT_READY_NO_EXECUTE)) return false;
    const { check, write } = this.evaluate(node);
    if (write || check.current !== 'True') {
      // Judged again, with its write, by the full path; evaluate() twice records the same heartbeat.
      return false;
    }
    this.tainter.remove(zoneOf(node), node.metadata.name!);
    this.retry.delete(node.metadata.name!);
    return true;
  }

  /** Taint-based eviction decisions and marking pods not ready. */
  private async afterCheck({ node, observed, current }: HealthCheck): Promise<void> {
    const name = node.metadata.name!;
    if (current === undefined) return void this.retry.delete(name);
    await this.processTaintBaseEviction(node, observed);
    const transition = current !== 'True' && observed === 'True';
    if (transition) this.ctx.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    if (transition || (this.retry.has(name) && observed !== 'True')) {
      const pods = this.pods.byIndex(NODE_NAME_INDEX, name);
      const errors = await markPodsNotReady(this.ctx.client, this.ctx.recorder, pods, name, rfc3339(this.now()));
      if (errors.length) return void this.retry.add(name);
    }
    this.retry.delete(name);
  }

  /** Upstream processTaintBaseEviction: swap at once when the opposite taint is there, else queue. */
  private async processTaintBaseEviction(node: Node, observed: string): Promise<void> {
    const nowIso = rfc3339(this.now());
    if (observed === 'False') {
      if (hasTaint(node, UNREACHABLE_NO_EXECUTE)) await swapNodeControllerTaint(this.ctx.client, node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], nowIso);
      else this.markNodeForTainting(node, NOT_READY_NO_EXECUTE);
    } else if (observed === 'Unknown') {
      if (hasTaint(node, NOT_READY_NO_EXECUTE)) await swapNodeControllerTaint(this.ctx.client, node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], nowIso);
      else this.markNodeForTainting(node, UNREACHABLE_NO_EXECUTE);
    } else if (observed === 'True') {
      await this.markNodeAsReachable(node);
    }
  }

  private markNodeForTainting(node: Node, taint: typeof NOT_READY_NO_EXECUTE): void {
    // A node lacking the taint goes to the back of its zone's queue again, as upstream's Remove+Add.
    if (!hasTaint(node, taint)) this.tainter.remove(zoneOf(node), node.metadata.name!);
    this.tainter.add(zoneOf(node), node.metadata.name!);
  }

  private async markNodeAsReachable(node: Node): Promise<void> {
    try {
      await removeTaintOffNode(this.ctx.client, node, [UNREACHABLE_NO_EXECUTE]);
      await removeTaintOffNode(this.ctx.client, node, [NOT_READY_NO_EXECUTE]);
    } catch {
      // Upstream logs and tries again on the next pass.
      return;
    }
    this.tainter.remove(zoneOf(node), node.metadata.name!);
  }

  /** Upstream handleDisruption: zone states, rates, and master disruption mode. */
  private async handleDisruption(readyByZone: Map<string, (string | undefined)[]>, nodes: Node[]): Promise<void> {
    const now = this.now();
    const next = new Map([...readyByZone].map(([z, rs]) => [z, computeZoneState(rs)] as const));
    const allAre = [...next.values()].every((s) => s === 'FullDisruption');
    for (const z of next.keys()) if (!this.zoneStates.has(z)) this.zoneStates.set(z, 'Initial');
    for (const z of this.zoneStates.keys()) if (!readyByZone.has(z)) this.zoneStates.delete(z);
    const allWas = [...this.zoneStates.values()].every((s) => s === 'FullDisruption');
    if (allAre && allWas) return;
    if (allAre) {
      // Every node lost at once points at the control plane's side: lift all NoExecute taints.
      for (const n of nodes) await this.markNodeAsReachable(n);
      for (const z of this.zoneStates.keys()) {
        this.tainter.setQps(z, 0, now);
        this.zoneStates.set(z, 'FullDisruption');
      }
      return;
    }
    if (allWas) {
      // Leaving the mode, every node gets a fresh grace period.
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name!);
        if (h) h.probeMs = now;
      }
    }
    for (const [z, state] of next) {
      if (!allWas && this.zoneStates.get(z) === state) continue;
      this.tainter.setQps(z, zoneQps(state, readyByZone.get(z)!.length), now);
      this.zoneStates.set(z, state);
    }
  }

  /** Applies queued NoExecute taints as the zones' rates allow, and comes back when the next is due. */
  private async runTainter(): Promise<void> {
    if (this.tainterTimer !== undefined) this.ctx.timers.cancel(this.tainterTimer);
    this.tainterTimer = undefined;
    // One drain at a time: a timer firing while a pass drains must not take the same node twice.
    if (this.draining) return;
    this.draining = true;
    try {
      await this.tainter.drain(this.now(), (name) => this.taintNoExecute(name));
    } finally {
      this.draining = false;
    }
    const due = this.tainter.nextDueMs(this.now());
    if (due !== undefined) {
      this.tainterTimer = this.ctx.timers.at(due, () => {
        this.tainterTimer = undefined;
        void this.runTainter();
      }, 'nodelifecycle:noexecute-tainter');
    }
  }

  /** Upstream doNoExecuteTaintingPass for one node: the taint matching its Ready status, the opposite removed. */
  private async taintNoExecute(name: string): Promise<boolean> {
    const node = this.nodes.get('', name);
    if (!node) return true;
    const ready = conditionOf(node, 'Ready');
    if (!ready) return false;
    const swap = noExecuteSwapFor(ready.status);
    if (!swap) return true;
    try {
      return await swapNodeControllerTaint(this.ctx.client, node, [swap.add], [swap.remove], rfc3339(this.now()));
    } catch (err) {
      return isNotFound(err);
    }
  }
}
