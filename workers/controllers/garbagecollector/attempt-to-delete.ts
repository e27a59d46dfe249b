/**
 * The collector's decisions for one object (upstream attemptToDeleteItem, processDeletingDependentsItem
 * and orphanDependents): classify each owner reference as solid, dangling (owner gone or a different
 * UID) or waiting (owner deleting in the foreground), then keep, trim references, or delete.
 */
import { resourceForKind } from '../../api/registry';
import type { KubeObject, OwnerReference } from '../../api/types';
import type { Client } from '../../client/client';
import { isConflict, isNotFound } from '../api-errors';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type DependencyGraph, type GraphNode } from './dependency-graph';

/** What the decisions need: the graph, a client, and a way to look at an object again later. */
export interface CollectorDeps {
  graph: DependencyGraph;
  client: Client;
  enqueueDelete(uid: string): void;
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

/** Looks the owner up by UID in the graph, else by name on the server (then checks the UID). */
async function ownerState(deps: CollectorDeps, ref: OwnerReference, namespace: string | undefined): Promise<OwnerState> {
  const cached = deps.graph.get(ref.uid);
  if (cached) return cached.deletingDependents ? 'waiting' : 'solid';
  const info = resourceForKind(ref.apiVersion, ref.kind);
  // An owner kind the server does not serve cannot be checked; keeping the dependent is the safe choice.
  if (!info) return 'solid';
  const gvr = { group: info.group, version: info.version, resource: info.resource };
  try {
    const owner = await deps.client.resource(gvr, info.namespaced ? namespace : undefined).get(ref.name);
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
  for (const ref of refs) states.set(ref, await ownerState(deps, ref, node.namespace));
  const solid = refs.filter((r) => states.get(r) === 'solid');
  const notSolid = refs.filter((r) => states.get(r) !== 'solid');
  const waiting = refs.filter((r) => states.get(r) === 'waiting');
  if (solid.length > 0) {
    // A live owner keeps the object; references to owners that are gone or going are trimmed.
    if (notSolid.length > 0) await removeOwnerReferences(deps.client, node, new Set(notSolid.map((r) => r.uid)));
    return;
  }
  if (waiting.length > 0 && deps.graph.dependents(uid).length > 0) {
    // Its own dependents must block its owner too, so it goes in the foreground as well.
    await deleteObject(deps.client, node, 'Foreground');
    return;
  }
  const finalizers = latest.metadata.finalizers ?? [];
  const policy = finalizers.includes(ORPHAN_FINALIZER) ? 'Orphan' : finalizers.includes(FOREGROUND_FINALIZER) ? 'Foreground' : 'Background';
  await deleteObject(deps.client, node, policy);
}

async function deleteObject(client: Client, node: GraphNode, propagationPolicy: 'Orphan' | 'Foreground' | 'Background'): Promise<void> {
  try {
    await client.resource(node.gvr, node.namespace).delete(node.name, { propagationPolicy, preconditions: { uid: node.uid } });
  } catch (err) {
    // Gone already, or the name now belongs to a different object: nothing of ours to delete.
    if (isNotFound(err) || isConflict(err)) return;
    throw err;
  }
}

/** Drops the references to the given owner UIDs, guarded by the object's UID. */
async function removeOwnerReferences(client: Client, node: GraphNode, ownerUids: Set<string>): Promise<void> {
  const res = client.resource(node.gvr, node.namespace);
  let latest: KubeObject;
  try {
    latest = await res.get(node.name);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (latest.metadata.uid !== node.uid) return;
  const refs = latest.metadata.ownerReferences ?? [];
  const kept = refs.filter((r) => !ownerUids.has(r.uid));
  if (kept.length === refs.length) return;
  const patch = { metadata: { ownerReferences: kept.length ? kept : null, uid: node.uid, resourceVersion: latest.metadata.resourceVersion } };
  await res.patch(node.name, 'merge', patch);
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
    if (dep) await removeOwnerReferences(deps.client, dep, new Set([uid]));
  }
  await removeFinalizer(deps.client, owner, ORPHAN_FINALIZER);
}
