/**
 * The cluster as a graph: objects in, graph items (one per card, in four columns) and edges out.
 * Columns: workloads (Deployments, DaemonSets, StatefulSets) -> ReplicaSets -> Pods -> Nodes. Edges
 * follow controller ownerReferences and a pod's spec.nodeName. Pure: the React component only adds
 * positions (graph-layout.ts) and renders.
 */
import type { KubeObject } from '../../workers/api/types';
import { parseQuantity, podRequests } from '../state/quantity';
import { selects, serviceView, type ServiceView } from './graph-services';
import { nodeView, podView, replicaSetView, workloadView, type NodeUsage, type NodeView, type PodView, type ReplicaSetView, type Tone, type WorkloadView } from './graph-views';

/** Column index of each kind of card: left to right, then Services (drawn left of the workloads). */
export const COLUMNS = { workload: 0, replicaset: 1, pod: 2, node: 3, service: 4 } as const;
export type Column = (typeof COLUMNS)[keyof typeof COLUMNS];

/** Pods of one owner on one node, shown as one card with counts by phase. */
export interface PodGroupView {
  groupId: string;
  ownerName: string;
  namespace: string;
  /** The node of a per-(owner, node) group; '' for a per-owner group or unscheduled pods. */
  nodeName: string;
  /** How many nodes the group's pods run on. */
  nodeCount: number;
  total: number;
  /** Count of pods per summary phase, in a fixed order (Running, Pending, Failed, Succeeded, Terminating). */
  counts: { phase: string; tone: Tone; count: number }[];
}

export type GraphItem =
  | { type: 'workload'; id: string; column: 0; createdMs: number; name: string; view: WorkloadView }
  | { type: 'replicaset'; id: string; column: 1; createdMs: number; name: string; view: ReplicaSetView }
  | { type: 'pod'; id: string; column: 2; createdMs: number; name: string; view: PodView }
  | { type: 'podgroup'; id: string; column: 2; createdMs: number; name: string; view: PodGroupView }
  | { type: 'node'; id: string; column: 3; createdMs: number; name: string; view: NodeView }
  | { type: 'service'; id: string; column: 4; createdMs: number; name: string; view: ServiceView };

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** The edge's meaning: ownership, a pod bound to a node, or a Service selecting a pod. */
  kind: 'owns' | 'runs-on' | 'selects';
}

export interface GraphModel {
  items: GraphItem[];
  edges: GraphEdge[];
  /** True when pods were folded into groups to stay under the element budget. */
  aggregated: boolean;
  /** How pods were grouped: not at all, per (owner, node), or per owner when even that was too many. */
  grouping: 'none' | 'owner-node' | 'owner';
}

export interface GraphOptions {
  /** Which namespaces' objects to show (nodes are cluster-scoped and always shown). */
  showNamespace(namespace: string): boolean;
  /** Group ids the user expanded back into single pods. */
  expandedGroups?: ReadonlySet<string>;
  /** Draws Services and their edges to the pods they select. */
  showServices?: boolean;
  /** At most this many nodes plus edges before pods are aggregated. */
  maxElements?: number;
}

/** About the most React Flow keeps smooth with our cards. */
export const DEFAULT_MAX_ELEMENTS = 1000;

const workloadKinds = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

/** The controller ownerReference of an object, if any. */
export function controllerRef(obj: KubeObject): { kind: string; name: string; uid: string } | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/**
 * Caches a value derived from one object. Objects in the store are replaced, never mutated, so an
 * object seen before gives the same answer: a rebuild only pays for the objects that changed.
 */
function perObject<T>(derive: (obj: KubeObject) => T): (obj: KubeObject) => T {
  const cache = new WeakMap<KubeObject, T>();
  return (obj) => {
    let value = cache.get(obj);
    if (value === undefined) {
      value = derive(obj);
      cache.set(obj, value);
    }
    return value;
  };
}

const createdMs = perObject((obj) => {
  const t = obj.metadata.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? 0 : t;
});
const cachedPodView = perObject(podView);
const cachedWorkloadView = perObject(workloadView);
const cachedReplicaSetView = perObject(replicaSetView);
const groupIdByNode = perObject((p) => groupId(p, true));
const groupIdByOwner = perObject((p) => groupId(p, false));
const cachedRequests = perObject((pod) => podRequests(pod.spec as Parameters<typeof podRequests>[0]));

