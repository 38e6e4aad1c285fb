import { TillpointError } from './errors.js';
import { money, percentOf, toDecimalString, type Money } from './money.js';

/** The same shape as the wire DiscountDto: basis points of what it applies to, or a fixed amount off. */
export type Discount = { kind: 'percent'; bps: number } | { kind: 'amount'; amount: number };

/** Percent discounts round half away from zero, like tax (see TAX_ROUNDING), so 5 % of 0.10 is 0.01. */
export const DISCOUNT_ROUNDING = 'half-up' as const;

/** Throws sale.invalid_discount for a discount that is malformed on its own (bps or amount out of range). */
export function assertDiscountShape(d: Discount): void {
  if (d.kind === 'percent') {
    if (!Number.isInteger(d.bps) || d.bps < 1 || d.bps > 10_000) {
      throw new TillpointError(
        'sale.invalid_discount',
        'A percent discount must be between 0.01 % and 100 %.',
        {
          discount: d,
        },
      );
    }
    return;
  }
  if (d.kind === 'amount') {
    if (!Number.isSafeInteger(d.amount) || d.amount <= 0) {
      throw new TillpointError('sale.invalid_discount', 'A discount amount must be more than zero.', {
        discount: d,
      });
    }
    return;
  }
  throw new TillpointError('sale.invalid_discount', 'Unknown kind of discount.', { discount: d });
}

/**
 * What a discount takes off `base`, in base's currency. A fixed amount larger than base is refused rather
 * than clamped, so the cashier sees the mistake instead of a silently smaller discount.
 */
export function discountAmount(base: Money, d: Discount): Money {
  assertDiscountShape(d);
  if (d.kind === 'percent') return percentOf(base, d.bps, DISCOUNT_ROUNDING);
  if (d.amount > base.amount) {
    const off = toDecimalString({ amount: d.amount, currency: base.currency });
    const max = toDecimalString(base);
    throw new TillpointError(
      'sale.invalid_discount',
      `A discount of ${off} ${base.currency} is more than the ${max} ${base.currency} it applies to.`,
      { discount: d, base },
    );
  }
  return money(d.amount, base.currency);
}
