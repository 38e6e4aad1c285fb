import { useI18n } from '../hooks/i18n-context.js';
import { kioskLanguages } from './kiosk-names.js';

/** 中文 / English, each in its own language; the pressed one is the language on screen. */
export function LanguagePicker({
  locale,
  onLocale,
}: {
  readonly locale: string;
  readonly onLocale: (locale: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div role="group" aria-label={t('kiosk.lang.label')} className="kiosk-languages">
      {kioskLanguages.map((language) => (
        <button
          key={language.locale}
          type="button"
          lang={language.locale}
          aria-pressed={locale === language.locale}
          onClick={() => onLocale(language.locale)}
        >
          {language.endonym}
        </button>
      ))}
    </div>
  );
}
