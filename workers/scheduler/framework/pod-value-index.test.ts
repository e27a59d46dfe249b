import { describe, expect, it } from 'vitest';
import { TestRng } from '../../apiserver/testkit';
import { RandomCluster } from '../testing/random-cluster';
import { PodValueIndex } from './pod-value-index';

// The reference: every pod of every listed node, looked at afresh.
function scratch(list: readonly { name: string; pods: { pod: { metadata: { name?: string; labels?: Record<string, string> } } }[] }[], value: string): string[] {
  const out: string[] = [];
  for (const ni of list) for (const p of ni.pods) if (Object.values(p.pod.metadata.labels ?? {}).includes(value)) out.push(`${p.pod.metadata.name}@${ni.name}`);
  return out.sort();
}

describe('PodValueIndex', () => {
  it.each([1, 8, 77, 4242])('lists the pods carrying a value, with their nodes, after every seeded random change (seed %i)', (seed) => {
    const c = new RandomCluster(new TestRng(seed));
    const kept = new PodValueIndex();
    for (let i = 0; i < 500; i++) {
      c.step();
      const list = c.snapshot.nodeInfoList;
      // Not every cycle looks: the index catches up over several changes at once.
      if (i % 3 === 2) continue;
      kept.sync(list, c.snapshot);
      for (const value of ['a', 'b', 'c', 'absent']) {
        const got = [...kept.podsWithValue(value)].map(([pi, ni]) => `${pi.pod.metadata.name}@${ni.name}`).sort();
        expect(got, `seed ${seed}, step ${i}, value ${value}`).toEqual(scratch(list, value));
      }
    }
  });
});
