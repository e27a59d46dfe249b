/**
 * The collector's decisions for one object (upstream attemptToDeleteItem, processDeletingDependentsItem
 * and orphanDependents): classify each owner reference as solid, dangling (owner gone or a different
 * UID) or waiting (owner deleting in the foreground), then keep, trim references, or delete.
 */
import { resourceForKind } from '../../api/registry';
import type { KubeObject, OwnerReference } from '../../api/types';
import type { Client } from '../../client/client';
import type { EventRecorder } from '../../client/component';
import { isConflict, isNotFound } from '../api-errors';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type DependencyGraph, type GraphNode } from './dependency-graph';

/** What the decisions need: the graph, a client, and a way to look at an object again later. */
export interface CollectorDeps {
  graph: DependencyGraph;
  client: Client;
  recorder: EventRecorder;
  enqueueDelete(uid: string): void;
}

type OwnerState = 'solid' | 'dangling' | 'waiting' | 'invalid';

/** The event an owner reference into another namespace earns (upstream reportInvalidNamespaceOwnerRef). */
function reportInvalidNamespace(deps: CollectorDeps, item: GraphNode, ref: OwnerReference): void {
  const obj: KubeObject = { apiVersion: item.apiVersion, kind: item.kind, metadata: { name: item.name, namespace: item.namespace, uid: item.uid } };
  const owner = `[${ref.apiVersion}/${ref.kind}, namespace: ${item.namespace ?? ''}, name: ${ref.name}, uid: ${ref.uid}]`;
  deps.recorder.event(obj, 'Warning', 'OwnerRefInvalidNamespace', `ownerRef ${owner} does not exist in namespace "${item.namespace ?? ''}"`);
}

/**
 * Classifies one owner reference (upstream isDangling): the owner is looked up in the item's
 * namespace (or cluster-wide for a cluster-scoped kind) and must have the referenced UID. The graph
 * answers first; the server when the graph does not know the UID. A cluster-scoped item cannot
 * have a namespaced owner ('invalid').
 */
async function ownerState(deps: CollectorDeps, ref: OwnerReference, item: GraphNode): Promise<OwnerState> {
  const info = resourceForKind(ref.apiVersion, ref.kind);
  // An owner kind the server does not serve cannot be checked; keeping the dependent is the safe choice.
  if (!info) return 'solid';
  if (info.namespaced && !item.namespace) return 'invalid';
  const wantNamespace = info.namespaced ? item.namespace : undefined;
  const cached = deps.graph.get(ref.uid);
  if (cached) {
    if ((cached.namespace ?? undefined) !== wantNamespace) {
      reportInvalidNamespace(deps, item, ref);
      return 'dangling';
    }
    return cached.deletingDependents ? 'waiting' : 'solid';
  }
  const gvr = { group: info.group, version: info.version, resource: info.resource };
  try {
    const owner = await deps.client.resource(gvr, wantNamespace).get(ref.name);
    if (owner.metadata.uid !== ref.uid) return 'dangling';
    const foreground = !!owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER);
    return foreground ? 'waiting' : 'solid';
  } catch (err) {
    if (isNotFound(err)) return 'dangling';
    throw err;
  }
}

