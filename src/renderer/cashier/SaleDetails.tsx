import { useEffect, useRef, useState } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import type { ReturnDto } from '../../shared/return-dto.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { RefundDialog } from './RefundDialog.js';
import { refundHistoryLine } from './refund-text.js';
import { ReturnDialog } from './ReturnDialog.js';
import { canReturn } from './return-plan.js';
import { SaleBreakdown } from './SaleBreakdown.js';
import { SaleReturns } from './SaleReturns.js';
import { walletPaymentText } from './wallet-payment-text.js';

interface SaleDetailsProps {
  readonly saleId: string;
  readonly onBack: () => void;
  /** the sale's refund changed (the list shows it) */
  readonly onChanged?: () => void;
  /** changes when a scanned receipt asks for this sale's Return dialog */
  readonly returnRequest?: number | undefined;
}

/**
 * One past sale as the till stored it: state, lines, totals, payments, its refund and its returns; Refund
 * refunds it in full, Return items returns a part (the cashier's screen only: neither the kiosk nor the
 * customer display shows the history).
 */
export function SaleDetails({ saleId, onBack, onChanged, returnRequest }: SaleDetailsProps) {
  const api = useApi();
  const { t, money, dateTime, error: errorText } = useI18n();
  const [sale, setSale] = useState<SaleDto | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [refunding, setRefunding] = useState(false);
  const [version, setVersion] = useState(0);
  const [returns, setReturns] = useState<readonly ReturnDto[]>([]);
  const [returning, setReturning] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const askedFor = useRef<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    // another sale: clear; the same sale reloaded after its refund changed: keep it on screen meanwhile
    setSale((shown) => (shown?.id === saleId ? shown : null));
    void api['sales.get']({ saleId }).then((result) => {
      if (!live) return;
      if (result.ok) setSale(result.value);
      else setProblem(result.error);
    });
    void api['sale.returns']({ saleId }).then((result) => {
      if (!live) return;
      if (result.ok) setReturns(result.value);
      else setProblem(result.error);
    });
    return () => {
      live = false;
    };
  }, [api, saleId, version]);

  // a scanned receipt: the Return dialog opens once the sale is here (once per scan)
  useEffect(() => {
    if (returnRequest === undefined || askedFor.current === returnRequest || sale?.id !== saleId) return;
    askedFor.current = returnRequest;
    if (canReturn(sale)) setReturning(true);
  }, [returnRequest, sale, saleId]);

  const changed = () => {
    setVersion((v) => v + 1);
    onChanged?.();
  };
  const retry = async (r: ReturnDto) => {
    setRetrying(true);
    const result = await api['sale.return']({
      saleId: r.saleId,
      returnId: r.id,
      lines: r.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
      reason: r.reason,
    });
    setRetrying(false);
    if (!result.ok) setProblem(result.error);
    changed();
  };

  const refund = sale?.refund ?? null;
  // part of it returned, or paid with several tenders: it goes back by Return items (the terminal refuses a
  // full refund of either), each tender its share
  const hasReturns = (sale?.returned?.length ?? 0) > 0 || returns.length > 0;
  const canRefund =
    sale?.state === 'completed' &&
    refund?.state !== 'refunded' &&
    !hasReturns &&
    (sale.payments.length <= 1 || refund !== null);

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
          {refund && !refund.returnId && <p>{refundHistoryLine(refund, t, money)}</p>}
          <SaleReturns sale={sale} returns={returns} busy={retrying} onRetry={(r) => void retry(r)} />
          {canReturn(sale) && (
            <button type="button" onClick={() => setReturning(true)}>
              {t('return.button')}
            </button>
          )}
          {canRefund && (
            <button type="button" className="button-danger" onClick={() => setRefunding(true)}>
              {refund ? t('refund.retry') : t('refund.button')}
            </button>
          )}
          {refunding && <RefundDialog sale={sale} onRefund={changed} onClose={() => setRefunding(false)} />}
          {returning && (
            <ReturnDialog
              sale={sale}
              returns={returns}
              onReturned={changed}
              onClose={() => setReturning(false)}
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
