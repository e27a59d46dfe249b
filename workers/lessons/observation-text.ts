/** The words of a check's observation in one language (workers/lessons/i18n holds the templates). */
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import type { Observation } from './checks';
import type { Language } from './lesson';

/** Templates by language; `{name}` is replaced by the observation's parameter of that name. */
export const OBSERVATION_TEMPLATES: Record<Language, Record<string, string>> = { en, 'zh-CN': zhCN };

/** The observation as text; an unknown id is shown as itself rather than failing. */
export function observationText(o: Observation, lang: Language): string {
  const template = OBSERVATION_TEMPLATES[lang][o.id] ?? OBSERVATION_TEMPLATES.en[o.id] ?? o.id;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (o.params && name in o.params ? String(o.params[name]) : whole));
}
