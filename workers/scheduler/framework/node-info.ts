/**
 * Upstream's framework.NodeInfo: a node with the pods on it (bound or assumed), their summed
 * requests, the host ports in use, and the node's images. `generation` moves on every change so
 * the snapshot copies only what changed.
 */
import { addScaled, cloneResource, emptyResource, nodeAllocatable, type Resource } from './resources';
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
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  requested: Resource = emptyResource();
  nonZeroRequested: Resource = emptyResource();
  allocatable: Resource = emptyResource();
  usedPorts: UsedPorts = new Set();
  imageStates = new Map<string, ImageStateSummary>();
  generation = nextGeneration();
  /** Read from the node once (API objects vary in shape; filters over thousands of nodes should not). */
  nodeName = '';
  labels: Readonly<Record<string, string>> = NO_LABELS;
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;

  constructor(node?: Node) {
    if (node) this.setNode(node);
  }

  /** The node's name ('' while only pods are known). */
  get name(): string {
    return this.nodeName;
  }

  setNode(node: Node): void {
    this.node = node;
    this.nodeName = node.metadata.name ?? '';
    this.labels = node.metadata.labels ?? NO_LABELS;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = nodeAllocatable(node);
    this.generation = nextGeneration();
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
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
    this.podsWithAffinity = this.podsWithAffinity.filter((p) => p !== pi);
    this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p !== pi);
    addScaled(this.requested, pi.requests, -1);
    addScaled(this.nonZeroRequested, pi.nonZeroRequests, -1);
    for (const k of hostPorts(pi.pod)) this.usedPorts.delete(k);
    // Another pod may still use the same port (the apiserver does not forbid it); rebuild.
    for (const p of this.pods) for (const k of hostPorts(p.pod)) this.usedPorts.add(k);
    this.generation = nextGeneration();
    return true;
  }

  /** A copy whose lists and totals can change without touching this one. */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.nodeName = this.nodeName;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.requested = cloneResource(this.requested);
    c.nonZeroRequested = cloneResource(this.nonZeroRequested);
    c.allocatable = cloneResource(this.allocatable);
    c.usedPorts = new Set(this.usedPorts);
    c.imageStates = this.imageStates;
    c.generation = this.generation;
    return c;
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