/** Builds the graph for the objects, in a deterministic order (creation, then name, then uid). */
export function buildGraph(objects: Iterable<KubeObject>, opts: GraphOptions): GraphModel {
  const workloads: KubeObject[] = [];
  const replicaSets: KubeObject[] = [];
  const pods: KubeObject[] = [];
  const nodes: KubeObject[] = [];
  const services: KubeObject[] = [];
  const usage = new Map<string, NodeUsage>();
  for (const obj of objects) {
    if (obj.kind === 'Node') nodes.push(obj);
    else if (obj.kind === 'Pod') {
      countUsage(obj, usage);
      if (opts.showNamespace(obj.metadata.namespace ?? '')) pods.push(obj);
    } else if (workloadKinds.has(obj.kind) && opts.showNamespace(obj.metadata.namespace ?? '')) workloads.push(obj);
    else if (obj.kind === 'ReplicaSet' && opts.showNamespace(obj.metadata.namespace ?? '')) replicaSets.push(obj);
    else if (obj.kind === 'Service' && opts.showServices && opts.showNamespace(obj.metadata.namespace ?? '')) services.push(obj);
  }
  for (const list of [workloads, replicaSets, pods, nodes, services]) sortObjects(list);

  const items: GraphItem[] = [];
  const edges: GraphEdge[] = [];
  const shown = new Set<string>();
  const nodeIdByName = new Map<string, string>();
  const add = (item: GraphItem) => {
    items.push(item);
    shown.add(item.id);
  };
  for (const o of workloads) add({ type: 'workload', id: uidOf(o), column: 0, createdMs: createdMs(o), name: o.metadata.name ?? '', view: cachedWorkloadView(o) });
  for (const o of replicaSets) add({ type: 'replicaset', id: uidOf(o), column: 1, createdMs: createdMs(o), name: o.metadata.name ?? '', view: cachedReplicaSetView(o) });
  for (const o of nodes) {
    const view = nodeView(o, usage.get(o.metadata.name ?? '') ?? { cpu: 0, memory: 0, pods: 0 }, parseQuantity);
    add({ type: 'node', id: uidOf(o), column: 3, createdMs: createdMs(o), name: view.name, view });
    nodeIdByName.set(view.name, view.uid);
  }
  for (const rs of replicaSets) ownerEdge(rs, shown, edges);
  const picks = services.map((svc) => ({ svc, pods: pods.filter((p) => selects(svc, p)) }));
  for (const { svc, pods: picked } of picks) add({ type: 'service', id: uidOf(svc), column: 4, createdMs: createdMs(svc), name: svc.metadata.name ?? '', view: serviceView(svc, picked) });
  const selections = picks.reduce((n, s) => n + s.pods.length, 0);

  const budget = (opts.maxElements ?? DEFAULT_MAX_ELEMENTS) - items.length - edges.length - selections;
  const expanded = opts.expandedGroups ?? new Set<string>();
  // A pod costs up to three elements: its card, its owner edge and its node edge.
  let grouping: GraphModel['grouping'] = 'none';
  // The level is chosen without the expanded groups, so that expanding one never regroups the rest.
  let byNode: Map<string, KubeObject[]> | undefined;
  if (pods.length * 3 > budget) {
    byNode = groupPods(pods, true);
    grouping = groupedSize(byNode) > budget ? 'owner' : 'owner-node';
  }
  const ctx: BuildContext = { add, shown, edges, nodeIdByName, drawnAs: new Map() };
  if (grouping === 'none') for (const p of pods) addPod(p, ctx);
  else addPodGroups(grouping === 'owner-node' && byNode ? byNode : groupPods(pods, false), expanded, ctx);
  for (const { svc, pods: picked } of picks) {
    const targets = new Set(picked.map((p) => ctx.drawnAs.get(p)).filter((id): id is string => id !== undefined));
    for (const target of targets) edges.push({ id: `${uidOf(svc)}=>${target}`, source: uidOf(svc), target, kind: 'selects' });
  }
  return { items, edges, aggregated: grouping !== 'none', grouping };
}