/** Converges one object whose owners may be gone, or an owner deleting its dependents first. */
export async function attemptToDelete(deps: CollectorDeps, uid: string): Promise<void> {
  const node = deps.graph.get(uid);
  if (!node) return;
  if (node.deletingDependents) return processDeletingDependents(deps, node);
  if (node.beingDeleted) return;
  const res = deps.client.resource(node.gvr, node.namespace);
  let latest: KubeObject;
  try {
    latest = await res.get(node.name);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (latest.metadata.uid !== uid || latest.metadata.deletionTimestamp) return;
  const refs = latest.metadata.ownerReferences ?? [];
  if (refs.length === 0) return;
  const states = new Map<OwnerReference, OwnerState>();
  for (const ref of refs) states.set(ref, await ownerState(deps, ref, node));
  // A cluster-scoped object naming a namespaced owner will not get better by retrying: left alone.
  if ([...states.values()].includes('invalid')) return;
  const solid = refs.filter((r) => states.get(r) === 'solid');
  const notSolid = refs.filter((r) => states.get(r) !== 'solid');
  const waiting = refs.filter((r) => states.get(r) === 'waiting');
  if (solid.length > 0) {
    // A live owner keeps the object; references to owners that are gone or going are trimmed.
    if (notSolid.length > 0) await removeOwnerReferences(deps.client, node, notSolid.map((r) => r.uid), refs);
    return;
  }
  const rv = latest.metadata.resourceVersion;
  if (waiting.length > 0 && deps.graph.dependents(uid).length > 0) {
    // Its own dependents must block its owner too, so it goes in the foreground as well.
    await deleteObject(deps.client, node, 'Foreground', rv, refs);
    return;
  }
  const finalizers = latest.metadata.finalizers ?? [];
  const policy = finalizers.includes(ORPHAN_FINALIZER) ? 'Orphan' : finalizers.includes(FOREGROUND_FINALIZER) ? 'Foreground' : 'Background';
  await deleteObject(deps.client, node, policy, rv, refs);
}

/**
 * Deletes with the UID and resourceVersion read as preconditions (upstream deleteObject); on a
 * conflict it looks again and, if the owner references are as they were, deletes by UID alone.
 */
async function deleteObject(client: Client, node: GraphNode, propagationPolicy: 'Orphan' | 'Foreground' | 'Background', resourceVersion: string | undefined, owners: OwnerReference[]): Promise<void> {
  const res = client.resource(node.gvr, node.namespace);
  try {
    try {
      await res.delete(node.name, { propagationPolicy, preconditions: { uid: node.uid, ...(resourceVersion ? { resourceVersion } : {}) } });
    } catch (err) {
      if (!isConflict(err) || !resourceVersion) throw err;
      const live = await res.get(node.name);
      if (live.metadata.uid !== node.uid) return;
      if (JSON.stringify(live.metadata.ownerReferences ?? []) !== JSON.stringify(owners)) return;
      await res.delete(node.name, { propagationPolicy, preconditions: { uid: node.uid } });
    }
  } catch (err) {
    // Gone already, or the name now belongs to a different object: nothing of ours to delete.
    if (isNotFound(err) || isConflict(err)) return;
    throw err;
  }
}

/** Drops the references to the given owner UIDs: a strategic merge patch guarded by the object's UID. */
async function removeOwnerReferences(client: Client, node: GraphNode, ownerUids: string[], current: OwnerReference[]): Promise<void> {
  // Removing every reference: the field goes (upstream's omitempty drops the emptied list).
  const all = current.every((o) => ownerUids.includes(o.uid));
  const refs = all ? null : ownerUids.map((uid) => ({ $patch: 'delete', uid }));
  const patch = { metadata: { ownerReferences: refs, uid: node.uid } };
  try {
    await client.resource(node.gvr, node.namespace).patch(node.name, 'strategic', patch);
  } catch (err) {
    if (isNotFound(err) || isConflict(err)) return;
    throw err;
  }
}

/** A foreground-deleting owner: waits for its blocking dependents, then drops its finalizer. */
async function processDeletingDependents(deps: CollectorDeps, owner: GraphNode): Promise<void> {
  const blocking = deps.graph.blockingDependents(owner.uid);
  if (blocking.length === 0) {
    await removeFinalizer(deps.client, owner, FOREGROUND_FINALIZER);
    return;
  }
  for (const dep of blocking) if (!dep.deletingDependents) deps.enqueueDelete(dep.uid);
}

/** Removes one finalizer from an object, guarded by resourceVersion (a conflict retries the key). */
export async function removeFinalizer(client: Client, node: GraphNode, finalizer: string): Promise<void> {
  const res = client.resource(node.gvr, node.namespace);
  let latest: KubeObject;
  try {
    latest = await res.get(node.name);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (latest.metadata.uid !== node.uid) return;
  const finalizers = latest.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return;
  const rest = finalizers.filter((f) => f !== finalizer);
  await res.patch(node.name, 'merge', { metadata: { finalizers: rest.length ? rest : null, resourceVersion: latest.metadata.resourceVersion } });
}

/** An owner deleted with the Orphan policy: its dependents lose the reference, then it loses `orphan`. */
export async function attemptToOrphan(deps: CollectorDeps, uid: string): Promise<void> {
  const owner = deps.graph.get(uid);
  if (!owner || !owner.orphaning) return;
  for (const depUid of deps.graph.dependents(uid)) {
    const dep = deps.graph.get(depUid);
    if (dep) await removeOwnerReferences(deps.client, dep, [uid], dep.owners);
  }
  await removeFinalizer(deps.client, owner, ORPHAN_FINALIZER);
}
