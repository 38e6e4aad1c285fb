import type { Cart } from './cart.js';
import type { Product } from './catalog.js';
import { TillpointError } from './errors.js';
import type { TaxRate } from './tax.js';

/**
 * A utility bill payment on a ticket. The money is collected for the biller (代收): it is not the shop's
 * revenue and carries no VAT, so its line is priced at a 0 % rate of its own, which the X/Z reports and the
 * hub take out of sales and tax and show as "Bill payments collected". Everything else about the ticket
 * (every tender, split, cash rounding, the receipt, the outbox, the crash-safe payment steps) is the sale
 * engine's, unchanged.
 */
export const BILL_TAX_RATE_ID = 'bill-collected';
export const billTaxRate: TaxRate = {
  id: BILL_TAX_RATE_ID,
  name: 'Collected for biller',
  rateBps: 0,
  inclusive: true,
};
export const BILL_CATEGORY_ID = 'bill-payments';
const PREFIX = 'bill:';

export const billProductId = (billId: string): string => `${PREFIX}${billId}`;
/** The bill payment a line pays, or null for a product line. */
export const billIdOf = (productId: string): string | null =>
  productId.startsWith(PREFIX) ? productId.slice(PREFIX.length) : null;
export const isBillProduct = (product: Pick<Product, 'id'>): boolean => billIdOf(product.id) !== null;

/**
 * A bill is paid on a ticket of its own: one line, quantity 1, no discount (a discount would give away the
 * biller's money, a second item would mix goods with money held for someone else).
 */
export function assertBillTicket(cart: Cart): void {
  const bills = cart.lines.filter((l) => isBillProduct(l.product));
  if (bills.length === 0) return;
  const alone = cart.lines.length === 1 && bills[0]?.quantity === 1;
  if (!alone || bills[0]?.discount || cart.ticketDiscount) {
    throw new TillpointError(
      'bill.illegal_transition',
      'A bill payment is paid on its own ticket, with no other items and no discount. Take its payment first, then ring up items on a new ticket.',
      { lines: cart.lines.length },
    );
  }
}
