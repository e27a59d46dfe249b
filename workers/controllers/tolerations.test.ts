import { describe, expect, it } from 'vitest';
import { toleratesTaint, type Taint, type Toleration } from './tolerations';

const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  it.each<[string, Toleration, boolean]>([
    ['Equal with the same key and value', { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }, true],
    ['no operator means Equal', { key: 'dedicated', value: 'db' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'web' }, false],
    ['Exists with the key, any value', { key: 'dedicated', operator: 'Exists' }, true],
    ['Exists without a key tolerates everything', { operator: 'Exists' }, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['another key', { key: 'gpu', operator: 'Exists' }, false],
    ['an unknown operator', { key: 'dedicated', operator: 'Lt', value: 'db' }, false],
  ])('%s', (_name, toleration, want) => {
    expect(toleratesTaint(toleration, taint)).toBe(want);
  });
});
