import { TillpointError } from './errors.js';
import { compare, isNegative, subtract, toDecimalString, type Money } from './money.js';

export interface CashTender {
  /** what is applied to the sale: the amount due */
  amount: Money;
  /** what the customer handed over */
  tendered: Money;
  /** what goes back to the customer: tendered - amount, exact */
  change: Money;
}

const show = (m: Money): string => `${toDecimalString(m)} ${m.currency}`;

export function cashTender(due: Money, tendered: Money): CashTender {
  if (isNegative(due) || isNegative(tendered)) {
    throw new TillpointError('tender.invalid_amount', 'A cash amount cannot be negative.', { due, tendered });
  }
  // compare() throws money.currency_mismatch when the customer's cash is in another currency.
  if (compare(tendered, due) < 0) {
    const shortfall = subtract(due, tendered);
    throw new TillpointError(
      'tender.insufficient',
      `The customer gave ${show(tendered)}; ${show(shortfall)} more is needed to pay ${show(due)}.`,
      { due, tendered, shortfall },
    );
  }
  return { amount: due, tendered, change: subtract(tendered, due) };
}
