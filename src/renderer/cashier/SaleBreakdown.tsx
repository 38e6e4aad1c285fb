import type { SaleDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';
import { formatBps } from '../i18n/money-text.js';
import { walletPaymentText, type WalletPaymentText } from './wallet-payment-text.js';

/** A tender promotion ("5 % off with Alipay  −¥0.50") above what the wallet paid ("Paid by alipay  ¥9.50"). */
function WalletPaymentLines({ text }: { readonly text: WalletPaymentText }) {
  return (
    <>
      {text.promotion && <Amount label={text.promotion.label}>{text.promotion.value}</Amount>}
      <Amount label={text.paid.label}>{text.paid.value}</Amount>
    </>
  );
}

/**
 * What a receipt shows of a sale: lines with their discounts, subtotal, discount, tax lines (an inclusive
 * rate marked "incl.", as the tax is already in the prices), total, the payments (a wallet's tender promotion
 * with it), the refund once the money went back, and the member with the points this sale earned.
 */
export function SaleBreakdown({ sale }: { readonly sale: SaleDto }) {
  const { t, money, formatLocale } = useI18n();
  const { totals } = sale;
  const negative = (m: { amount: number; currency: string }) => money({ ...m, amount: -m.amount });
  const ticketDiscount = sale.ticketDiscount;
  return (
    <>
      <table className="receipt-lines">
        <caption className="visually-hidden">{t('receipt.lines')}</caption>
        <tbody>
          {sale.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row">
                {line.name}
                <span className="receipt-detail">
                  {t('ticket.unitLine', { quantity: line.quantity, price: money(line.unitPrice) })}
                </span>
                {line.lineDiscount.amount > 0 && (
                  <span className="receipt-detail">
                    {t('ticket.lineDiscount', { amount: money(line.lineDiscount) })}
                  </span>
                )}
              </th>
              <td>{money(line.gross)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="receipt-totals">
        <Amount label={t('receipt.subtotal')}>{money(totals.subtotal)}</Amount>
        {totals.discount.amount > 0 && (
          <Amount label={t('receipt.discount')}>{negative(totals.discount)}</Amount>
        )}
        {ticketDiscount && (
          <p className="receipt-detail">
            {t('receipt.ticketDiscount', {
              value:
                ticketDiscount.kind === 'percent'
                  ? formatBps(ticketDiscount.bps, formatLocale)
                  : money({ amount: ticketDiscount.amount, currency: sale.currency }),
            })}
          </p>
        )}
        {totals.taxes.map((tax) => (
          <Amount
            key={tax.taxRateId}
            label={t(tax.inclusive ? 'receipt.taxIncl' : 'receipt.taxAdded', {
              name: tax.name,
              rate: formatBps(tax.rateBps, formatLocale),
            })}
          >
            {money(tax.tax)}
          </Amount>
        ))}
        <Amount label={t('receipt.total')} className="grand-total">
          {money(totals.total)}
        </Amount>
        {sale.payments.map((payment) => (
          <div key={payment.id} className="receipt-payment">
            {payment.method === 'cash' ? (
              <>
                {payment.rounding && payment.rounding.amount !== 0 && (
                  <Amount label={t('cash.rounding')}>{money(payment.rounding)}</Amount>
                )}
                <Amount label={t('receipt.cashTendered')}>{money(payment.tendered)}</Amount>
                <Amount label={t('receipt.change')}>{money(payment.change)}</Amount>
              </>
            ) : payment.method === 'wallet' ? (
              <WalletPaymentLines text={walletPaymentText(payment, t, money)} />
            ) : (
              <>
                <Amount label={t('receipt.cardPaid')}>{money(payment.amount)}</Amount>
                <Amount label={t('receipt.cardBalance')}>{money(payment.balanceAfter)}</Amount>
              </>
            )}
          </div>
        ))}
        {sale.refund?.state === 'refunded' && (
          <div className="receipt-refund">
            <Amount label={t('receipt.refundedAmount')}>{negative(sale.refund.amount)}</Amount>
            <p className="receipt-detail">{t('receipt.refundReason', { reason: sale.refund.reason })}</p>
          </div>
        )}
        {sale.customer && (
          <div className="receipt-member">
            <Amount label={t('receipt.member')}>{sale.customer.name}</Amount>
            <Amount label={t('receipt.pointsEarned')}>{sale.pointsEarned}</Amount>
          </div>
        )}
      </dl>
    </>
  );
}
