import { describe, expect, it } from 'vitest';
import type { ScenarioProblem } from '../../workers/cluster/protocol';
import { translate, type Language, type MessageKey } from '../i18n/i18n';
import { problemPlace, reasonLabel } from './ScenarioBanner';

const tr = (language: Language) => (key: MessageKey, params?: Record<string, string | number>) => translate(language, key, params);
const problem: ScenarioProblem = { reason: 'BadYAML', message: 'bad indentation', path: 'manifests', line: 3, column: 5, document: 1, causes: [] };

describe('scenario banner wording', () => {
  it('says where a problem is, in English and in Chinese', () => {
    expect(problemPlace(problem, tr('en'))).toBe('at manifests, line 3, column 5, in YAML document 2');
    expect(problemPlace(problem, tr('zh-CN'))).toBe('位置 manifests，第 3 行第 5 列，第 2 个 YAML 文档');
    expect(problemPlace({ ...problem, path: '', column: undefined, document: undefined }, tr('en'))).toBe('line 3');
  });

  it('names the kind of problem, and an unknown one generically', () => {
    expect(reasonLabel('BadBase64', tr('en'))).toBe('Damaged link');
    expect(reasonLabel('ForbiddenKey', tr('zh-CN'))).toBe('禁止使用的键');
    expect(reasonLabel('Whatever', tr('en'))).toBe('Problem');
  });
});
