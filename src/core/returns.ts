import { TillpointError } from './errors.js';
import { allocate, money } from './money.js';

/**
 * Partial returns: some lines or quantities of a completed sale come back. What the customer gets back is
 * the returned units' share of what the sale's payments took (not of the shelf price): line and ticket
 * discounts, a wallet's tender promotion and the cash rounding all stay with the units they applied to.
 *
 * - The payments' total is shared over the lines by their totals (largest remainder), so the line shares
 *   add up to what was paid.
 * - A line's share is spread over its units cumulatively: returning k of n units in all pays back
 *   round(share * k / n), and each return pays the difference from what was paid back before. However a
 *   line is returned, one unit at a time or all at once, the amounts add up to its share exactly, so
 *   cumulative returns never exceed the sale.
 * - The return's amount is taken from the sale's payments in proportion to what each has left to give
 *   back (or as a manager chooses), never more than a payment has left.
 */
export interface ReturnableSale {
  readonly currency: string;
  readonly lines: readonly { readonly id: string; readonly quantity: number; readonly total: number }[];
  /** what the sale's payments took in all (minor units) */
  readonly paid: number;
}

export interface ReturnRequestLine {
  readonly lineId: string;
  readonly quantity: number;
}

export interface PlannedReturnLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly amount: number;
}

/** Each line's share of what the payments took, by line id. */
export function lineShares(sale: ReturnableSale): Map<string, number> {
  if (sale.lines.length === 0) return new Map();
  const shares = allocate(
    money(sale.paid, sale.currency),
    sale.lines.map((l) => Math.max(0, l.total)),
  );
  return new Map(sale.lines.map((l, i) => [l.id, shares[i]?.amount ?? 0]));
}

/** What returning `units` of a line's `quantity` units pays back in all: share * units / quantity, rounded half up. */
export const unitsShare = (share: number, quantity: number, units: number): number =>
  Number((BigInt(share) * BigInt(units) * 2n + BigInt(quantity)) / (2n * BigInt(quantity)));

/**
 * Plans a return: for each requested line, the amount paid back for it. `returnedBefore`: the quantity of
 * each line returned so far. Refuses an empty request, a line of another sale, the same line twice, and
 * more units than are left of a line.
 */
export function planReturn(
  sale: ReturnableSale,
  returnedBefore: ReadonlyMap<string, number>,
  request: readonly ReturnRequestLine[],
): PlannedReturnLine[] {
  if (request.length === 0) {
    throw new TillpointError('return.empty', 'Choose at least one item to return.');
  }
  const shares = lineShares(sale);
  const seen = new Set<string>();
  return request.map((r) => {
    const line = sale.lines.find((l) => l.id === r.lineId);
    if (!line) {
      throw new TillpointError(
        'return.unknown_line',
        'That item is not on this sale. Look the sale up again.',
        {
          lineId: r.lineId,
        },
      );
    }
    if (seen.has(r.lineId)) {
      throw new TillpointError('return.unknown_line', 'Each item may be listed once in a return.', {
        lineId: r.lineId,
      });
    }
    seen.add(r.lineId);
    const before = returnedBefore.get(r.lineId) ?? 0;
    const left = line.quantity - before;
    if (!Number.isSafeInteger(r.quantity) || r.quantity < 1 || r.quantity > left) {
      throw new TillpointError(
        'return.too_many',
        left === 0
          ? 'Every unit of this item has already been returned.'
          : `Only ${left} of this item can still be returned.`,
        { lineId: r.lineId, left, quantity: r.quantity },
      );
    }
    const share = shares.get(r.lineId) ?? 0;
    const amount =
      unitsShare(share, line.quantity, before + r.quantity) - unitsShare(share, line.quantity, before);
    return { lineId: r.lineId, quantity: r.quantity, amount };
  });
}

export interface RefundablePayment {
  readonly id: string;
  /** what this payment may still give back: what it took less its live refunds */
  readonly left: number;
}

/**
 * Shares `amount` over the payments in proportion to what each has left (largest remainder), so a return
 * of everything gives every payment back exactly what it took. Payments that give back nothing are left out.
 */
export function allocateReturn(
  amount: number,
  currency: string,
  payments: readonly RefundablePayment[],
): { paymentId: string; amount: number }[] {
  const total = payments.reduce((s, p) => s + p.left, 0);
  if (amount > total) {
    throw new TillpointError(
      'return.too_many',
      'The sale has less left to give back than this return. Refresh and try again.',
      { amount, left: total },
    );
  }
  if (amount === 0) return [];
  const parts = allocate(
    money(amount, currency),
    payments.map((p) => p.left),
  );
  return payments
    .map((p, i) => ({ paymentId: p.id, amount: parts[i]?.amount ?? 0 }))
    .filter((p) => p.amount > 0);
}

/**
 * Checks a manager's own split of a return over the payments: known payments, each at most what it has
 * left, together exactly the return's amount.
 */
export function checkAllocation(
  amount: number,
  payments: readonly RefundablePayment[],
  chosen: readonly { readonly paymentId: string; readonly amount: number }[],
): { paymentId: string; amount: number }[] {
  let sum = 0;
  const seen = new Set<string>();
  for (const c of chosen) {
    const payment = payments.find((p) => p.id === c.paymentId);
    if (!payment || seen.has(c.paymentId)) {
      throw new TillpointError(
        'return.bad_allocation',
        'The split names a payment that is not on this sale (or twice). Choose the tenders again.',
        { paymentId: c.paymentId },
      );
    }
    seen.add(c.paymentId);
    if (!Number.isSafeInteger(c.amount) || c.amount < 0 || c.amount > payment.left) {
      throw new TillpointError(
        'return.bad_allocation',
        'One tender would give back more than it has left. Lower its amount.',
        { paymentId: c.paymentId, amount: c.amount, left: payment.left },
      );
    }
    sum += c.amount;
  }
  if (sum !== amount) {
    throw new TillpointError(
      'return.bad_allocation',
      'The amounts per tender must add up to the amount of the return.',
      { amount, allocated: sum },
    );
  }
  return chosen.filter((c) => c.amount > 0).map((c) => ({ paymentId: c.paymentId, amount: c.amount }));
}

/**
 * The membership points a return takes back: the sale's points in proportion to what has been returned
 * in all, less what earlier returns took back (rounded down, so a return never takes more than its share).
 */
export function pointsToReverse(
  pointsEarned: number,
  paid: number,
  returnedBefore: number,
  returnedNow: number,
  reversedBefore: number,
): number {
  if (pointsEarned <= 0 || paid <= 0) return 0;
  const due = Math.floor((pointsEarned * Math.min(paid, returnedBefore + returnedNow)) / paid);
  return Math.max(0, due - reversedBefore);
}
