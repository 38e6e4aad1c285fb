import { useEffect, useState } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { RefundDialog } from './RefundDialog.js';
import { refundHistoryLine } from './refund-text.js';
import { SaleBreakdown } from './SaleBreakdown.js';
import { walletPaymentText } from './wallet-payment-text.js';

interface SaleDetailsProps {
  readonly saleId: string;
  readonly onBack: () => void;
  /** the sale's refund changed (the list shows it) */
  readonly onChanged?: () => void;
}

/** One past sale as the till stored it: state, lines, totals, payments and its refund; Refund refunds it. */
export function SaleDetails({ saleId, onBack, onChanged }: SaleDetailsProps) {
  const api = useApi();
  const { t, money, dateTime, error: errorText } = useI18n();
  const [sale, setSale] = useState<SaleDto | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [refunding, setRefunding] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    // another sale: clear; the same sale reloaded after its refund changed: keep it on screen meanwhile
    setSale((shown) => (shown?.id === saleId ? shown : null));
    void api['sales.get']({ saleId }).then((result) => {
      if (!live) return;
      if (result.ok) setSale(result.value);
      else setProblem(result.error);
    });
    return () => {
      live = false;
    };
  }, [api, saleId, version]);

  const refund = sale?.refund ?? null;
  const canRefund = sale?.state === 'completed' && refund?.state !== 'refunded';

  const title =
    sale === null
      ? t('history.details')
      : sale.number !== null
        ? t('history.saleTitle', { number: sale.number })
        : sale.state === 'voided'
          ? t('history.voidedTitle')
          : t('history.openTitle');

  return (
    <section aria-label={t('history.details')} className="sale-details">
      <h2>{title}</h2>
      {problem && <p role="alert">{errorText(problem)}</p>}
      {sale && (
        <>
          <p>
            {t('history.state')}: <strong>{t(`state.${sale.state}`)}</strong>
            {refund?.state === 'refunded' && (
              <>
                {' '}
                · <strong>{t('receipt.refunded')}</strong>
              </>
            )}{' '}
            ·{' '}
            <time dateTime={sale.completedAt ?? sale.voidedAt ?? sale.createdAt}>
              {dateTime(sale.completedAt ?? sale.voidedAt ?? sale.createdAt)}
            </time>
          </p>
          {sale.cashier && (
            <p aria-label={t('history.cashier')}>
              {t('history.cashier')}: <strong>{sale.cashier.name}</strong>
            </p>
          )}
          <SaleBreakdown sale={sale} />
          <h3>{t('history.payments')}</h3>
          <ul aria-label={t('history.payments')}>
            {sale.payments.length === 0 && <li>{t('history.noPayments')}</li>}
            {sale.payments.map((payment) => (
              <li key={payment.id}>
                {payment.method === 'cash'
                  ? t('history.paymentCash', {
                      amount: money(payment.amount),
                      tendered: money(payment.tendered),
                      change: money(payment.change),
                    })
                  : payment.method === 'wallet'
                    ? walletPaymentText(payment, t, money).historyLine
                    : t('history.paymentCard', {
                        amount: money(payment.amount),
                        balance: money(payment.balanceAfter),
                      })}
              </li>
            ))}
          </ul>
          {refund && <p>{refundHistoryLine(refund, t, money)}</p>}
          {canRefund && (
            <button type="button" className="button-danger" onClick={() => setRefunding(true)}>
              {refund ? t('refund.retry') : t('refund.button')}
            </button>
          )}
          {refunding && (
            <RefundDialog
              sale={sale}
              onRefund={() => {
                setVersion((v) => v + 1);
                onChanged?.();
              }}
              onClose={() => setRefunding(false)}
            />
          )}
        </>
      )}
      <button type="button" onClick={onBack}>
        {t('history.back')}
      </button>
    </section>
  );
}
