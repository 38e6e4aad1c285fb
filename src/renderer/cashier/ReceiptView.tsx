import { useEffect, useRef, useState } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { usePrinters } from './PrinterStatus.js';
import { SaleBreakdown } from './SaleBreakdown.js';

interface ReceiptViewProps {
  readonly sale: SaleDto;
  readonly terminalName: string;
  readonly onNewSale: () => void;
}

/**
 * The completed sale's receipt. Beside it, the receipt document the thermal printer prints, rendered by
 * the till as SVG (receipt.preview): the same document, not a second layout. Print uses the browser's print
 * (print.css shows only the receipt) for shops without a thermal printer; Reprint sends the duplicate to it.
 */
export function ReceiptView({ sale, terminalName, onNewSale }: ReceiptViewProps) {
  const { t, dateTime, error } = useI18n();
  const api = useApi();
  const newSale = useRef<HTMLButtonElement>(null);
  const [svg, setSvg] = useState<string | null>(null);
  const [reprint, setReprint] = useState<string | null>(null);
  // Reprint only where a receipt printer is set up (printers.json); the browser's Print is always there
  const printers = usePrinters();
  const hasPrinter = (printers?.printers.length ?? 0) > 0;
  useEffect(() => newSale.current?.focus({ preventScroll: true }), []);
  useEffect(() => {
    let live = true;
    void api['receipt.preview']({ saleId: sale.id }).then((result) => {
      if (live && result.ok) setSvg(result.value.svg);
    });
    return () => {
      live = false;
    };
  }, [api, sale.id]);
  const onReprint = async () => {
    const result = await api['receipt.print']({ saleId: sale.id });
    setReprint(result.ok ? t('receipt.reprinted') : error(result.error));
  };
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
      <figure className="receipt-preview">
        {svg !== null && (
          // an <img> of a data: URL: the SVG is shown, never run (no script, no styles reach the page)
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
            alt={t('receipt.preview', { number: sale.number ?? '' })}
          />
        )}
      </figure>
      <div className="receipt-actions">
        <button type="button" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
        {hasPrinter && (
          <button type="button" onClick={() => void onReprint()}>
            {t('receipt.reprint')}
          </button>
        )}
        <button type="button" ref={newSale} className="button-primary" onClick={onNewSale}>
          {t('receipt.newSale')}
        </button>
      </div>
      <p role="status" className="receipt-reprint">
        {reprint}
      </p>
    </section>
  );
}
