import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n';
import { rolloutText } from './rollout-text';

describe('rolloutText', () => {
  it.each([
    ['Complete', 'Complete', '已完成'],
    ['Rolling out: 1/3 updated', 'Rolling out: 1/3 updated', '滚动发布中：已更新 1/3'],
    ['Rolling out: 2 old terminating', 'Rolling out: 2 old terminating', '滚动发布中：2 个旧 Pod 正在终止'],
    ['2/3 ready', '2/3 ready', '2/3 就绪'],
    ['something new', 'something new', 'something new'],
  ])('%s', (rollout, en, zh) => {
    expect(rolloutText(rollout, (k, p) => translate('en', k, p))).toBe(en);
    expect(rolloutText(rollout, (k, p) => translate('zh-CN', k, p))).toBe(zh);
  });
});
