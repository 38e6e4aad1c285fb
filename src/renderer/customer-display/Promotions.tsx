import type { PaymentOptionsDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';

/** The wallets' tender promotions, shown before the customer pays (customer display and kiosk). */
export function Promotions({ wallets }: { readonly wallets: PaymentOptionsDto['wallets'] }) {
  const { t, money } = useI18n();
  if (wallets.length === 0) return null;
  return (
    <section aria-labelledby="display-promotions" className="display-promotions">
      <h2 id="display-promotions">{t('display.promotions')}</h2>
      <ul>
        {wallets.map((w) =>
          w.promotion === null ? null : (
            <li key={w.providerId + w.wallet}>
              {t('display.promotion', {
                wallet: w.label,
                label: w.promotion.label,
                discount: money(w.promotion.discount),
              })}
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
