/** English / 中文: a small select that switches every piece of UI text at once (kept across reloads). */
import { LANGUAGES, useLanguage, useT, type Language } from './i18n';
import './language-switch.css';

export function LanguageSwitch() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  return (
    <select
      className="lang-switch"
      aria-label={t('language.label')}
      title={t('language.label')}
      data-testid="language"
      value={language}
      onChange={(e) => useLanguage.getState().setLanguage(e.target.value as Language)}
    >
      {LANGUAGES.map((l) => (
        <option key={l} value={l}>
          {t(`language.${l}`)}
        </option>
      ))}
    </select>
  );
}
