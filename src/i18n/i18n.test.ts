import { describe, expect, it } from 'vitest';
import { detectLanguage, MESSAGES, translate } from './i18n';

describe('translations', () => {
  it('have the same keys and placeholders in English and Simplified Chinese', () => {
    const en = MESSAGES.en;
    const zh = MESSAGES['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(en)) {
      expect(holes(zh[k]), k).toEqual(holes(en[k]));
      expect(zh[k].trim(), k).not.toBe('');
    }
  });

  it('follow the browser: its first English or Chinese preference', () => {
    expect(detectLanguage(['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLanguage(['fr-FR'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });

  it('fill placeholders', () => {
    expect(translate('en', 'lessons.step', { n: 2, total: 5 })).toBe('Step 2 of 5');
    expect(translate('zh-CN', 'lessons.step', { n: 2, total: 5 })).toBe('第 2 步，共 5 步');
  });
});
