import { useEffect, useRef } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { SaleBreakdown } from './SaleBreakdown.js';

interface ReceiptViewProps {
  readonly sale: SaleDto;
  readonly terminalName: string;
  readonly onNewSale: () => void;
}

/** The completed sale's receipt. Print uses the browser's print (print.css shows only the receipt). */
export function ReceiptView({ sale, terminalName, onNewSale }: ReceiptViewProps) {
  const { t, dateTime } = useI18n();
  const newSale = useRef<HTMLButtonElement>(null);
  useEffect(() => newSale.current?.focus({ preventScroll: true }), []);
  return (
    <section aria-labelledby="receipt-title" className="receipt-screen">
      <article className="receipt">
        <h2 id="receipt-title">{t('receipt.title')}</h2>
        <p className="receipt-shop">{terminalName}</p>
        {sale.number !== null && <p>{t('receipt.number', { number: sale.number })}</p>}
        {sale.refund?.state === 'refunded' && <p className="receipt-refunded">{t('receipt.refunded')}</p>}
        <p>
          {t('receipt.date')}{' '}
          <time dateTime={sale.completedAt ?? sale.createdAt}>
            {dateTime(sale.completedAt ?? sale.createdAt)}
          </time>
        </p>
        <SaleBreakdown sale={sale} />
        <p className="receipt-thanks">{t('receipt.thanks')}</p>
      </article>
      <div className="receipt-actions">
        <button type="button" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
        <button type="button" ref={newSale} className="button-primary" onClick={onNewSale}>
          {t('receipt.newSale')}
        </button>
      </div>
    </section>
  );
}
