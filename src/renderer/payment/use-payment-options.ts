import { useEffect, useState } from 'react';
import type { PaymentOptionsDto, SaleDto } from '../../shared/dto.js';
import { useApi } from '../hooks/api-context.js';

/** The time left moves and the outbox drains: asked again this often while a ticket waits for payment. */
const REFRESH_MS = 30_000;

/**
 * payment.options for the open ticket (what the tender buttons can offer, and each non-cash tender's offline
 * headroom), asked again when the amount changes, when the outbox changes (status.changed: a sale completed,
 * the hub took a batch) and every 30 s. Null for an empty ticket or before the first answer.
 */
export function usePaymentOptions(sale: SaleDto | null): PaymentOptionsDto | null {
  const api = useApi();
  const [options, setOptions] = useState<PaymentOptionsDto | null>(null);
  const saleId = sale !== null && sale.state === 'open' && sale.lines.length > 0 ? sale.id : null;
  const total = sale?.totals.total.amount ?? null;

  useEffect(() => {
    setOptions(null);
    if (saleId === null) return;
    let live = true;
    const ask = () => {
      void api['payment.options']({ saleId }).then((result) => {
        if (live && result.ok) setOptions(result.value);
      });
    };
    ask();
    const timer = setInterval(ask, REFRESH_MS);
    const off = api.on('status.changed', ask);
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, [api, saleId, total]);

  return options;
}
