import type { CallContext, Handlers } from '../shared/contract.js';
import type { SaleCashier, SaleService } from './sale-service.js';

/** The member of staff signed in on the calling screen; null for a till without staff, a kiosk, the CLI. */
export function cashierOf(context?: CallContext): SaleCashier | null {
  const signedIn = context?.session?.signedIn;
  return signedIn ? { staffId: signedIn.staffId, name: signedIn.name } : null;
}

type PaymentStart = 'payment.chargeCode' | 'payment.showQr' | 'svcard.payBegin';

/**
 * The calls that start a wallet or card payment, recording first who is taking it: that payment completes
 * the sale later (a wallet's answer, a card's confirm), when no screen's sign-in is at hand, and the
 * receipt prints this name as the cashier. Cash records it in the completion itself (sale.complete).
 */
export function recordingCashier(
  handlers: Pick<Handlers, PaymentStart>,
  sales: Pick<SaleService, 'attribute'>,
): Pick<Handlers, PaymentStart> {
  // the handlers as they are now (the kiosk's checks included): the caller may put these in their place
  const {
    'payment.chargeCode': chargeCode,
    'payment.showQr': showQr,
    'svcard.payBegin': payBegin,
  } = handlers;
  const first = (saleId: string, context?: CallContext) => {
    const cashier = cashierOf(context);
    if (cashier) sales.attribute(saleId, cashier);
  };
  return {
    'payment.chargeCode': (params, context) => {
      first(params.saleId, context);
      return chargeCode(params, context);
    },
    'payment.showQr': (params, context) => {
      first(params.saleId, context);
      return showQr(params, context);
    },
    'svcard.payBegin': (params, context) => {
      first(params.saleId, context);
      return payBegin(params, context);
    },
  };
}
