import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../api/types';
import { DependencyGraph } from './dependency-graph';

const CM = { group: '', version: 'v1', resource: 'configmaps' };

function obj(uid: string, owners: OwnerReference[] = [], meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: uid, namespace: 'default', uid, ownerReferences: owners, ...meta } };
}
const own = (uid: string, block = false): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, ...(block ? { blockOwnerDeletion: true } : {}) });

describe('DependencyGraph', () => {
  it('tracks dependents through owner changes and removal', () => {
    const g = new DependencyGraph();
    expect(g.observe(obj('c', [own('p1')]), CM).addedOwners).toEqual(['p1']);
    g.observe(obj('d', [own('p1', true)]), CM);
    expect(g.dependents('p1')).toEqual(['c', 'd']);
    expect(g.blockingDependents('p1').map((n) => n.uid)).toEqual(['d']);
    const change = g.observe(obj('c', [own('p2')]), CM);
    expect([change.addedOwners, change.removedOwners]).toEqual([['p2'], ['p1']]);
    expect(g.dependents('p1')).toEqual(['d']);
    g.remove('d');
    expect(g.dependents('p1')).toEqual([]);
  });

  it.each([
    ['foregroundDeletion', { startedDeletingDependents: true, startedOrphaning: false }],
    ['orphan', { startedDeletingDependents: false, startedOrphaning: true }],
  ])('reports the start of deletion with the %s finalizer once', (finalizer, want) => {
    const g = new DependencyGraph();
    g.observe(obj('p'), CM);
    const deleting = obj('p', [], { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [finalizer] });
    const first = g.observe(deleting, CM);
    expect({ startedDeletingDependents: first.startedDeletingDependents, startedOrphaning: first.startedOrphaning }).toEqual(want);
    const again = g.observe(deleting, CM);
    expect([again.startedDeletingDependents, again.startedOrphaning]).toEqual([false, false]);
  });
});
