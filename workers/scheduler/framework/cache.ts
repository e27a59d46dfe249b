/**
 * The scheduler cache (upstream's internal/cache): node infos kept current from informer events,
 * with "assumed" pods placed on their node the moment the scheduler decides, before the binding
 * reaches the apiserver, so the next pod already sees them. `updateSnapshot` copies only the node
 * infos that changed since the last cycle into the cycle's read-only Snapshot.
 */
import { NodeInfo, type ImageStateSummary } from './node-info';
import { newPodInfo, type PodInfo } from './pod-info';
import { Snapshot } from './snapshot';
import type { Node, Pod } from './types';

interface PodState {
  pod: Pod;
  nodeName: string;
  assumed: boolean;
}

/** Zone key of a node, as upstream's utilnode.GetZoneKey. */
export function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/** The cluster as the scheduler believes it is. */
export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly zones = new Map<string, string[]>();
  private readonly dirty = new Set<string>();
  private nodeSetChanged = true;
  /** Per image name, its size and how many nodes hold it; the summaries are shared by every node's imageStates. */
  private readonly images = new Map<string, ImageStateSummary>();
  /** The image names each node reported last, to keep `images` counts incremental. */
  private readonly nodeImageNames = new Map<string, string[]>();
  /**
   * One imageStates map per distinct image list, shared by the nodes reporting it (the summaries in
   * it are shared anyway): Score plugins can then answer once per list rather than once per node.
   */
  private readonly sharedStates = new Map<string, { states: Map<string, ImageStateSummary>; users: number }>();

  /** Number of nodes with a Node object. */
  nodeCount(): number {
    let n = 0;
    for (const z of this.zones.values()) n += z.length;
    return n;
  }

  addNode(node: Node): void {
    const name = node.metadata.name!;
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo()));
    const wasKnown = ni.node !== undefined;
    if (wasKnown && zoneKey(ni.node!) !== zoneKey(node)) this.removeFromTree(ni.node!);
    if (!wasKnown || zoneKey(ni.node!) !== zoneKey(node)) this.addToTree(node);
    ni.setNode(node);
    this.updateImages(ni, node);
    this.dirty.add(name);
  }

  // Upstream's addNodeImageStates/removeNodeImageStates: counts change only when a node's image list does.
  private updateImages(ni: NodeInfo, node: Node | undefined): void {
    const name = ni.name || node?.metadata.name || '';
    const old = this.nodeImageNames.get(name) ?? [];
    const next: string[] = [];
    const sizes = new Map<string, number>();
    for (const img of node?.status?.images ?? []) {
      for (const n of img.names ?? []) {
        if (sizes.has(n)) continue;
        sizes.set(n, img.sizeBytes ?? 0);
        next.push(n);
      }
    }
    if (old.length === next.length && old.every((n, i) => n === next[i])) return;
    for (const n of old) {
      const s = this.images.get(n);
      if (s && --s.numNodes === 0) this.images.delete(n);
    }
    for (const n of next) {
      const s = this.images.get(n);
      if (s) s.numNodes++;
      else this.images.set(n, { size: sizes.get(n)!, numNodes: 1 });
    }
    this.releaseStates(old);
    if (next.length > 0) this.nodeImageNames.set(name, next);
    else this.nodeImageNames.delete(name);
    ni.setImageStates(this.acquireStates(next));
  }

  // The shared map for an image list (empty lists get a fresh empty map, as before).
  private acquireStates(names: string[]): Map<string, ImageStateSummary> {
    if (names.length === 0) return new Map();
    const key = names.join('\n');
    let shared = this.sharedStates.get(key);
    if (shared === undefined) {
      const states = new Map<string, ImageStateSummary>();
      for (const n of names) states.set(n, this.images.get(n)!);
      this.sharedStates.set(key, (shared = { states, users: 0 }));
    }
    shared.users++;
    return shared.states;
  }

  private releaseStates(names: string[]): void {
    if (names.length === 0) return;
    const key = names.join('\n');
    const shared = this.sharedStates.get(key);
    if (shared !== undefined && --shared.users === 0) this.sharedStates.delete(key);
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(node: Node): void {
    const name = node.metadata.name!;
    const ni = this.nodes.get(name);
    if (!ni?.node) return;
    this.removeFromTree(ni.node);
    this.updateImages(ni, undefined);
    // Pods still bound to the gone node keep a node-less info until they are deleted, as upstream.
    if (ni.pods.length === 0) this.nodes.delete(name);
    else ni.node = undefined;
    this.dirty.add(name);
  }

  private addToTree(node: Node): void {
    const z = zoneKey(node);
    const list = this.zones.get(z) ?? [];
    list.push(node.metadata.name!);
    this.zones.set(z, list);
    this.nodeSetChanged = true;
  }

  private removeFromTree(node: Node): void {
    const z = zoneKey(node);
    const list = this.zones.get(z);
    if (!list) return;
    const i = list.indexOf(node.metadata.name!);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.zones.delete(z);
    this.nodeSetChanged = true;
  }

  private place(pod: Pod, nodeName: string, assumed: boolean, pi?: PodInfo): void {
    let ni = this.nodes.get(nodeName);
    if (!ni) this.nodes.set(nodeName, (ni = new NodeInfo()));
    ni.addPod(pi ?? newPodInfo(pod));
    this.podStates.set(pod.metadata.uid!, { pod, nodeName, assumed });
    this.dirty.add(nodeName);
  }

  private unplace(state: PodState): void {
    const ni = this.nodes.get(state.nodeName);
    if (ni) {
      ni.removePod(state.pod);
      if (!ni.node && ni.pods.length === 0) this.nodes.delete(state.nodeName);
    }
    this.podStates.delete(state.pod.metadata.uid!);
    this.dirty.add(state.nodeName);
  }

  /** Places a pod the scheduler chose a node for, before the binding is confirmed. */
  assumePod(pod: Pod, nodeName: string, pi?: PodInfo): void {
    const uid = pod.metadata.uid!;
    if (this.podStates.has(uid)) throw new Error(`pod ${pod.metadata.name} is in the cache, so can't be assumed`);
    const assumed = { ...pod, spec: { ...pod.spec, nodeName } };
    // The cycle's PodInfo already holds the requests and terms; only the pod object differs.
    this.place(assumed, nodeName, true, pi ? { ...pi, pod: assumed } : undefined);
  }

  /** Drops an assumed pod whose binding failed. */
  forgetPod(pod: Pod): void {
    const s = this.podStates.get(pod.metadata.uid!);
    if (s?.assumed) this.unplace(s);
  }

  /** Whether the pod is assumed and not yet confirmed by the informer. */
  isAssumedPod(pod: Pod): boolean {
    return this.podStates.get(pod.metadata.uid!)?.assumed === true;
  }

  /** The pod as the cache holds it. */
  getPod(uid: string): Pod | undefined {
    return this.podStates.get(uid)?.pod;
  }

  /** An assigned pod from the informer: confirms an assumed one or places a new one. */
  addPod(pod: Pod): void {
    const s = this.podStates.get(pod.metadata.uid!);
    if (s) this.unplace(s);
    this.place(pod, pod.spec.nodeName!, false);
  }

  updatePod(_old: Pod, pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const s = this.podStates.get(pod.metadata.uid!);
    if (s) this.unplace(s);
  }

  /** Brings the snapshot up to date, copying only changed node infos (O(changed), not O(nodes)). */
  updateSnapshot(snapshot: Snapshot): void {
    if (this.dirty.size === 0 && !this.nodeSetChanged) return;
    let affinityChanged = false;
    for (const name of this.dirty) if (this.copyNode(snapshot, name)) affinityChanged = true;
    if (this.nodeSetChanged) snapshot.setOrder(this.treeOrder());
    else if (affinityChanged) snapshot.refreshAffinityLists();
    this.dirty.clear();
    this.nodeSetChanged = false;
  }

  // One dirty node into the snapshot; true when (anti-)affinity pods were or are on it.
  private copyNode(snapshot: Snapshot, name: string): boolean {
    const ni = this.nodes.get(name);
    const existing = snapshot.nodeInfoMap.get(name);
    if (!ni?.node) {
      if (existing) snapshot.nodeInfoMap.delete(name);
      return false;
    }
    const affinity = hasAffinityPods(existing) || hasAffinityPods(ni);
    if (existing) {
      existing.copyFrom(ni);
      snapshot.noteChanged(existing);
      if (!this.nodeSetChanged) snapshot.writeRow(existing);
    } else snapshot.nodeInfoMap.set(name, ni.clone());
    return affinity;
  }

  // Upstream's nodeTree: one node per zone in turn, so a sampled search spreads over zones.
  private treeOrder(): string[] {
    const lists = [...this.zones.values()];
    const out: string[] = [];
    for (let i = 0, added = true; added; i++) {
      added = false;
      for (const l of lists) {
        if (i >= l.length) continue;
        out.push(l[i]);
        added = true;
      }
    }
    return out;
  }
}

function hasAffinityPods(ni: NodeInfo | undefined): boolean {
  return !!ni && (ni.podsWithAffinity.length > 0 || ni.podsWithRequiredAntiAffinity.length > 0);
}
