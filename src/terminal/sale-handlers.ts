import type { Handlers } from '../shared/contract.js';
import type { RefundService } from './refund-service.js';
import type { ReturnService } from './return-service.js';
import type { SaleService } from './sale-service.js';
import { cashierOf } from './sale-cashier.js';
import { withStoreErrors } from './store/store-errors.js';

type SaleHandlers = Pick<
  Handlers,
  | 'sale.current'
  | 'sale.start'
  | 'sale.addProduct'
  | 'sale.scan'
  | 'sale.setQuantity'
  | 'sale.setLineDiscount'
  | 'sale.setTicketDiscount'
  | 'sale.void'
  | 'sale.complete'
  | 'sale.payCash'
  | 'sales.list'
  | 'sales.get'
  | 'sale.refund'
  | 'sale.return'
  | 'sale.returns'
>;

/** The reason a voided ticket's paid parts carry on their refund rows and receipts. */
export const VOID_REFUND_REASON = 'Ticket voided';

/**
 * The contract's sale.* methods over the sale and refund services. `unlessPaying` refuses a change while a
 * wallet or card payment for the sale may still take money (the amount charged is fixed).
 */
export function saleHandlers(deps: {
  readonly file: string;
  readonly sales: SaleService;
  readonly refunds: RefundService;
  readonly returns: ReturnService;
  readonly unlessPaying: <T>(saleId: string, fn: () => T) => T;
  /** sales wait for an open shift when shift.json says so */
  readonly assertSaleAllowed: () => void;
}): SaleHandlers {
  const { file, sales, refunds, unlessPaying } = deps;
  return {
    'sale.current': () => sales.current(),
    'sale.start': () => (deps.assertSaleAllowed(), sales.start()),
    'sale.addProduct': ({ saleId, productId, quantity }) =>
      unlessPaying(saleId, () => sales.addProduct(saleId, productId, quantity ?? 1)),
    'sale.scan': ({ saleId, barcode }) => unlessPaying(saleId, () => sales.scan(saleId, barcode)),
    'sale.setQuantity': ({ saleId, lineId, quantity }) =>
      unlessPaying(saleId, () => sales.setQuantity(saleId, lineId, quantity)),
    'sale.setLineDiscount': ({ saleId, lineId, discount }) =>
      unlessPaying(saleId, () => sales.setLineDiscount(saleId, lineId, discount)),
    'sale.setTicketDiscount': ({ saleId, discount }) =>
      unlessPaying(saleId, () => sales.setTicketDiscount(saleId, discount)),
    // a ticket with paid parts gives every part back first (cash from the drawer, wallets refunded)
    'sale.void': ({ saleId }, context) =>
      unlessPaying(saleId, () =>
        sales.partlyPaid(saleId)
          ? refunds.voidPaidParts(saleId, VOID_REFUND_REASON, cashierOf(context))
          : sales.void(saleId),
      ),
    'sale.complete': ({ saleId, tender }, context) =>
      unlessPaying(saleId, () => sales.complete(saleId, tender, cashierOf(context))),
    'sale.payCash': ({ saleId, tendered, amount }, context) =>
      unlessPaying(saleId, () => sales.payCash(saleId, tendered, amount, cashierOf(context))),
    'sales.list': (params) => withStoreErrors(file, 'read', () => sales.list(params)),
    'sales.get': ({ saleId }) => withStoreErrors(file, 'read', () => sales.get(saleId)),
    'sale.refund': ({ saleId, reason }, context) => refunds.refund(saleId, reason, cashierOf(context)),
    'sale.return': ({ approval: _approval, ...request }, context) =>
      deps.returns.returnItems(request, cashierOf(context)),
    'sale.returns': ({ saleId }) => deps.returns.list(saleId),
  };
}
