/**
 * Upstream's framework.NodeInfo: a node with the pods on it (bound or assumed), their summed
 * requests, the host ports in use, and the node's images. `generation` moves on every change so
 * the snapshot copies only what changed.
 */
import { addScaled, cloneResource, copyResourceInto, emptyResource, nodeAllocatable, type Resource } from './resources';
import { hasAffinity, type PodInfo } from './pod-info';
import type { Node, Pod, Taint } from './types';

const NO_TAINTS: readonly Taint[] = [];
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** One image on a node, with how many nodes hold it (upstream's ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

/** `protocol/hostIP/port` entries in use on a node. */
export type UsedPorts = Set<string>;

let generationCounter = 0;

/** The next value of the global generation counter. */
export function nextGeneration(): number {
  return ++generationCounter;
}

/** Host port key as stored in UsedPorts. */
export function portKey(protocol: string | undefined, hostIP: string | undefined, port: number): string {
  return `${protocol || 'TCP'}/${hostIP || '0.0.0.0'}/${port}`;
}

/** The scheduler's view of one node. */
export class NodeInfo {
  node: Node | undefined;
  pods: PodInfo[];
  podsWithAffinity: PodInfo[];
  podsWithRequiredAntiAffinity: PodInfo[];
  requested: Resource;
  nonZeroRequested: Resource;
  allocatable: Resource;
  usedPorts: UsedPorts;
  /** Shared summaries (the cache keeps their node counts current); replaced when the node's images change. */
  // Assigned in the constructor, directly or through copySummaries.
  imageStates!: Map<string, ImageStateSummary>;
  generation!: number;
  /** Read from the node once (API objects vary in shape; filters over thousands of nodes should not). */
  nodeName = '';
  labels: Readonly<Record<string, string>> = NO_LABELS;
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  /** pods.length and imageStates.size, kept on the object the hot loops already touch. */
  podCount = 0;
  imageCount = 0;
  /** The node's row in the snapshot's list and columns; -1 for copies outside the snapshot. */
  row = -1;

  // Fields are set here, not by initializers, so a copy allocates its parts once and side by side.
  constructor(node?: Node, from?: NodeInfo) {
    if (from) {
      this.node = from.node;
      this.pods = from.pods.slice();
      this.podsWithAffinity = from.podsWithAffinity.slice();
      this.podsWithRequiredAntiAffinity = from.podsWithRequiredAntiAffinity.slice();
      this.requested = cloneResource(from.requested);
      this.nonZeroRequested = cloneResource(from.nonZeroRequested);
      this.allocatable = cloneResource(from.allocatable);
      this.usedPorts = new Set(from.usedPorts);
      this.copySummaries(from);
      return;
    }
    this.node = undefined;
    this.pods = [];
    this.podsWithAffinity = [];
    this.podsWithRequiredAntiAffinity = [];
    this.requested = emptyResource();
    this.nonZeroRequested = emptyResource();
    this.allocatable = emptyResource();
    this.usedPorts = new Set();
    this.imageStates = new Map();
    this.generation = nextGeneration();
    if (node) this.setNode(node);
  }

  /** Sets the images the node holds. */
  setImageStates(states: Map<string, ImageStateSummary>): void {
    this.imageStates = states;
    this.imageCount = states.size;
  }

  /** The node's name ('' while only pods are known). */
  get name(): string {
    return this.nodeName;
  }

  setNode(node: Node): void {
    this.node = node;
    this.nodeName = node.metadata.name ?? '';
    this.labels = node.metadata.labels ?? NO_LABELS;
    // One shared empty list: most nodes have no taints, and an empty array per node is one more cache miss.
    const taints = node.spec?.taints;
    this.taints = taints && taints.length > 0 ? taints : NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = nodeAllocatable(node);
    this.generation = nextGeneration();
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    this.podCount = this.pods.length;
    if (hasAffinity(pi)) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(pi);
    addScaled(this.requested, pi.requests, 1);
    addScaled(this.nonZeroRequested, pi.nonZeroRequests, 1);
    for (const k of hostPorts(pi.pod)) this.usedPorts.add(k);
    this.generation = nextGeneration();
  }

  /** Removes the pod with the pod's uid; false when it is not here. */
  removePod(pod: Pod): boolean {
    const uid = pod.metadata.uid;
    const i = this.pods.findIndex((p) => p.pod.metadata.uid === uid);
    if (i < 0) return false;
    const pi = this.pods[i];
    this.pods.splice(i, 1);
    this.podCount = this.pods.length;
    // Only a pod that is in these lists can change them (most pods have no terms and no host ports).
    if (hasAffinity(pi)) this.podsWithAffinity = this.podsWithAffinity.filter((p) => p !== pi);
    if (pi.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p !== pi);
    addScaled(this.requested, pi.requests, -1);
    addScaled(this.nonZeroRequested, pi.nonZeroRequests, -1);
    const ports = hostPorts(pi.pod);
    if (ports.length > 0) {
      for (const k of ports) this.usedPorts.delete(k);
      // Another pod may still use the same port (the apiserver does not forbid it); rebuild.
      for (const p of this.pods) for (const k of hostPorts(p.pod)) this.usedPorts.add(k);
    }
    this.generation = nextGeneration();
    return true;
  }

  /** A copy whose lists and totals can change without touching this one. */
  clone(): NodeInfo {
    return new NodeInfo(undefined, this);
  }

  /**
   * Becomes a copy of `from` in place (upstream's snapshot does `*existing = *clone`): the snapshot's
   * node infos keep their place in memory, so the per-cycle scan over thousands of them stays local.
   */
  copyFrom(from: NodeInfo): void {
    this.node = from.node;
    this.pods = from.pods.slice();
    this.podsWithAffinity = from.podsWithAffinity.length > 0 || this.podsWithAffinity.length > 0 ? from.podsWithAffinity.slice() : this.podsWithAffinity;
    this.podsWithRequiredAntiAffinity =
      from.podsWithRequiredAntiAffinity.length > 0 || this.podsWithRequiredAntiAffinity.length > 0 ? from.podsWithRequiredAntiAffinity.slice() : this.podsWithRequiredAntiAffinity;
    copyResourceInto(this.requested, from.requested);
    copyResourceInto(this.nonZeroRequested, from.nonZeroRequested);
    if (this.allocatable !== from.allocatable) copyResourceInto(this.allocatable, from.allocatable);
    if (this.usedPorts.size > 0 || from.usedPorts.size > 0) this.usedPorts = new Set(from.usedPorts);
    this.copySummaries(from);
  }

  /** The shared and scalar parts a copy takes as they are (both copy paths). */
  private copySummaries(from: NodeInfo): void {
    this.imageStates = from.imageStates;
    this.generation = from.generation;
    this.nodeName = from.nodeName;
    this.labels = from.labels;
    this.taints = from.taints;
    this.unschedulable = from.unschedulable;
    this.podCount = from.podCount;
    this.imageCount = from.imageCount;
  }
}

/** The host ports a pod's containers claim, as UsedPorts keys. */
export function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(portKey(p.protocol, p.hostIP, p.hostPort));
  }
  return out;
}
