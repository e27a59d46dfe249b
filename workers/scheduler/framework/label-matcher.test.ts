import { describe, expect, it } from 'vitest';
import { labelSelectorFromObject, matchesLabels } from '../../api/selectors';
import { compileSelector } from './label-matcher';

describe('compileSelector agrees with matchesLabels', () => {
  const selectors = [
    undefined,
    {},
    { matchLabels: { app: 'web' } },
    { matchLabels: { app: 'web', tier: 'fe' } },
    { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
    { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
    { matchExpressions: [{ key: 'tier', operator: 'Exists' }, { key: 'x', operator: 'DoesNotExist' }, { key: 'app', operator: 'In', values: ['web'] }] },
  ];
  const labelSets: (Record<string, string> | undefined)[] = [undefined, {}, { app: 'web' }, { app: 'api', tier: 'fe' }, { app: 'web', tier: 'fe' }, { app: 'web', tier: 'fe', x: '1' }, { constructor: 'x' }];
  for (const s of selectors) {
    it(JSON.stringify(s) ?? 'nil', () => {
      const sel = labelSelectorFromObject(s);
      const m = compileSelector(sel);
      for (const l of labelSets) expect([JSON.stringify(l), m(l)]).toEqual([JSON.stringify(l), matchesLabels(sel, l)]);
    });
  }
});
