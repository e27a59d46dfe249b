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
  /** By metadata.uid. Replaced (not mutated) on every change so selectors see new references. */
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

export const useClusterStore = create<ClusterState>((set, get) => ({
  phase: 'connecting',
  resumed: false,
  clock: { nowMs: 0, speed: 1, paused: false },
  revision: 0,
  objects: new Map(),
  graphObjects: new Map(),
  setBooted: (info) => set({ phase: 'running', resumed: info.resumed, clock: info.clock, revision: info.revision }),
  setRefused: (reason) => set({ phase: 'refused', refusedReason: reason }),
  setClock: (clock) => set({ clock }),
  applyBatches: (batches) => {
    if (!batches.length) return;
    const objects = new Map(get().objects);
    let graphObjects: Map<string, ObjectEntry> | undefined;
    const graph = () => (graphObjects ??= new Map(get().graphObjects));
    for (const batch of batches) {
      for (const d of batch.deltas) {
        if (d.type === 'upsert') {
          const uid = d.object.metadata.uid;
          if (!uid) continue;
          const entry = { resource: d.resource, object: d.object };
          objects.set(uid, entry);
          if (GRAPH_KINDS.has(d.object.kind)) graph().set(uid, entry);
        } else {
          objects.delete(d.uid);
          if ((graphObjects ?? get().graphObjects).has(d.uid)) graph().delete(d.uid);
        }
      }
    }
    const last = batches[batches.length - 1];
    set({ objects, graphObjects: graphObjects ?? get().graphObjects, clock: last.clock, revision: last.revision });
  },
}));
