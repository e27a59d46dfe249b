/**
 * Converging the number of pods (upstream's manageReplicas and RealPodControl): create the missing
 * ones in slow-start batches, delete the surplus ranked by upstream's deletion order, and keep the
 * expectations in step so the next sync waits for the cache to catch up.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { isApiError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import type { EventRecorder } from '../../client/component';
import { sprintf } from '../../client/event-recorder';
import type { UIDTrackingExpectations } from '../../client/expectations';
import { metaNamespaceKey } from '../../client/paths';
import type { Clock } from '../../sim/types';
import { isNamespaceTerminating } from '../api-errors';
import { newControllerRef } from '../shared/controller-ref';
import { podsToDelete } from '../shared/pod-ranking';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../shared/slow-start';
import { desiredReplicas, type ReplicaOwner } from './replica-kind';
import { cloneJson } from '../../api/patch/json-values';

/** Upstream's BurstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

const PODS = { group: '', version: 'v1', resource: 'pods' };

/** What manageReplicas needs from its controller. */
export interface ReplicaManagerDeps {
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
  expectations: UIDTrackingExpectations;
  burstReplicas: number;
  /** Active pods of this owner and of its siblings under the same controller, for node ranking. */
  relatedPods(owner: ReplicaOwner): Pod[];
}

/** `<name>-`, unless that is no valid generateName (then the bare name), as upstream's getPodsPrefix. */
export function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  // A generated name adds 5 characters and must stay a DNS-1123 subdomain of at most 253.
  return prefix.length + 5 <= 253 && /^[a-z0-9]([-a-z0-9.]*)?$/.test(prefix) ? prefix : controllerName;
}

/** The pod a controller creates from its template (upstream's GetPodFromTemplate). */
export function podFromTemplate(owner: ReplicaOwner): Pod {
  const t = owner.spec?.template ?? {};
  const metadata: Pod['metadata'] = { generateName: podsPrefix(owner.metadata.name ?? ''), namespace: owner.metadata.namespace };
  if (t.metadata?.labels) metadata.labels = { ...t.metadata.labels };
  if (t.metadata?.annotations) metadata.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers) metadata.finalizers = [...t.metadata.finalizers];
  metadata.ownerReferences = [newControllerRef(owner)];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: cloneJson(t.spec ?? {}) as Pod['spec'] };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}


/** Creates or deletes pods so that `pods` (the active pods the owner controls) reaches spec.replicas. */
export async function manageReplicas(deps: ReplicaManagerDeps, owner: ReplicaOwner, ownerKey: string, pods: Pod[]): Promise<void> {
  const diff = pods.length - desiredReplicas(owner);
  if (diff < 0) return createPods(deps, owner, ownerKey, Math.min(-diff, deps.burstReplicas));
  if (diff > 0) return deletePods(deps, owner, ownerKey, pods, Math.min(diff, deps.burstReplicas));
}

async function createPods(deps: ReplicaManagerDeps, owner: ReplicaOwner, ownerKey: string, count: number): Promise<void> {
  // Expect them all first: a creation's watch event may arrive before the request returns.
  deps.expectations.expectCreations(ownerKey, count);
  const podClient = deps.client.resource<Pod & KubeObject>(PODS, owner.metadata.namespace);
  const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
    try {
      const created = await podClient.create(podFromTemplate(owner) as Pod & KubeObject);
      deps.recorder.event(owner, 'Normal', 'SuccessfulCreate', sprintf('Created pod: %v', created.metadata.name));
    } catch (err) {
      if (isNamespaceTerminating(err)) return;
      deps.recorder.event(owner, 'Warning', 'FailedCreate', sprintf('Error creating: %v', messageOf(err)));
      throw err;
    }
  });
  // Pods never created will never be observed: stop waiting for them.
  const skipped = count - successes;
  for (let i = 0; i < skipped; i++) deps.expectations.creationObserved(ownerKey);
  if (error !== undefined) throw error;
}

async function deletePods(deps: ReplicaManagerDeps, owner: ReplicaOwner, ownerKey: string, pods: Pod[], count: number): Promise<void> {
  const victims = podsToDelete(pods, deps.relatedPods(owner), count, deps.clock.now());
  deps.expectations.expectDeletionsOf(ownerKey, victims.map((p) => metaNamespaceKey(p.metadata ?? {})));
  const podClient = deps.client.resource(PODS, owner.metadata.namespace);
  const results = await Promise.allSettled(
    victims.map(async (pod) => {
      const name = pod.metadata?.name ?? '';
      try {
        await podClient.delete(name);
        deps.recorder.event(owner, 'Normal', 'SuccessfulDelete', sprintf('Deleted pod: %v', name));
      } catch (err) {
        // The deletion will not be observed as ours: stop waiting for it.
        deps.expectations.deletionObservedOf(ownerKey, metaNamespaceKey(pod.metadata ?? {}));
        if (isApiError(err) && err.status.code === 404) return;
        deps.recorder.event(owner, 'Warning', 'FailedDelete', sprintf('Error deleting: %v', messageOf(err)));
        // RealPodControl wraps it; the ReplicaFailure condition shows this text.
        throw new Error(`unable to delete pods: ${messageOf(err)}`, { cause: err });
      }
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
