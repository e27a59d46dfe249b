import { describe, expect, it } from 'vitest';
import type { GraphItem } from './graph-model';
import { COLUMN_X, placeItems, SLOT_HEIGHT, type LayoutMemory } from './graph-layout';

const podItem = (name: string, createdMs: number): GraphItem => ({
  type: 'pod', id: name, column: 2, createdMs, name,
  view: { uid: name, name, namespace: 'default', status: 'Running', ready: '1/1', restarts: 0, nodeName: '', tone: 'ok' },
});
const nodeItem = (name: string): GraphItem => ({
  type: 'node', id: name, column: 3, createdMs: 0, name,
  view: { uid: name, name, status: 'Ready', roles: '', ready: true, cordoned: false, taints: [], cpuRequested: 0, cpuAllocatable: 4, memoryRequested: 0, memoryAllocatable: 1, pods: 0, podsAllocatable: 110, tone: 'ok' },
});
const ys = (placed: { item: GraphItem; y: number }[]) => Object.fromEntries(placed.map((p) => [p.item.id, p.y / SLOT_HEIGHT[p.item.column]]));

describe('placeItems', () => {
  it('orders new items by creation then name, per column', () => {
    const { placed } = placeItems([podItem('b', 1), podItem('a', 1), podItem('c', 0), nodeItem('n1')], new Map());
    expect(ys(placed)).toEqual({ c: 0, a: 1, b: 2, n1: 0 });
    expect(placed.find((p) => p.item.id === 'n1')?.x).toBe(COLUMN_X[3]);
  });

  it('keeps existing items where they are when others arrive, even older-sorting ones', () => {
    const first = placeItems([podItem('b', 5), podItem('c', 6)], new Map());
    const second = placeItems([podItem('a', 1), podItem('b', 5), podItem('c', 6)], first.memory);
    expect(ys(second.placed)).toEqual({ b: 0, c: 1, a: 2 });
  });

  it('gives a freed slot to the next newcomer and leaves the others still', () => {
    let memory: LayoutMemory = new Map();
    memory = placeItems([podItem('old-1', 1), podItem('old-2', 2), podItem('old-3', 3)], memory).memory;
    const afterDelete = placeItems([podItem('old-1', 1), podItem('old-3', 3)], memory);
    expect(ys(afterDelete.placed)).toEqual({ 'old-1': 0, 'old-3': 2 });
    const replaced = placeItems([podItem('old-1', 1), podItem('old-3', 3), podItem('new-1', 9), podItem('new-2', 10)], afterDelete.memory);
    expect(ys(replaced.placed)).toEqual({ 'old-1': 0, 'old-3': 2, 'new-1': 1, 'new-2': 3 });
  });

  it('is deterministic: the same inputs give the same positions', () => {
    const items = [podItem('x', 3), podItem('y', 3), nodeItem('n')];
    expect(placeItems(items, new Map()).placed).toEqual(placeItems([...items].reverse(), new Map()).placed.sort((a, b) => items.indexOf(a.item) - items.indexOf(b.item)));
  });
});
