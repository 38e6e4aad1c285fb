import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTotal, fullCount } from './cash-count.js';
import { denominationsOf, denominationTable } from './denominations.js';
import {
  shiftTotals,
  xReport,
  zReport,
  type ShiftRows,
  type ShiftTender,
  type TenderGroup,
} from './shift-report.js';
import { thrown, thrownCode } from './test-util.js';

interface Sale {
  tender: ShiftTender;
  name: string | null;
  total: number;
  discount: number;
  hour: number;
  refunded: boolean;
}
interface Movement {
  kind: 'in' | 'out' | 'no-sale';
  amount: number;
}

const amount = fc.integer({ min: 0, max: 5_000_000 });
const sale: fc.Arbitrary<Sale> = fc
  .record({
    pick: fc.constantFrom<[ShiftTender, string | null]>(
      ['cash', null],
      ['wallet', 'wechat'],
      ['wallet', 'alipay'],
      ['stored-value', null],
      ['bank-qr', 'unionpay-static'],
    ),
    total: amount,
    discount: fc.integer({ min: 0, max: 10_000 }),
    hour: fc.integer({ min: 0, max: 23 }),
    refunded: fc.boolean(),
  })
  .map(({ pick: [tender, name], ...rest }) => ({ tender, name, ...rest }));
const movement: fc.Arbitrary<Movement> = fc.record({
  kind: fc.constantFrom<Movement['kind']>('in', 'out', 'no-sale'),
  amount,
});

/** What the terminal's SQL does, done the slow way over every sale: the reference the report must match. */
function rowsOf(sales: Sale[], movements: Movement[], float: number, topUps: number[]): ShiftRows {
  const groups = (list: Sale[]): TenderGroup[] =>
    list.map((s) => ({ tender: s.tender, name: s.name, count: 1, amount: s.total }));
  return {
    shiftId: 'shift-1',
    currency: 'CNY',
    openedAt: '2026-12-07T01:00:00.000Z',
    openedBy: null,
    openingFloat: float,
    sales: {
      count: sales.length,
      total: sales.reduce((s, x) => s + x.total, 0),
      discounts: sales.reduce((s, x) => s + x.discount, 0),
    },
    receipts: { first: sales.length ? 1 : null, last: sales.length ? sales.length : null },
    payments: groups(sales),
    promotions: [],
    refunds: sales
      .filter((s) => s.refunded)
      .map((s) => ({
        tender: s.tender,
        name: s.name,
        count: 1,
        amount: s.total,
        method: s.tender === 'cash' || s.tender === 'stored-value' ? ('cash' as const) : ('wallet' as const),
      })),
    voids: { count: 0, amount: 0 },
    topUps: { count: topUps.length, amount: topUps.reduce((s, x) => s + x, 0) },
    taxes: [],
    movements: movements.map((m) => ({
      kind: m.kind,
      count: 1,
      amount: m.kind === 'no-sale' ? 0 : m.amount,
    })),
    byHour: sales.map((s) => ({ hour: s.hour, count: 1, amount: s.total })),
  };
}

/** Every number anywhere in the value is a safe integer: money never becomes a float. */
function everyNumberInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.every(everyNumberInteger);
  if (value && typeof value === 'object') return Object.values(value).every(everyNumberInteger);
  return true;
}

