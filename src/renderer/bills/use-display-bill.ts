import { useEffect, useState } from 'react';
import type { BillPaymentDto } from '../../shared/bill-dto.js';
import { useApi } from '../hooks/api-context.js';

/**
 * The bill the customer is asked to check: the one looked up and not yet paid (bill.changed, and
 * bill.current once when the screen opens). Read-only: the display calls nothing that changes a bill.
 */
export function useDisplayBill(): BillPaymentDto | null {
  const api = useApi();
  const [bill, setBill] = useState<BillPaymentDto | null>(null);
  useEffect(() => {
    let live = true;
    const shown = (b: BillPaymentDto | null) => (b && b.state === 'quoted' ? b : null);
    const off = api.on('bill.changed', (b) => setBill(shown(b)));
    // a confirmed bill is on the ticket the display already shows; the check is over
    const offSale = api.on('sale.changed', () => setBill((b) => (b?.state === 'quoted' ? b : null)));
    void api['bill.current']({}).then((r) => {
      if (live && r.ok) setBill(shown(r.value));
    });
    return () => {
      live = false;
      off();
      offSale();
    };
  }, [api]);
  return bill;
}
