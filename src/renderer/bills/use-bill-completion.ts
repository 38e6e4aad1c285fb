import { useCallback } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';

/**
 * After a ticket completes: if it paid a bill, asks the terminal to pay the biller (it is already doing so
 * since the completion; the call waits for that answer) and tells the cashier the confirmation number,
 * that it is pending, or that the biller refused and the customer is owed a refund.
 */
export function useBillCompletion(inform: (text: string) => void, warn: (text: string) => void) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  /** `then` runs once the biller answered (the receipt then shows its confirmation number), at once otherwise */
  return useCallback(
    (sale: SaleDto, then: () => void) => {
      const line = sale.lines.find((l) => l.productId.startsWith('bill:'));
      if (!line) return then();
      void api['bill.pay']({ billId: line.productId.slice('bill:'.length) }).then((r) => {
        then();
        if (!r.ok) return warn(errorText(r.error));
        const bill = r.value;
        if (bill.state === 'confirmed') inform(t('bills.confirmed', { number: bill.confirmationNo ?? '' }));
        else if (bill.state === 'rejected')
          warn(t('bills.rejected', { reason: bill.rejection?.reason ?? '' }));
        else inform(t('bills.pending'));
      });
    },
    [api, t, errorText, inform, warn],
  );
}
