/**
 * The kubelet's status manager: writes each pod's status to pods/status when it changed, one write
 * per pod at a time (the newest status wins), as a merge patch carrying the pod's UID so a pod
 * recreated under the same name is never written to.
 */
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import { isNotFound } from '../../controllers/api-errors';
import { jsonFingerprint, matchesFingerprint, type JsonFingerprint } from './json-fingerprint';
import type { PodStatus } from './pod-types';

const PODS = { group: '', version: 'v1', resource: 'pods' };

interface Slot {
  namespace: string;
  name: string;
  uid: string;
  /** The JSON text of the status last written, as its fingerprint (exact, and far smaller than the text). */
  lastSent?: JsonFingerprint;
  /** The status to write next; a status is never changed once generated. */
  pending?: PodStatus;
  writing?: Promise<void>;
}

/** Every field set from the start: the object keeps them all inline. */
function newSlot(pod: KubeObject, uid: string): Slot {
  return { namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid, lastSent: undefined, pending: undefined, writing: undefined };
}

/** Whether the status serializes to the very text last written. */
function sameAsSent(slot: Slot, status: PodStatus): boolean {
  return slot.lastSent !== undefined && matchesFingerprint(status, slot.lastSent);
}

/** Serialises status writes per pod. */
export class StatusManager {
  private readonly slots = new Map<string, Slot>();
  /** Writes made (for tests and the UI). */
  writes = 0;
  /** When false (a stopped kubelet) nothing is written. */
  enabled = true;

  constructor(private readonly client: Client) {}

  /** Queues the status; resolves once it (or a newer one) is written. */
  set(pod: KubeObject, status: PodStatus): Promise<void> {
    const uid = pod.metadata.uid!;
    let slot = this.slots.get(uid);
    if (!slot) {
      slot = newSlot(pod, uid);
      this.slots.set(uid, slot);
    }
    if (!slot.pending && sameAsSent(slot, status)) return slot.writing ?? Promise.resolve();
    slot.pending = status;
    if (!slot.writing) slot.writing = this.drain(slot);
    return slot.writing;
  }

  private async drain(slot: Slot): Promise<void> {
    try {
      while (slot.pending && this.enabled) {
        const status = slot.pending;
        slot.pending = undefined;
        if (sameAsSent(slot, status)) continue;
        try {
          await this.client.resource(PODS, slot.namespace).patch(slot.name, 'merge', { metadata: { uid: slot.uid }, status }, { subresource: 'status' });
          slot.lastSent = jsonFingerprint(status, slot.lastSent);
          this.writes++;
        } catch (err) {
          if (isNotFound(err)) return;
          // Conflicts and the like: the next sync writes again.
        }
      }
    } finally {
      slot.writing = undefined;
    }
  }

  /** Records `status` as already written (a resumed kubelet found it in the API): no write until it changes. */
  markWritten(pod: KubeObject, status: PodStatus): void {
    const uid = pod.metadata.uid!;
    const slot = this.slots.get(uid) ?? newSlot(pod, uid);
    slot.lastSent = jsonFingerprint(status, slot.lastSent);
    this.slots.set(uid, slot);
  }

  /** Forgets a pod. */
  remove(uid: string): void {
    this.slots.delete(uid);
  }
}
