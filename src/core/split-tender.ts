import { TillpointError } from './errors.js';
import { money, type Money } from './money.js';

/**
 * Split tender: one sale paid in parts (¥50 cash, the rest by WeChat Pay). What a part "covers" of the
 * sale's total is what the customer paid plus what the shop took off for that tender: a wallet's tender
 * promotion, and a cash rounding the shop wrote off (rounding is signed: negative when written off, so it
 * is subtracted). The sale completes with the part that covers the rest; never more.
 */
export interface PaidPart {
  readonly amount: { readonly amount: number; readonly currency: string };
  readonly promotion?: { readonly discount: { readonly amount: number } } | null | undefined;
  /** cash only: due after rounding - due before, minor units */
  readonly rounding?: { readonly amount: number } | number | null | undefined;
}

const roundingOf = (p: PaidPart): number =>
  typeof p.rounding === 'number' ? p.rounding : (p.rounding?.amount ?? 0);

/** What one part covers of the total. */
export const partCovers = (p: PaidPart): number =>
  p.amount.amount + (p.promotion?.discount.amount ?? 0) - roundingOf(p);

/** What the parts cover together. */
export const paidOf = (parts: readonly PaidPart[]): number =>
  parts.reduce((sum, p) => sum + partCovers(p), 0);

/** What is left to pay of `total` after `parts` (never negative: a sale is never over-covered). */
export function leftToPay(total: Money, parts: readonly PaidPart[]): Money {
  return money(Math.max(0, total.amount - paidOf(parts)), total.currency);
}

/**
 * Checks a new part against what is left: it must cover something and never more than is left. Answers
 * whether it pays the rest (the sale completes with it).
 */
export function checkPart(left: Money, covers: number): { completes: boolean } {
  if (covers <= 0 || covers > left.amount) {
    throw new TillpointError(
      'tender.invalid_amount',
      covers <= 0
        ? 'A part payment must be more than zero.'
        : 'That is more than is left to pay on this ticket. Take what is left, or less.',
      { left, covers },
    );
  }
  return { completes: covers === left.amount };
}

/**
 * What may still be given back of one payment: what it took less its refunds that moved or may move money
 * (a failed refund moved none). A refund of more is refused, so no tender ever pays back more than it took.
 */
export function checkRefundOfPart(paid: number, refunded: readonly number[], amount: number): void {
  const left = paid - refunded.reduce((s, r) => s + r, 0);
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > left) {
    throw new TillpointError(
      'tender.invalid_amount',
      'That is more than is left of this payment to give back.',
      { paid, left, amount },
    );
  }
}
