import { useEffect, useReducer, useState } from 'react';
import type { PaymentOptionsDto } from '../../shared/dto.js';
import { useApi } from '../hooks/api-context.js';
import { initialDisplayState, nextDisplayState, type DisplayState } from './display-state.js';

/**
 * Follows the terminal from announcements: sale.changed and payment.changed, plus sale.current and
 * payment.current once when the screen opens. Calls nothing that changes a sale:
 * the display's token or window could not anyway (the transport answers `forbidden`).
 */
export function useCustomerDisplay(): {
  readonly state: DisplayState;
  readonly promotions: PaymentOptionsDto['wallets'];
} {
  const api = useApi();
  const [state, dispatch] = useReducer(nextDisplayState, initialDisplayState);
  const [promotions, setPromotions] = useState<PaymentOptionsDto['wallets']>([]);

  useEffect(() => {
    const offSale = api.on('sale.changed', (sale) => dispatch({ kind: 'sale', sale, at: Date.now() }));
    const offAttempt = api.on('payment.changed', (attempt) => dispatch({ kind: 'attempt', attempt }));
    let live = true;
    // opened mid-sale or mid-payment (a reload, a display plugged in): the ticket and the QR up now
    void Promise.all([api['sale.current']({}), api['payment.current']({})]).then(([sale, attempt]) => {
      if (live && sale.ok) {
        dispatch({ kind: 'current', sale: sale.value, attempt: attempt.ok ? attempt.value : null });
      }
    });
    return () => {
      live = false;
      offSale();
      offAttempt();
    };
  }, [api]);

  // The wallets' tender promotions for what the ticket costs now; only while it is open and has items.
  const sale = state.sale;
  const ask = sale !== null && sale.state === 'open' && sale.lines.length > 0;
  const saleId = sale?.id;
  const total = sale?.totals.total.amount;
  useEffect(() => {
    if (!ask || saleId === undefined) {
      setPromotions([]);
      return;
    }
    let live = true;
    void api['payment.options']({ saleId }).then((result) => {
      if (!live) return;
      setPromotions(result.ok ? result.value.wallets.filter((w) => w.promotion !== null) : []);
    });
    return () => {
      live = false;
    };
  }, [api, ask, saleId, total]);

  return { state, promotions };
}
