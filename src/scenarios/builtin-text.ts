/**
 * The built-in scenarios' titles and explanations in the page's language. The cluster worker sends
 * them in English (the scenario files are English); other languages take theirs from src/i18n by
 * the scenario's id, and fall back to the worker's text for a scenario without a translation.
 */
import { MESSAGES, useLanguage, type Language } from '../i18n/i18n';

export type BuiltinField = 'title' | 'description';

/** A built-in scenario's `field` in `language`: `fallback` (the worker's English) when none is kept. */
export function builtinText(language: Language, id: string | undefined, field: BuiltinField, fallback: string): string {
  if (language === 'en' || id === undefined) return fallback;
  return MESSAGES[language][`scenarios.builtin.${id}.${field}`] ?? fallback;
}

/** builtinText for the current language (re-renders on a switch). */
export function useBuiltinText(): (id: string | undefined, field: BuiltinField, fallback: string) => string {
  const language = useLanguage((s) => s.language);
  return (id, field, fallback) => builtinText(language, id, field, fallback);
}
