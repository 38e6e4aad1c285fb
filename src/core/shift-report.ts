import type { DenominationCount } from './cash-count.js';
import { BILL_TAX_RATE_ID } from './bill-line.js';
import { TillpointError } from './errors.js';

/**
 * The X and Z reports of a shift, computed from the shift's rows as the terminal's SQL aggregated them
 * (groups, not one row per sale, so an X report over 100,000 sales stays fast). Pure: the same rows give
 * the same report, which is why an X report taken just before closing equals the Z report of the close.
 * Every amount is integer minor units of `currency`.
 */

/** cash, a wallet (by name), a stored-value card, or a bank's static QR (by scheme name) */
export type ShiftTender = 'cash' | 'wallet' | 'stored-value' | 'bank-qr';

export interface TenderGroup {
  readonly tender: ShiftTender;
  /** the wallet or bank QR scheme's name; null for cash and stored value */
  readonly name: string | null;
  readonly count: number;
  readonly amount: number;
}

export interface StaffRef {
  readonly staffId: string;
  readonly name: string;
}

/** What the terminal's SQL answers for one shift. */
export interface ShiftRows {
  readonly shiftId: string;
  readonly currency: string;
  readonly openedAt: string;
  readonly openedBy: StaffRef | null;
  readonly openingFloat: number;
  /** completed sales: how many and their totals */
  readonly sales: { readonly count: number; readonly total: number; readonly discounts: number };
  readonly receipts: { readonly first: number | null; readonly last: number | null };
  /** payments of the completed sales, grouped by tender and name */
  readonly payments: readonly TenderGroup[];
  readonly promotions: readonly { readonly label: string; readonly count: number; readonly amount: number }[];
  /** refunds paid back during the shift, by the tender of the sale, and how the money went back */
  readonly refunds: readonly (TenderGroup & { readonly method: 'cash' | 'wallet' })[];
  /** tickets voided during the shift (with something on them) */
  readonly voids: { readonly count: number; readonly amount: number };
  /** stored-value card top-ups paid in cash */
  readonly topUps: { readonly count: number; readonly amount: number };
  /** cash rounding (抹零) of the completed sales' cash payments: how many, and the sum (negative: written off) */
  readonly rounding?: { readonly count: number; readonly amount: number };
  /** what the cash parts of tickets voided in the shift took (given back among the cash refunds) */
  readonly voidedCash?: number;
  readonly taxes: readonly {
    readonly rateId: string;
    readonly name: string;
    readonly rateBps: number;
    readonly tax: number;
    readonly total: number;
  }[];
  readonly movements: readonly {
    readonly kind: 'in' | 'out' | 'no-sale';
    readonly count: number;
    readonly amount: number;
  }[];
  /** completed sales by local hour of the day (0-23) */
  readonly byHour: readonly { readonly hour: number; readonly count: number; readonly amount: number }[];
  /** tickets that paid a utility bill (their one line at the 'bill-collected' rate): money held for billers */
  readonly billPayments?: { readonly count: number; readonly amount: number };
  /** bills the biller refused after the money was taken, not refunded yet: owed back to the customers */
  readonly billRefundsOwed?: { readonly count: number; readonly amount: number };
}

/** The drawer's cash: what went in and out, and what should be there. */
export interface CashSummary {
  readonly openingFloat: number;
  readonly sales: number;
  readonly refunds: number;
  readonly topUps: number;
  readonly cashIn: number;
  readonly cashOut: number;
  readonly noSales: number;
  /** cash the paid parts of voided tickets took (their refunds are among `refunds`); 0 when none */
  readonly voidedParts?: number;
  /** openingFloat + sales + voidedParts - refunds + topUps + cashIn - cashOut */
  readonly expected: number;
}

/** Everything an X report shows; the Z report of the close has the same totals. */
export interface ShiftTotals {
  readonly sales: { readonly count: number; readonly total: number };
  readonly tenders: readonly TenderGroup[];
  readonly refunds: {
    readonly count: number;
    readonly amount: number;
    readonly byTender: readonly TenderGroup[];
  };
  readonly voids: { readonly count: number; readonly amount: number };
  /** cash rounding (抹零): rounded cash payments and their sum, minor units (negative: written off) */
  readonly rounding?: { readonly count: number; readonly amount: number };
  readonly discounts: number;
  readonly promotions: readonly { readonly label: string; readonly count: number; readonly amount: number }[];
  readonly topUps: { readonly count: number; readonly amount: number };
  /** "Bill payments collected": not sales, not taxed; their cash is in the drawer's expected cash */
  readonly billPayments?: { readonly count: number; readonly amount: number };
  readonly billRefundsOwed?: { readonly count: number; readonly amount: number };
  readonly taxes: ShiftRows['taxes'];
  readonly receipts: { readonly first: number | null; readonly last: number | null };
  readonly cash: CashSummary;
  /** 24 entries, hour 0 to 23 */
  readonly byHour: readonly { readonly hour: number; readonly count: number; readonly amount: number }[];
}

export interface ShiftClose {
  readonly zNumber: number;
  readonly closedAt: string;
  readonly closedBy: StaffRef | null;
  readonly counted: number;
  readonly denominations: readonly DenominationCount[];
  /** counted - expected */
  readonly variance: number;
  readonly note: string | null;
}

export interface ShiftReport {
  readonly kind: 'X' | 'Z';
  readonly shiftId: string;
  readonly currency: string;
  readonly openedAt: string;
  readonly openedBy: StaffRef | null;
  readonly totals: ShiftTotals;
  /** Z only */
  readonly close: ShiftClose | null;
}