describe('shift report', () => {
  const input = fc.record({
    sales: fc.array(sale, { maxLength: 60 }),
    movements: fc.array(movement, { maxLength: 20 }),
    float: amount,
    topUps: fc.array(amount, { maxLength: 5 }),
    counted: fc.integer({ min: 0, max: 500_000_000 }),
  });

  it('variance = counted - (float + cash sales - cash refunds + top-ups + cash in - cash out), to the fen', () => {
    fc.assert(
      fc.property(input, ({ sales, movements, float, topUps, counted }) => {
        const cash = (kind: Movement['kind']) =>
          movements.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
        const cashSales = sales.filter((s) => s.tender === 'cash').reduce((s, x) => s + x.total, 0);
        const cashRefunds = sales
          .filter((s) => s.refunded && (s.tender === 'cash' || s.tender === 'stored-value'))
          .reduce((s, x) => s + x.total, 0);
        const expected =
          float + cashSales - cashRefunds + topUps.reduce((s, x) => s + x, 0) + cash('in') - cash('out');
        const z = zReport(rowsOf(sales, movements, float, topUps), {
          zNumber: 1,
          closedAt: '2026-12-07T09:00:00.000Z',
          closedBy: null,
          counted,
          denominations: [],
          note: 'checked',
          toleranceMinor: 0,
        });
        expect(z.totals.cash.expected).toBe(expected);
        expect(z.close?.variance).toBe(counted - expected);
        expect(everyNumberInteger(z)).toBe(true);
      }),
    );
  });

  it('the Z totals are the sum of the sales: by tender, by hour, refunds', () => {
    fc.assert(
      fc.property(input, ({ sales, movements, float, topUps }) => {
        const t = shiftTotals(rowsOf(sales, movements, float, topUps));
        const total = sales.reduce((s, x) => s + x.total, 0);
        expect(t.sales.total).toBe(total);
        expect(t.tenders.reduce((s, g) => s + g.amount, 0)).toBe(total);
        expect(t.tenders.reduce((s, g) => s + g.count, 0)).toBe(sales.length);
        expect(t.byHour).toHaveLength(24);
        expect(t.byHour.reduce((s, h) => s + h.amount, 0)).toBe(total);
        for (const g of t.tenders) {
          const mine = sales.filter((s) => s.tender === g.tender && s.name === g.name);
          expect(g.amount).toBe(mine.reduce((s, x) => s + x.total, 0));
        }
        const refunded = sales.filter((s) => s.refunded);
        expect(t.refunds.amount).toBe(refunded.reduce((s, x) => s + x.total, 0));
        expect(t.refunds.count).toBe(refunded.length);
        expect(t.discounts).toBe(sales.reduce((s, x) => s + x.discount, 0));
      }),
    );
  });

  it('the X report of the rows equals the Z report of the same rows, but for the close', () => {
    fc.assert(
      fc.property(input, ({ sales, movements, float, topUps, counted }) => {
        const rows = rowsOf(sales, movements, float, topUps);
        const x = xReport(rows);
        const z = zReport(rows, {
          zNumber: 7,
          closedAt: '2026-12-07T09:00:00.000Z',
          closedBy: { staffId: 's', name: 'Li' },
          counted,
          denominations: [],
          note: 'n',
          toleranceMinor: 0,
        });
        expect(z.totals).toEqual(x.totals);
        expect({ ...z, kind: 'X', close: null }).toEqual(x);
      }),
    );
  });

  it('a variance over the tolerance needs a note; within it does not', () => {
    const rows = rowsOf([], [], 10_000, []);
    const close = (counted: number, note: string | null) =>
      zReport(rows, {
        zNumber: 1,
        closedAt: '2026-12-07T09:00:00.000Z',
        closedBy: null,
        counted,
        denominations: [],
        note,
        toleranceMinor: 100,
      });
    expect(close(10_100, null).close?.variance).toBe(100);
    expect(close(9_900, '  ').close?.note).toBeNull();
    const refused = thrown(() => close(9_899, null));
    expect(refused.code).toBe('shift.note_required');
    expect(refused.details).toMatchObject({ variance: -101 });
    expect(thrownCode(() => close(9_899, '   '))).toBe('shift.note_required');
    expect(close(9_899, ' short by one jiao ').close?.note).toBe('short by one jiao');
  });
});

describe('cash count', () => {
  it('totals any count of any currency in the table exactly', () => {
    const currency = fc.constantFrom(...Object.keys(denominationTable));
    fc.assert(
      fc.property(
        currency,
        fc.array(fc.integer({ min: 0, max: 99_999 }), { minLength: 15, maxLength: 15 }),
        (c, n) => {
          const counts = (denominationsOf(c) ?? []).map((d, i) => ({ value: d.value, count: n[i] ?? 0 }));
          const total = countTotal(c, counts);
          expect(Number.isSafeInteger(total)).toBe(true);
          expect(total).toBe(counts.reduce((s, x) => s + x.value * x.count, 0));
        },
      ),
    );
  });

  it('CNY is counted in ¥100 ¥50 ¥20 ¥10 ¥5 ¥1 ¥0.5 ¥0.1', () => {
    expect(denominationsOf('CNY')?.map((d) => d.value)).toEqual([
      10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10,
    ]);
    expect(
      countTotal('CNY', [
        { value: 10_000, count: 2 },
        { value: 50, count: 3 },
        { value: 10, count: 1 },
      ]),
    ).toBe(20_160);
    expect(fullCount('CNY', [{ value: 50, count: 3 }])).toHaveLength(8);
  });

  it('refuses what is not a note or coin, a count that is not a whole number, a currency without a table', () => {
    expect(thrownCode(() => countTotal('CNY', [{ value: 200, count: 1 }]))).toBe('shift.count_invalid');
    expect(thrownCode(() => countTotal('CNY', [{ value: 100, count: 1.5 }]))).toBe('shift.count_invalid');
    expect(thrownCode(() => countTotal('CNY', [{ value: 100, count: -1 }]))).toBe('shift.count_invalid');
    expect(
      thrownCode(() =>
        countTotal('CNY', [
          { value: 100, count: 1 },
          { value: 100, count: 2 },
        ]),
      ),
    ).toBe('shift.count_invalid');
    expect(thrownCode(() => countTotal('XAU', []))).toBe('shift.count_invalid');
  });
});
