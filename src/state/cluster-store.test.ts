import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { flushObjects, latestObjects, OBJECTS_PUBLISH_MS, useClusterStore } from './cluster-store';

const clock = { nowMs: 0, speed: 1 as const, paused: false };
const obj = (kind: string, uid: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name: uid, uid } });

describe('cluster store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the graph objects map when only kinds the graph ignores change', () => {
    const store = useClusterStore.getState();
    store.applyBatches([{ clock, revision: 1, deltas: [{ type: 'upsert', resource: 'pods', object: obj('Pod', 'p1') }] }]);
    const graph = useClusterStore.getState().graphObjects;
    expect([...graph.keys()]).toEqual(['p1']);

    store.applyBatches([{ clock, revision: 2, deltas: [{ type: 'upsert', resource: 'events', object: obj('Event', 'e1') }] }]);
    expect(useClusterStore.getState().graphObjects).toBe(graph);
    flushObjects();
    expect(useClusterStore.getState().objects.size).toBe(2);

    store.applyBatches([{ clock, revision: 3, deltas: [{ type: 'delete', resource: 'events', uid: 'e1' }] }]);
    expect(useClusterStore.getState().graphObjects).toBe(graph);

    store.applyBatches([{ clock, revision: 4, deltas: [{ type: 'delete', resource: 'pods', uid: 'p1' }] }]);
    expect(useClusterStore.getState().graphObjects).not.toBe(graph);
    expect(useClusterStore.getState().graphObjects.size).toBe(0);
    expect(useClusterStore.getState().revision).toBe(4);
    flushObjects();
    expect(useClusterStore.getState().objects.size).toBe(0);
  });

  it('publishes all objects at most once per interval, never losing the latest; clock-only batches publish nothing', () => {
    // The page's clock stands still: nothing here depends on how fast the test runs.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const store = useClusterStore.getState();
    store.applyBatches([{ clock, revision: 5, deltas: [{ type: 'upsert', resource: 'events', object: obj('Event', 'a') }] }]);
    flushObjects();
    const published = useClusterStore.getState().objects;
    expect([...published.keys()]).toEqual(['a']);

    // Right after a publish, the next change waits; the graph and the clock do not.
    store.applyBatches([{ clock: { ...clock, nowMs: 5 }, revision: 6, deltas: [{ type: 'upsert', resource: 'events', object: obj('Event', 'b') }] }]);
    expect(useClusterStore.getState().objects).toBe(published);
    expect(useClusterStore.getState().clock.nowMs).toBe(5);
    expect([...latestObjects().keys()]).toEqual(['a', 'b']);
    vi.advanceTimersByTime(OBJECTS_PUBLISH_MS);
    expect([...useClusterStore.getState().objects.keys()]).toEqual(['a', 'b']);
    expect(published.size).toBe(1); // a published map is never mutated

    const before = useClusterStore.getState().objects;
    store.applyBatches([{ clock: { ...clock, nowMs: 9 }, revision: 6, deltas: [] }]);
    flushObjects();
    expect(useClusterStore.getState().objects).toBe(before);
  });

  it('publishes at once while paused (stepping shows each event)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const store = useClusterStore.getState();
    flushObjects();
    store.applyBatches([{ clock: { ...clock, paused: true }, revision: 8, deltas: [{ type: 'upsert', resource: 'events', object: obj('Event', 'd') }] }]);
    expect(useClusterStore.getState().objects.has('d')).toBe(true);
  });

  it('drops unpublished changes when the objects are replaced (a reset)', () => {
    const store = useClusterStore.getState();
    flushObjects();
    store.applyBatches([{ clock, revision: 7, deltas: [{ type: 'upsert', resource: 'events', object: obj('Event', 'c') }] }]);
    useClusterStore.setState({ objects: new Map(), graphObjects: new Map() });
    flushObjects();
    expect(useClusterStore.getState().objects.size).toBe(0);
    expect(latestObjects().size).toBe(0);
  });
});
