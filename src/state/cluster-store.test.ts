import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { useClusterStore } from './cluster-store';

const clock = { nowMs: 0, speed: 1 as const, paused: false };
const obj = (kind: string, uid: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name: uid, uid } });

describe('cluster store', () => {
  it('keeps the graph objects map when only kinds the graph ignores change', () => {
    const store = useClusterStore.getState();
    store.applyBatches([{ clock, revision: 1, deltas: [{ type: 'upsert', resource: 'pods', object: obj('Pod', 'p1') }] }]);
    const graph = useClusterStore.getState().graphObjects;
    expect([...graph.keys()]).toEqual(['p1']);

    store.applyBatches([{ clock, revision: 2, deltas: [{ type: 'upsert', resource: 'events', object: obj('Event', 'e1') }] }]);
    expect(useClusterStore.getState().graphObjects).toBe(graph);
    expect(useClusterStore.getState().objects.size).toBe(2);

    store.applyBatches([{ clock, revision: 3, deltas: [{ type: 'delete', resource: 'events', uid: 'e1' }] }]);
    expect(useClusterStore.getState().graphObjects).toBe(graph);

    store.applyBatches([{ clock, revision: 4, deltas: [{ type: 'delete', resource: 'pods', uid: 'p1' }] }]);
    expect(useClusterStore.getState().graphObjects).not.toBe(graph);
    expect(useClusterStore.getState().graphObjects.size).toBe(0);
    expect(useClusterStore.getState().revision).toBe(4);
  });
});
