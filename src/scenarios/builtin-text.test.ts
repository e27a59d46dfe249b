import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, builtinScenario } from '../../workers/scenario/builtins';
import { MESSAGES } from '../i18n/i18n';
import { builtinText } from './builtin-text';

describe('built-in scenario texts', () => {
  it('exist in Chinese for every built-in scenario, and the English copies match the scenario files', () => {
    for (const { id } of BUILTIN_SCENARIOS) {
      const s = builtinScenario(id)!;
      for (const field of ['title', 'description'] as const) {
        const key = `scenarios.builtin.${id}.${field}`;
        expect(MESSAGES.en[key], key).toBe(s[field]);
        expect(MESSAGES['zh-CN'][key], key).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it("show the worker's English in English, the translation in Chinese, and the worker's text for an unknown scenario", () => {
    expect(builtinText('en', 'hello-nginx', 'title', 'Hello nginx')).toBe('Hello nginx');
    expect(builtinText('zh-CN', 'hello-nginx', 'title', 'Hello nginx')).toBe('你好，nginx');
    expect(builtinText('zh-CN', 'my-own', 'title', 'Mine')).toBe('Mine');
    expect(builtinText('zh-CN', undefined, 'description', 'Imported')).toBe('Imported');
  });
});
