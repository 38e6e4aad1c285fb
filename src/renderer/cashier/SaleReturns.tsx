import type { SaleDto } from '../../shared/dto.js';
import type { ReturnDto } from '../../shared/return-dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { returnRefundText } from './return-text.js';

interface SaleReturnsProps {
  readonly sale: SaleDto;
  /** sale.returns, oldest first */
  readonly returns: readonly ReturnDto[];
  /** a return with a refund pending or failed: ask again (sale.return with the same id) */
  readonly onRetry: (r: ReturnDto) => void;
  readonly busy: boolean;
}

/**
 * In the sale details: how much of each line came back so far, then each return with its lines and its
 * refunds (a wallet refund still pending or failed says so).
 */
export function SaleReturns({ sale, returns, onRetry, busy }: SaleReturnsProps) {
  const { t, money, time } = useI18n();
  const returned = sale.returned ?? [];
  if (returned.length === 0 && returns.length === 0) return null;
  return (
    <>
      {returned.length > 0 && (
        <>
          <h3>{t('history.returnedItems')}</h3>
          <ul aria-label={t('history.returnedItems')}>
            {returned.map((r) => {
              const line = sale.lines.find((l) => l.id === r.lineId);
              return (
                <li key={r.lineId}>
                  {t('history.returnedLine', {
                    name: line?.name ?? '',
                    quantity: r.quantity,
                    sold: line?.quantity ?? r.quantity,
                    amount: money(r.amount),
                  })}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {returns.length > 0 && (
        <>
          <h3>{t('history.returns')}</h3>
          <ul aria-label={t('history.returns')} className="sale-returns">
            {returns.map((r) => (
              <li key={r.id}>
                <p>
                  {t('history.returnLine', {
                    time: time(r.createdAt),
                    amount: money(r.amount),
                    reason: r.reason,
                  })}
                </p>
                <ul>
                  {r.lines.map((l) => (
                    <li key={l.lineId}>
                      {t('history.returnItem', {
                        name: l.name,
                        quantity: l.quantity,
                        amount: money(l.amount),
                      })}
                    </li>
                  ))}
                  {r.refunds.map((refund) => (
                    <li key={refund.id}>
                      {refund.method === 'cash' && refund.state === 'refunded'
                        ? t('history.returnCash', { amount: money(refund.amount) })
                        : returnRefundText(refund, t, money).text}
                    </li>
                  ))}
                </ul>
                {r.refunds.some((refund) => refund.state !== 'refunded') && (
                  <button type="button" disabled={busy} onClick={() => onRetry(r)}>
                    {t('return.tryAgain')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
