import { useI18n } from '../hooks/i18n-context.js';
import { LanguagePicker } from './LanguagePicker.js';

/** The attract screen: the shop's name, one big "Touch or scan to start", the language picker. */
export function AttractScreen({
  shop,
  locale,
  onLocale,
  onStart,
  onPayBill,
}: {
  readonly shop: string;
  readonly locale: string;
  readonly onLocale: (locale: string) => void;
  readonly onStart: () => void;
  /** a second tile: pay a utility bill (src/renderer/bills/KioskBill.tsx) */
  readonly onPayBill?: () => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="kiosk-shop" className="kiosk-attract">
      <h1 id="kiosk-shop">{shop}</h1>
      <button type="button" className="kiosk-start button-primary" onClick={onStart}>
        {t('kiosk.start')}
      </button>
      {onPayBill && (
        <button type="button" className="kiosk-start" onClick={onPayBill}>
          {t('bills.open')}
        </button>
      )}
      <LanguagePicker locale={locale} onLocale={onLocale} />
    </section>
  );
}
