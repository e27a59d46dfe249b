import { describe, expect, it } from 'vitest';
import { failingConditions, mergeConditions, type NamespaceCondition } from './namespace-conditions';

const T1 = '2026-01-01T00:00:01Z';
const T2 = '2026-01-01T00:00:09Z';

function remaining(n: number, errors: string[] = []) {
  return failingConditions({ remainingByResource: new Map([['pods.', n]]), remainingByFinalizer: new Map(), deleteErrors: errors }, T1);
}

const view = (cs: NamespaceCondition[]) => cs.map((c) => `${c.type} ${c.status} ${c.reason} @${c.lastTransitionTime}: ${c.message}`);

describe('namespace deletion conditions', () => {
  it('writes all five, rewrites only on a status flip, with upstream messages', () => {
    const cs: NamespaceCondition[] = [];
    expect(mergeConditions(cs, remaining(3), T1)).toBe(true);
    expect(view(cs)[3]).toBe(`NamespaceContentRemaining True SomeResourcesRemain @${T1}: Some resources are remaining: pods. has 3 resource instances`);
    // Fewer pods left, same status: upstream does not write.
    expect(mergeConditions(cs, remaining(1), T2)).toBe(false);
    expect(mergeConditions(cs, remaining(0), T2)).toBe(true);
    expect(view(cs)).toEqual([
      `NamespaceDeletionDiscoveryFailure False ResourcesDiscovered @${T1}: All resources successfully discovered`,
      `NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions @${T1}: All legacy kube types successfully parsed`,
      `NamespaceDeletionContentFailure False ContentDeleted @${T1}: All content successfully deleted, may be waiting on finalization`,
      `NamespaceContentRemaining False ContentRemoved @${T2}: All content successfully removed`,
      `NamespaceFinalizersRemaining False ContentHasNoFinalizers @${T1}: All content-preserving finalizers finished`,
    ]);
  });

  it.each([
    [['boom'], 'Failed to delete all resource types, 1 remaining: boom'],
    [['b', 'a'], 'Failed to delete all resource types, 2 remaining: [a, b]'],
  ])('content failure message for %j', (errors, want) => {
    expect(remaining(0, errors).find((c) => c.type === 'NamespaceDeletionContentFailure')?.message).toBe(want);
  });
});
