/**
 * The garbage collector's view of the cluster (upstream pkg/controller/garbagecollector graph): one
 * node per object UID, with its owner references and the UIDs that name it as owner. Owners need
 * not be present: a dependent may point at a UID nothing in the graph has (yet, or any more).
 */
import type { KubeObject, OwnerReference } from '../../api/types';
import type { GroupVersionResource } from '../../client/paths';

/** Finalizer asking the GC to delete dependents before their owner. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** Finalizer asking the GC to strip dependents' references before the owner goes. */
export const ORPHAN_FINALIZER = 'orphan';

/** One object as the graph knows it. */
export interface GraphNode {
  uid: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  gvr: GroupVersionResource;
  owners: OwnerReference[];
  beingDeleted: boolean;
  /** Being deleted in the foreground: waits for its blocking dependents. */
  deletingDependents: boolean;
  orphaning: boolean;
}

/** What an observed change means for the collector. */
export interface GraphChange {
  node: GraphNode;
  /** Owner UIDs added to the object's references (all of them for a new object). */
  addedOwners: string[];
  /** Owner UIDs no longer referenced. */
  removedOwners: string[];
  /** It started foreground deletion with this change. */
  startedDeletingDependents: boolean;
  startedOrphaning: boolean;
}

/** Nodes by UID and the reverse owner index. */
export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependentsOf = new Map<string, Set<string>>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** UIDs of objects naming `uid` as an owner, sorted for a stable order. */
  dependents(uid: string): string[] {
    return [...(this.dependentsOf.get(uid) ?? [])].sort();
  }

  /** Dependents whose reference to `uid` has blockOwnerDeletion set. */
  blockingDependents(uid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const d of this.dependents(uid)) {
      const node = this.nodes.get(d);
      if (node?.owners.some((o) => o.uid === uid && o.blockOwnerDeletion)) out.push(node);
    }
    return out;
  }

  /** Records an object's current state. */
  observe(obj: KubeObject, gvr: GroupVersionResource): GraphChange {
    const uid = obj.metadata.uid!;
    const old = this.nodes.get(uid);
    const finalizers = obj.metadata.finalizers ?? [];
    const beingDeleted = !!obj.metadata.deletionTimestamp;
    const node: GraphNode = {
      uid,
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name!,
      gvr,
      owners: [...(obj.metadata.ownerReferences ?? [])],
      beingDeleted,
      deletingDependents: beingDeleted && finalizers.includes(FOREGROUND_FINALIZER),
      orphaning: beingDeleted && finalizers.includes(ORPHAN_FINALIZER),
    };
    this.nodes.set(uid, node);
    const before = new Set((old?.owners ?? []).map((o) => o.uid));
    const after = new Set(node.owners.map((o) => o.uid));
    const addedOwners = [...after].filter((u) => !before.has(u));
    const removedOwners = [...before].filter((u) => !after.has(u));
    for (const o of addedOwners) this.link(o, uid);
    for (const o of removedOwners) this.unlink(o, uid);
    return {
      node,
      addedOwners,
      removedOwners,
      startedDeletingDependents: node.deletingDependents && !old?.deletingDependents,
      startedOrphaning: node.orphaning && !old?.orphaning,
    };
  }

  /** Forgets an object; returns its last node, if it was known. */
  remove(uid: string): GraphNode | undefined {
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    this.nodes.delete(uid);
    for (const o of node.owners) this.unlink(o.uid, uid);
    return node;
  }

  private link(owner: string, dependent: string): void {
    let set = this.dependentsOf.get(owner);
    if (!set) this.dependentsOf.set(owner, (set = new Set()));
    set.add(dependent);
  }

  private unlink(owner: string, dependent: string): void {
    const set = this.dependentsOf.get(owner);
    if (!set) return;
    set.delete(dependent);
    if (set.size === 0) this.dependentsOf.delete(owner);
  }
}
