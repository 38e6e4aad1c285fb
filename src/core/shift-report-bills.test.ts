import { describe, expect, it } from 'vitest';
import { BILL_TAX_RATE_ID } from './bill-line.js';
import { shiftTotals, type ShiftRows } from './shift-report.js';

/** Bill payments collected for billers (代收) in a shift's totals: not sales, not tax, but cash in the drawer. */
const rows = (billPayments?: ShiftRows['billPayments']): ShiftRows => ({
  shiftId: 's1',
  currency: 'CNY',
  openedAt: '2026-12-07T08:00:00.000Z',
  openedBy: null,
  openingFloat: 10_000,
  sales: { count: 3, total: 20_000, discounts: 0 },
  receipts: { first: 1, last: 3 },
  payments: [{ tender: 'cash', name: null, count: 3, amount: 20_000 }],
  promotions: [],
  refunds: [],
  voids: { count: 0, amount: 0 },
  topUps: { count: 0, amount: 0 },
  taxes: [
    { rateId: 'vat-13', name: 'VAT 13%', rateBps: 1300, tax: 1_151, total: 10_000 },
    { rateId: BILL_TAX_RATE_ID, name: 'Collected for biller', rateBps: 0, tax: 0, total: 10_000 },
  ],
  movements: [],
  byHour: [],
  ...(billPayments ? { billPayments } : {}),
});

describe('shiftTotals with bill payments', () => {
  it('takes them out of sales and tax onto their own line, and keeps their cash in the expected cash', () => {
    const totals = shiftTotals(rows({ count: 2, amount: 10_000 }));
    expect(totals.sales).toEqual({ count: 1, total: 10_000 });
    expect(totals.billPayments).toEqual({ count: 2, amount: 10_000 });
    expect(totals.taxes.map((t) => t.rateId)).toEqual(['vat-13']);
    expect(totals.cash.expected).toBe(10_000 + 20_000);
  });

  it('a shift without bills (or from before them) shows none', () => {
    const totals = shiftTotals({ ...rows(), taxes: rows().taxes.slice(0, 1) });
    expect(totals.sales).toEqual({ count: 3, total: 20_000 });
    expect(totals.billPayments).toEqual({ count: 0, amount: 0 });
  });
});
