import type { PaymentDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';
import { walletName } from '../i18n/wallet-name.js';

/**
 * How a completed sale was paid, inside a <dl>: the customer display's and the kiosk's thank-you. The wallet
 * by its name in the customer's language (沙箱钱包, Sandbox wallet), not its id.
 */
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
        <Amount label={t('receipt.walletPaid', { wallet: walletName(t, payment.wallet) })}>
          {money(payment.amount)}
        </Amount>
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
