/**
 * The page's language: English or Simplified Chinese, following the browser until the person picks
 * one (kept in localStorage). Every piece of UI text comes from ./en.json and ./zh-CN.json by key;
 * Kubernetes terms stay as Kubernetes writes them.
 */
import { create } from 'zustand';
import en from './en.json';
import zhCN from './zh-CN.json';

export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];
export type MessageKey = keyof typeof en;

/** The messages by language (a test checks both have the same keys and placeholders). */
export const MESSAGES: Record<Language, Record<string, string>> = { en, 'zh-CN': zhCN };

const STORAGE_KEY = 'kubesim.language';

/** The language a browser asks for: Chinese in any of its preferred languages means zh-CN. */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function initialLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage can be refused (privacy settings): follow the browser.
  }
  const nav = globalThis.navigator as Navigator | undefined;
  return detectLanguage(nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []);
}

interface LanguageState {
  language: Language;
  setLanguage(l: Language): void;
}

export const useLanguage = create<LanguageState>((set) => ({
  language: initialLanguage(),
  setLanguage(language) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, language);
    } catch {
      // Not kept across reloads; the switch still applies now.
    }
    if (typeof document !== 'undefined') document.documentElement.lang = language;
    set({ language });
  },
}));

// The page says which language it is in (screen readers, and the fonts Chinese text is drawn in).
if (typeof document !== 'undefined') document.documentElement.lang = useLanguage.getState().language;

/** A message in `language` with `{name}` placeholders filled. */
export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const template = MESSAGES[language][key] ?? MESSAGES.en[key] ?? key;
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}

/** The translate function for the current language (re-renders on a switch). */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const language = useLanguage((s) => s.language);
  return (key, params) => translate(language, key, params);
}

/** Picks the current language's text of a `{en, zh-CN}` pair (lesson texts carry both). */
export function useLocalized(): (text: Record<Language, string>) => string {
  const language = useLanguage((s) => s.language);
  return (text) => text[language] ?? text.en;
}
