import { currencyExponent, type Money } from './money.js';

/**
 * Membership. A member card's UID finds the customer; it is a lookup hint, never proof of anything
 * (NTAG UIDs can be copied), so membership only ever gives a discount and points, never money.
 */

/** The points rule: one point per whole currency unit paid (CNY 12.99 -> 12), never negative. */
export function pointsFor(paid: Money): number {
  if (paid.amount <= 0) return 0;
  return Math.floor(paid.amount / 10 ** currencyExponent(paid.currency));
}

/** The member discount as the ticket discount it becomes (none for a 0 % member). */
export function memberTicketDiscount(discountBps: number): { kind: 'percent'; bps: number } | null {
  return discountBps > 0 ? { kind: 'percent', bps: discountBps } : null;
}
