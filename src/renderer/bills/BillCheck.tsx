import type { BillPaymentDto } from '../../shared/bill-dto.js';
import { useI18n } from '../hooks/i18n-context.js';

/**
 * The bill as the customer checks it before paying (customer display, kiosk): the biller, the account, the
 * masked name on it, the bill, the late fee and what is to pay. Nothing here acts on it.
 */
export function BillCheck({ bill }: { readonly bill: BillPaymentDto }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="bill-check-title" className="bill-check">
      <h2 id="bill-check-title">{t('bills.displayTitle')}</h2>
      <p>{locale.startsWith('zh') ? bill.billerName : bill.billerNameEn}</p>
      <dl>
        <BillFacts bill={bill} />
      </dl>
      {bill.kind === 'prepay' && <p>{bill.offline ? t('bills.offline') : t('bills.nothingOwing')}</p>}
    </section>
  );
}

/** The bill's facts as terms of a description list (the account, masked name, bill, late fee, due date, total). */
export function BillFacts({
  bill,
  dueDate = false,
}: {
  readonly bill: BillPaymentDto;
  readonly dueDate?: boolean;
}) {
  const { t, money } = useI18n();
  return (
    <>
      <dt>{t('bills.account')}</dt>
      <dd>{bill.account}</dd>
      {bill.maskedName && (
        <>
          <dt>{t('bills.maskedName')}</dt>
          <dd>{bill.maskedName}</dd>
        </>
      )}
      {bill.billAmount && (
        <>
          <dt>{t('bills.billAmount')}</dt>
          <dd>{money(bill.billAmount)}</dd>
        </>
      )}
      {bill.lateFee && (
        <>
          <dt>{t('bills.lateFee')}</dt>
          <dd>{money(bill.lateFee)}</dd>
        </>
      )}
      {dueDate && bill.dueDate && (
        <>
          <dt>{t('bills.dueDate')}</dt>
          <dd>{bill.dueDate}</dd>
        </>
      )}
      {bill.amount && (
        <>
          <dt>{t('bills.total')}</dt>
          <dd>{money(bill.amount)}</dd>
        </>
      )}
    </>
  );
}
