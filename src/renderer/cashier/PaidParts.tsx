import type { PaymentDto, SaleDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';
import type { Translate } from '../i18n/translate.js';
import { walletName } from '../i18n/wallet-name.js';

/** A paid part as the cashier and the customer name it: cash, the wallet's name, the store card. */
export function partName(t: Translate, payment: PaymentDto): string {
  if (payment.method === 'wallet') return walletName(t, payment.wallet);
  return payment.method === 'cash' ? t('split.partCash') : t('split.partCard');
}

/**
 * Split tender: the parts an open ticket has been paid with, and what is left to pay, each value named by
 * its label (the ticket panel and the customer display). Nothing while no part is paid.
 */
export function PaidParts({ sale }: { readonly sale: SaleDto }) {
  const { t, money } = useI18n();
  if (sale.state !== 'open' || sale.payments.length === 0) return null;
  const left = sale.remaining ?? sale.totals.total;
  return (
    <dl aria-label={t('split.paidParts')} className="totals paid-parts">
      {sale.payments.map((p) => (
        <Amount key={p.id} label={partName(t, p)}>
          {money(p.amount)}
        </Amount>
      ))}
      <Amount label={t('split.left')} className="grand-total">
        {money(left)}
      </Amount>
    </dl>
  );
}