const tenderOrder: readonly ShiftTender[] = ['cash', 'wallet', 'stored-value', 'bank-qr'];
const byTender = (a: TenderGroup, b: TenderGroup): number =>
  tenderOrder.indexOf(a.tender) - tenderOrder.indexOf(b.tender) || (a.name ?? '').localeCompare(b.name ?? '');

/** Sums groups that share a tender and name (SQL may split them, e.g. by attempt kind). */
function mergeTenders(groups: readonly TenderGroup[]): TenderGroup[] {
  const merged = new Map<
    string,
    { tender: ShiftTender; name: string | null; count: number; amount: number }
  >();
  for (const g of groups) {
    const key = `${g.tender}\u0000${g.name ?? ''}`;
    const into = merged.get(key);
    if (into) {
      into.count += g.count;
      into.amount += g.amount;
    } else merged.set(key, { tender: g.tender, name: g.name, count: g.count, amount: g.amount });
  }
  return [...merged.values()].sort(byTender);
}

const sum = (xs: readonly { amount: number }[]): number => xs.reduce((s, x) => s + x.amount, 0);
const countOf = (xs: readonly { count: number }[]): number => xs.reduce((s, x) => s + x.count, 0);

/** The expected cash of a drawer: float + cash sales - cash refunds + cash top-ups + cash in - cash out. */
export function expectedCash(c: Omit<CashSummary, 'expected' | 'noSales'>): number {
  return c.openingFloat + c.sales + (c.voidedParts ?? 0) - c.refunds + c.topUps + c.cashIn - c.cashOut;
}

/** The totals of a shift (the X report's body, and the Z report's). */
export function shiftTotals(rows: ShiftRows): ShiftTotals {
  const tenders = mergeTenders(rows.payments);
  const refundGroups = mergeTenders(rows.refunds);
  const movement = (kind: 'in' | 'out' | 'no-sale') => rows.movements.filter((m) => m.kind === kind);
  const cashBase = {
    openingFloat: rows.openingFloat,
    sales: sum(tenders.filter((t) => t.tender === 'cash')),
    // a stored-value sale is paid back in cash too: what left the drawer is the refunds paid in cash
    refunds: sum(rows.refunds.filter((r) => r.method === 'cash')),
    topUps: rows.topUps.amount,
    cashIn: sum(movement('in')),
    cashOut: sum(movement('out')),
    // a voided ticket's cash part came into the drawer before it went back out as a refund
    voidedParts: rows.voidedCash ?? 0,
  };
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, count: 0, amount: 0 }));
  for (const h of rows.byHour) {
    const into = hours[h.hour];
    if (!into) continue;
    into.count += h.count;
    into.amount += h.amount;
  }
  // collected for billers (代收): out of sales and tax, on their own line; the cash stays in cashBase.sales
  const bills = { count: rows.billPayments?.count ?? 0, amount: rows.billPayments?.amount ?? 0 };
  return {
    sales: { count: rows.sales.count - bills.count, total: rows.sales.total - bills.amount },
    billPayments: bills,
    billRefundsOwed: { count: rows.billRefundsOwed?.count ?? 0, amount: rows.billRefundsOwed?.amount ?? 0 },
    tenders,
    refunds: { count: countOf(refundGroups), amount: sum(refundGroups), byTender: refundGroups },
    voids: { count: rows.voids.count, amount: rows.voids.amount },
    rounding: { count: rows.rounding?.count ?? 0, amount: rows.rounding?.amount ?? 0 },
    discounts: rows.sales.discounts,
    promotions: [...rows.promotions].sort((a, b) => a.label.localeCompare(b.label)),
    topUps: { count: rows.topUps.count, amount: rows.topUps.amount },
    taxes: [...rows.taxes.filter((t) => t.rateId !== BILL_TAX_RATE_ID)].sort(
      (a, b) => a.rateBps - b.rateBps || a.rateId.localeCompare(b.rateId),
    ),
    receipts: rows.receipts,
    cash: { ...cashBase, noSales: countOf(movement('no-sale')), expected: expectedCash(cashBase) },
    byHour: hours,
  };
}

/** The X report: the open shift's totals so far; nothing is reset. */
export function xReport(rows: ShiftRows): ShiftReport {
  return {
    kind: 'X',
    shiftId: rows.shiftId,
    currency: rows.currency,
    openedAt: rows.openedAt,
    openedBy: rows.openedBy,
    totals: shiftTotals(rows),
    close: null,
  };
}

export interface CloseInput {
  readonly zNumber: number;
  readonly closedAt: string;
  readonly closedBy: StaffRef | null;
  readonly counted: number;
  readonly denominations: readonly DenominationCount[];
  readonly note: string | null;
  /** |variance| above this needs a note */
  readonly toleranceMinor: number;
}

/**
 * The Z report of a close: the totals and the blind count against them. A variance beyond the tolerance
 * without a note is refused (shift.note_required) with the variance in details, so the pad can ask for one.
 */
export function zReport(rows: ShiftRows, close: CloseInput): ShiftReport {
  const totals = shiftTotals(rows);
  const variance = close.counted - totals.cash.expected;
  const note = close.note?.trim() ? close.note.trim() : null;
  if (Math.abs(variance) > close.toleranceMinor && note === null) {
    throw new TillpointError(
      'shift.note_required',
      'The counted cash differs from what the drawer should hold. Count again, or write a note saying why.',
      { variance, toleranceMinor: close.toleranceMinor, currency: rows.currency },
    );
  }
  return {
    kind: 'Z',
    shiftId: rows.shiftId,
    currency: rows.currency,
    openedAt: rows.openedAt,
    openedBy: rows.openedBy,
    totals,
    close: {
      zNumber: close.zNumber,
      closedAt: close.closedAt,
      closedBy: close.closedBy,
      counted: close.counted,
      denominations: close.denominations,
      variance,
      note,
    },
  };
}
