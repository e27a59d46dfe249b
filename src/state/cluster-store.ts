/** The page's projection of the cluster: every object by uid, the clock, and the connection state. */
import { create } from 'zustand';
import type { KubeObject } from '../../workers/api/types';
import type { BootInfo, ClockState, DeltaBatch } from '../../workers/cluster/protocol';

export interface ObjectEntry {
  resource: string;
  object: KubeObject;
}

export interface ClusterState {
  phase: 'connecting' | 'running' | 'refused';
  refusedReason?: string;
  resumed: boolean;
  clock: ClockState;
  revision: number;
  /**
   * By metadata.uid. Replaced (not mutated) on change so selectors see new references, at most every
   * OBJECTS_PUBLISH_MS (latestObjects() has the newest).
   */
  objects: ReadonlyMap<string, ObjectEntry>;
  /**
   * The objects the graph draws (GRAPH_KINDS), by uid: replaced only when one of them changes, so
   * that the stream of Events and Leases does not rebuild the graph.
   */
  graphObjects: ReadonlyMap<string, ObjectEntry>;
  setBooted(info: BootInfo): void;
  setRefused(reason: string): void;
  setClock(clock: ClockState): void;
  applyBatches(batches: DeltaBatch[]): void;
}

/** Kinds the cluster graph draws or reads. */
export const GRAPH_KINDS: ReadonlySet<string> = new Set(['Pod', 'Node', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Service', 'Namespace']);

/**
 * The all-objects map is republished at most this often (the first change at once, the last one
 * always): the Objects table, Events and Inspector do not need every animation frame, and with
 * thousands of objects re-deriving them per frame was most of the page's main thread at 1x. The
 * graph reads `graphObjects`, which stays per frame.
 */
export const OBJECTS_PUBLISH_MS = 250;

/** Objects changed since the last publish (a private working copy), or undefined when none did. */
let working: Map<string, ObjectEntry> | undefined;
let published: ReadonlyMap<string, ObjectEntry> | undefined;
let publishTimer: ReturnType<typeof setTimeout> | undefined;
let lastPublishMs = -Infinity;

function publishObjects(): void {
  publishTimer = undefined;
  if (!working) return;
  lastPublishMs = performance.now();
  published = working;
  working = undefined;
  useClusterStore.setState({ objects: published });
}

function schedulePublish(): void {
  if (publishTimer !== undefined) return;
  const waitMs = lastPublishMs + OBJECTS_PUBLISH_MS - performance.now();
  if (waitMs <= 0) publishObjects();
  else publishTimer = setTimeout(publishObjects, waitMs);
}

/** Every object as of the last batch, published or not (for event handlers that must not lag). */
export function latestObjects(): ReadonlyMap<string, ObjectEntry> {
  return working ?? useClusterStore.getState().objects;
}

/** Publishes pending object changes now (tests, and before reading `objects` right after a batch). */
export function flushObjects(): void {
  if (publishTimer !== undefined) clearTimeout(publishTimer);
  publishObjects();
}

export const useClusterStore = create<ClusterState>((set, get) => ({
  phase: 'connecting',
  resumed: false,
  clock: { nowMs: 0, speed: 1, paused: false },
  revision: 0,
  objects: new Map(),
  graphObjects: new Map(),
  setBooted: (info) => set({ phase: 'running', resumed: info.resumed, clock: info.clock, revision: info.revision }),
  setRefused: (reason) => set({ phase: 'refused', refusedReason: reason }),
  setClock: (clock) => {
    set({ clock });
    // Paused by the person: what the table shows must be what the cluster holds, now.
    if (clock.paused) flushObjects();
  },
  applyBatches: (batches) => {
    if (!batches.length) return;
    let graphObjects: Map<string, ObjectEntry> | undefined;
    const graph = () => (graphObjects ??= new Map(get().graphObjects));
    const objects = () => (working ??= new Map(get().objects));
    for (const batch of batches) {
      for (const d of batch.deltas) {
        if (d.type === 'upsert') {
          const uid = d.object.metadata.uid;
          if (!uid) continue;
          const entry = { resource: d.resource, object: d.object };
          objects().set(uid, entry);
          if (GRAPH_KINDS.has(d.object.kind)) graph().set(uid, entry);
        } else {
          objects().delete(d.uid);
          if ((graphObjects ?? get().graphObjects).has(d.uid)) graph().delete(d.uid);
        }
      }
    }
    const last = batches[batches.length - 1];
    set({ graphObjects: graphObjects ?? get().graphObjects, clock: last.clock, revision: last.revision });
    // Paused (or stepping one event at a time) nothing else is coming: show the change now.
    if (working && last.clock.paused) flushObjects();
    else if (working) schedulePublish();
  },
}));

// Someone replaced the objects (a reset): changes not yet published belong to the old cluster.
useClusterStore.subscribe((s, prev) => {
  if (s.objects === prev.objects || s.objects === published) return;
  if (publishTimer !== undefined) clearTimeout(publishTimer);
  publishTimer = undefined;
  working = undefined;
});