function uidOf(obj: KubeObject): string {
  return obj.metadata.uid ?? `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** Sorts by creation, then name, then uid: one cached string key per object (RFC 3339 times sort as text). */
function sortObjects(list: KubeObject[]): void {
  const keyed = list.map((o) => ({ key: orderKey(o), o }));
  keyed.sort((a, b) => cmp(a.key, b.key));
  for (let i = 0; i < keyed.length; i++) list[i] = keyed[i].o;
}

const orderKey = perObject((o) => `${String(createdMs(o)).padStart(16, '0')}\u0000${o.metadata.name ?? ''}\u0000${o.metadata.uid ?? ''}`);

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pods bound to a node and not finished count against its allocatable, as the scheduler counts them. */
function countUsage(pod: KubeObject, usage: Map<string, NodeUsage>): void {
  const spec = pod.spec as { nodeName?: string } | undefined;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return;
  const req = cachedRequests(pod);
  const u = usage.get(spec.nodeName) ?? { cpu: 0, memory: 0, pods: 0 };
  usage.set(spec.nodeName, { cpu: u.cpu + req.cpu, memory: u.memory + req.memory, pods: u.pods + 1 });
}

function ownerEdge(obj: KubeObject, shown: Set<string>, edges: GraphEdge[], id = uidOf(obj)): void {
  const ref = controllerRef(obj);
  // A mirror pod is "owned" by its Node; the runs-on edge already says that.
  if (ref && ref.kind !== 'Node' && shown.has(ref.uid)) edges.push({ id: `${ref.uid}->${id}`, source: ref.uid, target: id, kind: 'owns' });
}

function nodeEdge(id: string, nodeName: string, edges: GraphEdge[], nodeIdByName: Map<string, string>): void {
  const nodeId = nodeIdByName.get(nodeName);
  if (nodeId) edges.push({ id: `${id}->${nodeId}`, source: id, target: nodeId, kind: 'runs-on' });
}

interface BuildContext {
  add(item: GraphItem): void;
  shown: Set<string>;
  edges: GraphEdge[];
  nodeIdByName: Map<string, string>;
  /** The card each pod is drawn as: itself, or its group. */
  drawnAs: Map<KubeObject, string>;
}

function addPod(p: KubeObject, ctx: BuildContext): void {
  const view = cachedPodView(p);
  ctx.add({ type: 'pod', id: view.uid || uidOf(p), column: 2, createdMs: createdMs(p), name: view.name, view });
  ctx.drawnAs.set(p, uidOf(p));
  ownerEdge(p, ctx.shown, ctx.edges);
  if (view.nodeName) nodeEdge(uidOf(p), view.nodeName, ctx.edges, ctx.nodeIdByName);
}

const summaryPhases: { phase: string; tone: Tone }[] = [
  { phase: 'Running', tone: 'ok' },
  { phase: 'Pending', tone: 'progress' },
  { phase: 'Failed', tone: 'error' },
  { phase: 'Succeeded', tone: 'muted' },
  { phase: 'Terminating', tone: 'muted' },
];

/** The summary phase a pod counts under in a group badge. */
function summaryPhase(p: KubeObject): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  const phase = (p.status as { phase?: string } | undefined)?.phase ?? 'Pending';
  return summaryPhases.some((s) => s.phase === phase) ? phase : 'Pending';
}

/** The id of the group a pod folds into: its controller (or namespace for bare pods), and its node when `byNode`. */
export function podGroupId(p: KubeObject, byNode = true): string {
  return byNode ? groupIdByNode(p) : groupIdByOwner(p);
}

function groupId(p: KubeObject, byNode: boolean): string {
  const owner = controllerRef(p);
  const nodeName = byNode ? ((p.spec as { nodeName?: string } | undefined)?.nodeName ?? '') : '*';
  return `group:${owner?.uid ?? `ns/${p.metadata.namespace ?? ''}`}:${nodeName}`;
}

/** Pods by group id, groups in the order of their first (oldest) pod so the order is deterministic. */
function groupPods(pods: KubeObject[], byNode: boolean): Map<string, KubeObject[]> {
  const groups = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const id = podGroupId(p, byNode);
    const list = groups.get(id);
    if (list) list.push(p);
    else groups.set(id, [p]);
  }
  return groups;
}

/** Elements a per-(owner, node) grouping draws: a card, an owner edge and a node edge per group. */
function groupedSize(groups: Map<string, KubeObject[]>): number {
  return groups.size * 3;
}

function addPodGroups(groups: Map<string, KubeObject[]>, expanded: ReadonlySet<string>, ctx: BuildContext): void {
  for (const [groupId, members] of groups) {
    if (members.length === 1 || expanded.has(groupId)) {
      for (const p of members) addPod(p, ctx);
      continue;
    }
    const first = members[0];
    const owner = controllerRef(first);
    const tally = new Map<string, number>();
    const nodeNames = new Set<string>();
    for (const p of members) {
      const phase = summaryPhase(p);
      tally.set(phase, (tally.get(phase) ?? 0) + 1);
      const nodeName = (p.spec as { nodeName?: string } | undefined)?.nodeName;
      if (nodeName) nodeNames.add(nodeName);
    }
    const byNode = !groupId.endsWith(':*');
    const view: PodGroupView = {
      groupId,
      ownerName: owner?.name ?? '(no owner)',
      namespace: first.metadata.namespace ?? '',
      nodeName: byNode ? ([...nodeNames][0] ?? '') : '',
      nodeCount: nodeNames.size,
      total: members.length,
      counts: summaryPhases.filter((s) => tally.has(s.phase)).map((s) => ({ ...s, count: tally.get(s.phase) ?? 0 })),
    };
    for (const p of members) ctx.drawnAs.set(p, groupId);
    ctx.add({ type: 'podgroup', id: groupId, column: 2, createdMs: createdMs(first), name: groupId, view });
    if (owner && owner.kind !== 'Node' && ctx.shown.has(owner.uid)) ctx.edges.push({ id: `${owner.uid}->${groupId}`, source: owner.uid, target: groupId, kind: 'owns' });
    for (const nodeName of [...nodeNames].sort()) nodeEdge(groupId, nodeName, ctx.edges, ctx.nodeIdByName);
  }
}
