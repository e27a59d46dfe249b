/** An Explanation in words, in English or Simplified Chinese. */
import type { Explanation } from './explain';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

export type ExplainLanguage = 'en' | 'zh-CN';

/** The templates by language; `{name}` is replaced by the parameter of that name. */
export const EXPLAIN_TEMPLATES: Record<ExplainLanguage, Record<string, string>> = { en, 'zh-CN': zhCN };

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? params[name] : whole));
}

/** The line for an explanation; the actor (`{who}`) is worded from its component and detail. */
export function explanationText(e: Explanation, lang: ExplainLanguage): string {
  const t = EXPLAIN_TEMPLATES[lang];
  const whoId = e.params.component === 'kube-controller-manager' && e.params.detail ? 'who.kube-controller-manager.detail' : `who.${e.params.component}`;
  const who = fill(t[whoId] ?? e.params.user ?? '', e.params);
  // An empty parameter (a refused create has no name yet) leaves no double space behind.
  return fill(t[e.id] ?? e.id, { ...e.params, who }).replace(/ {2,}/g, ' ');
}
