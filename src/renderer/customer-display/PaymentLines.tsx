import type { PaymentDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';

/** How a completed sale was paid, inside a <dl>: the customer display's and the kiosk's thank-you. */
export function PaymentLines({ payment }: { readonly payment: PaymentDto }) {
  const { t, money } = useI18n();
  switch (payment.method) {
    case 'cash':
      return (
        <>
          <Amount label={t('receipt.cashTendered')}>{money(payment.tendered)}</Amount>
          <Amount label={t('receipt.change')} className="grand-total">
            {money(payment.change)}
          </Amount>
        </>
      );
    case 'wallet':
      return (
        <Amount label={t('receipt.walletPaid', { wallet: payment.wallet })}>{money(payment.amount)}</Amount>
      );
    case 'stored-value':
      return (
        <>
          <Amount label={t('receipt.cardPaid')}>{money(payment.amount)}</Amount>
          <Amount label={t('receipt.cardBalance')}>{money(payment.balanceAfter)}</Amount>
        </>
      );
  }
}
