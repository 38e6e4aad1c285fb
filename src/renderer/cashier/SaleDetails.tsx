import { useEffect, useState } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { SaleBreakdown } from './SaleBreakdown.js';
import { walletPaymentText } from './wallet-payment-text.js';

interface SaleDetailsProps {
  readonly saleId: string;
  readonly onBack: () => void;
}

/** One past sale as the till stored it: state, lines, totals and payments. */
export function SaleDetails({ saleId, onBack }: SaleDetailsProps) {
  const api = useApi();
  const { t, money, dateTime, error: errorText } = useI18n();
  const [sale, setSale] = useState<SaleDto | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    setSale(null);
    void api['sales.get']({ saleId }).then((result) => {
      if (!live) return;
      if (result.ok) setSale(result.value);
      else setProblem(result.error);
    });
    return () => {
      live = false;
    };
  }, [api, saleId]);

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
            {t('history.state')}: <strong>{t(`state.${sale.state}`)}</strong> ·{' '}
            <time dateTime={sale.completedAt ?? sale.voidedAt ?? sale.createdAt}>
              {dateTime(sale.completedAt ?? sale.voidedAt ?? sale.createdAt)}
            </time>
          </p>
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
        </>
      )}
      <button type="button" onClick={onBack}>
        {t('history.back')}
      </button>
    </section>
  );
}
