import { walletName } from '../i18n/wallet-name.js';
import type { MoneyDto, PaymentOptionsDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';

/** Tender promotions ("5 % off with wallet X"), shown before the customer pays, with what they would pay. */
export function WalletPromotions({
  options,
  due,
}: {
  readonly options: PaymentOptionsDto;
  readonly due: MoneyDto;
}) {
  const { t, money } = useI18n();
  const promoted = options.wallets.filter((wallet) => wallet.promotion !== null);
  if (promoted.length === 0) return null;
  return (
    <section aria-label={t('qrpay.promotions')} className="wallet-promotions">
      <h3>{t('qrpay.promotions')}</h3>
      <ul>
        {promoted.map(({ wallet, promotion }) =>
          promotion ? (
            <li key={wallet}>
              {t('qrpay.promotion', {
                wallet: walletName(t, wallet),
                label: promotion.label,
                discount: money(promotion.discount),
                amount: money({ amount: due.amount - promotion.discount.amount, currency: due.currency }),
              })}
            </li>
          ) : null,
        )}
      </ul>
    </section>
  );
}
