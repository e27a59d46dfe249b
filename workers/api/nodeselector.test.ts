import { describe, expect, it } from 'vitest';
import { matchNodeSelectorTerms, type NodeSelectorTerm } from './nodeselector';

const labels = { 'kubernetes.io/hostname': 'node-1', disktype: 'ssd', cores: '8' };
const fields = { 'metadata.name': 'node-1' };

describe('matchNodeSelectorTerms', () => {
  const cases: [string, NodeSelectorTerm[] | undefined, boolean][] = [
    ['In matches', [{ matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] }], true],
    ['NotIn rejects', [{ matchExpressions: [{ key: 'disktype', operator: 'NotIn', values: ['ssd'] }] }], false],
    ['Gt compares integers', [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }], true],
    ['Lt compares integers', [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }], false],
    ['Gt with a non-integer fails the term', [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['x'] }] }], false],
    ['terms are ORed', [
      { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['hdd'] }] },
      { matchExpressions: [{ key: 'disktype', operator: 'Exists' }] },
    ], true],
    ['an empty term matches nothing', [{}], false],
    ['no terms match nothing', [], false],
    ['undefined terms match nothing', undefined, false],
    ['matchFields on metadata.name', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }], true],
    ['matchFields NotIn', [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] }], false],
    ['matchFields on another field fails', [{ matchFields: [{ key: 'spec.x', operator: 'In', values: ['a'] }] }], false],
    ['unknown operator fails', [{ matchExpressions: [{ key: 'disktype', operator: 'Like', values: ['ssd'] }] }], false],
  ];
  it.each(cases)('%s', (_name, terms, want) => {
    expect(matchNodeSelectorTerms(terms, labels, fields)).toBe(want);
  });
});
