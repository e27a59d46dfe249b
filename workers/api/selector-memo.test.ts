import { describe, expect, it } from 'vitest';
import { compiledLabelSelector, compiledSetSelector, matchesLabelsCached } from './selector-memo';
import { labelSelectorFromObject, matchesLabels, selectorFromSet } from './selectors';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

const selectors: unknown[] = [
  { matchLabels: { app: 'web' } },
  { matchLabels: { app: 'web', tier: 'front' } },
  { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] },
  { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] },
  { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] },
  {},
  null,
];
const labelSets: (Record<string, string> | undefined)[] = [
  { app: 'web' },
  { app: 'web', tier: 'front' },
  { app: 'web', tier: 'back', canary: 'true' },
  { app: 'db', tier: 'back' },
  {},
  undefined,
];

describe('selector memo', () => {
  it('gives the answers of the uncached functions for frozen and unfrozen input, asked twice', () => {
    for (const raw of selectors) {
      const frozenSel = compiledLabelSelector(deepFreeze(structuredClone(raw)));
      const plainSel = compiledLabelSelector(structuredClone(raw));
      const reference = labelSelectorFromObject(raw);
      expect(frozenSel).toEqual(reference);
      expect(plainSel).toEqual(reference);
      for (const labels of labelSets) {
        const frozen = labels && deepFreeze(structuredClone(labels));
        for (let round = 0; round < 2; round++) {
          expect(matchesLabelsCached(frozenSel, frozen), `${JSON.stringify(raw)} ~ ${JSON.stringify(labels)}`).toBe(matchesLabels(reference, labels));
          expect(matchesLabelsCached(plainSel, labels && { ...labels })).toBe(matchesLabels(reference, labels));
        }
      }
    }
  });

  it('compiles a frozen selector once, an unfrozen one every time', () => {
    const frozen = deepFreeze({ matchLabels: { app: 'web' } });
    expect(compiledLabelSelector(frozen)).toBe(compiledLabelSelector(frozen));
    const plain = { matchLabels: { app: 'web' } };
    const first = compiledLabelSelector(plain);
    plain.matchLabels.app = 'db';
    expect(compiledLabelSelector(plain)).not.toBe(first);
    expect(matchesLabelsCached(compiledLabelSelector(plain), { app: 'db' })).toBe(true);
    const set = deepFreeze({ app: 'web' });
    expect(compiledSetSelector(set)).toBe(compiledSetSelector(set));
    expect(compiledSetSelector(set)).toEqual(selectorFromSet(set));
    expect(compiledSetSelector(undefined)).toEqual(selectorFromSet(undefined));
  });

  it('reads an unfrozen label map afresh after it changed', () => {
    const sel = compiledLabelSelector(deepFreeze({ matchLabels: { app: 'web' } }));
    const labels: Record<string, string> = { app: 'web' };
    expect(matchesLabelsCached(sel, labels)).toBe(true);
    labels.app = 'db';
    expect(matchesLabelsCached(sel, labels)).toBe(false);
  });

  it('matches a selector it did not compile afresh every time', () => {
    const labels = deepFreeze({ app: 'web' });
    const sel = labelSelectorFromObject({ matchLabels: { app: 'web' } });
    expect(matchesLabelsCached(sel, labels)).toBe(true);
    (sel.requirements[0] as { values: string[] }).values[0] = 'db';
    expect(matchesLabelsCached(sel, labels)).toBe(false);
    const unfrozenSource = compiledLabelSelector({ matchLabels: { app: 'web' } });
    expect(matchesLabelsCached(unfrozenSource, labels)).toBe(true);
    (unfrozenSource.requirements[0] as { values: string[] }).values[0] = 'db';
    expect(matchesLabelsCached(unfrozenSource, labels)).toBe(false);
  });

  it('keeps verdicts per selector: one label map matched by two selectors', () => {
    const labels = deepFreeze({ app: 'web', tier: 'front' });
    const web = compiledLabelSelector(deepFreeze({ matchLabels: { app: 'web' } }));
    const db = compiledLabelSelector(deepFreeze({ matchLabels: { app: 'db' } }));
    for (let round = 0; round < 2; round++) {
      expect(matchesLabelsCached(web, labels)).toBe(true);
      expect(matchesLabelsCached(db, labels)).toBe(false);
    }
  });

  it('throws for an invalid operator every time, as labelSelectorFromObject', () => {
    const bad = deepFreeze({ matchExpressions: [{ key: 'a', operator: 'Near' }] });
    expect(() => compiledLabelSelector(bad)).toThrow('"Near" is not a valid label selector operator');
    expect(() => compiledLabelSelector(bad)).toThrow('"Near" is not a valid label selector operator');
  });
});
