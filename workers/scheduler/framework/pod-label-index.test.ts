import { describe, expect, it } from 'vitest';
import { labelSelectorFromObject } from '../../api/selectors';
import { SeededRng } from '../../sim/rng';
import { makeNode, makePod } from '../testing/builders';
import { compileSelector } from './label-matcher';
import { NodeInfo } from './node-info';
import { candidatePods, requiredPairs } from './pod-label-index';
import { newPodInfo } from './pod-info';

describe('pod label index', () => {
  it('requiredPairs: equality and one-value In requirements only', () => {
    const sel = labelSelectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }, { key: 'x', operator: 'In', values: ['1', '2'] }, { key: 'y', operator: 'Exists' }] });
    expect(requiredPairs(sel)).toEqual(['app\x00web', 'tier\x00a']);
    expect(requiredPairs({ requirements: [], nothing: true })).toEqual([]);
  });

  it('counting through the candidates equals scanning every pod, as pods come and go (seeded)', () => {
    const rng = new SeededRng(11);
    const apps = ['a', 'b', 'c', 'd'];
    const ni = new NodeInfo(makeNode('n1'));
    const selectors = [
      { matchLabels: { app: 'a' } },
      { matchLabels: { app: 'b', hash: '1' } },
      { matchLabels: { app: 'c' }, matchExpressions: [{ key: 'hash', operator: 'NotIn', values: ['2'] }] },
      { matchExpressions: [{ key: 'app', operator: 'In', values: ['d'] }, { key: 'hash', operator: 'Exists' }] },
    ].map((s) => labelSelectorFromObject(s));
    const live: string[] = [];
    for (let step = 0; step < 400; step++) {
      if (live.length > 0 && rng.int(3) === 0) {
        const name = live.splice(rng.int(live.length), 1)[0];
        expect(ni.removePod(makePod({ name }))).toBe(true);
      } else {
        const name = `p${step}`;
        const labels: Record<string, string> = { app: apps[rng.int(apps.length)] };
        if (rng.int(2) === 0) labels.hash = String(rng.int(3));
        ni.addPod(newPodInfo(makePod({ name, labels })));
        live.push(name);
      }
      for (const sel of selectors) {
        const matches = compileSelector(sel);
        const scanned = ni.pods.filter((p) => matches(p.pod.metadata.labels)).length;
        const indexed = candidatePods(ni, requiredPairs(sel)).filter((p) => matches(p.pod.metadata.labels)).length;
        expect(indexed, `seed 11 step ${step}`).toBe(scanned);
      }
    }
    expect(ni.pods).toHaveLength(live.length);
  });
});
