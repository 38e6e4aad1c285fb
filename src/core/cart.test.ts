import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addProduct,
  emptyCart,
  itemCount,
  priceCart,
  removeLine,
  setLineDiscount,
  setQuantity,
  setTicketDiscount,
  type Cart,
} from './cart.js';
import type { Product } from './catalog.js';
import type { Discount } from './discount.js';
import { add, money, subtract, sum } from './money.js';
import type { TaxRate } from './tax.js';
import { thrown, thrownCode } from './test-util.js';

const rates = new Map<string, TaxRate>([
  ['vat13', { id: 'vat13', name: 'VAT 13 %', rateBps: 1300, inclusive: true }],
  ['vat6', { id: 'vat6', name: 'VAT 6 %', rateBps: 600, inclusive: true }],
  ['us8', { id: 'us8', name: 'Sales tax 8.875 %', rateBps: 888, inclusive: false }],
  ['zero', { id: 'zero', name: 'Exempt', rateBps: 0, inclusive: false }],
]);

const product = (id: string, price: number, taxRateId = 'vat13', currency = 'CNY'): Product => ({
  id,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  barcode: null,
  categoryId: 'c',
  price: money(price, currency),
  taxRateId,
});

const tea = product('tea', 1_200);
const cake = product('cake', 2_550, 'vat6');
const pen = product('pen', 399, 'us8');
const cny = (amount: number) => money(amount, 'CNY');

describe('cart editing', () => {
  it('starts empty and refuses unknown currencies', () => {
    expect(emptyCart('CNY')).toEqual({ currency: 'CNY', lines: [], ticketDiscount: null });
    expect(thrownCode(() => emptyCart('RMB'))).toBe('money.unknown_currency');
  });

  it('adds, merges the same product and keeps the original cart untouched', () => {
    const c0 = emptyCart('CNY');
    const c1 = addProduct(c0, tea, 1, 'l1');
    const c2 = addProduct(c1, tea, 2, 'l2');
    const c3 = addProduct(c2, cake, 1, 'l3');
    expect(c0.lines).toHaveLength(0);
    expect(c1.lines).toEqual([{ id: 'l1', product: tea, quantity: 1, discount: null }]);
    expect(c2.lines).toEqual([{ id: 'l1', product: tea, quantity: 3, discount: null }]);
    expect(c3.lines.map((l) => [l.id, l.quantity])).toEqual([
      ['l1', 3],
      ['l3', 1],
    ]);
    expect(itemCount(c3)).toBe(4);
  });

  it('does not merge into a discounted line, nor across a price change', () => {
    let c = addProduct(emptyCart('CNY'), tea, 1, 'l1');
    c = setLineDiscount(c, 'l1', { kind: 'percent', bps: 1000 });
    c = addProduct(c, tea, 1, 'l2');
    c = addProduct(c, { ...tea, price: cny(1_100) }, 1, 'l3');
    expect(c.lines.map((l) => [l.id, l.quantity])).toEqual([
      ['l1', 1],
      ['l2', 1],
      ['l3', 1],
    ]);
  });

  it('refuses other currencies, bad quantities and reused line ids', () => {
    const c = addProduct(emptyCart('CNY'), tea, 1, 'l1');
    expect(thrownCode(() => addProduct(c, product('usd', 100, 'vat13', 'USD'), 1, 'l2'))).toBe(
      'money.currency_mismatch',
    );
    for (const q of [0, -1, 1.5, 10_000, NaN]) {
      expect(
        thrownCode(() => addProduct(c, cake, q, 'l2')),
        String(q),
      ).toBe('sale.invalid_quantity');
    }
    expect(thrownCode(() => addProduct(c, tea, 9_999, 'l2'))).toBe('sale.invalid_quantity'); // merged 10000
    expect(thrownCode(() => addProduct(c, cake, 1, 'l1'))).toBe('invalid_params');
  });

  it('sets quantities, removes at 0, and names unknown lines', () => {
    let c = addProduct(addProduct(emptyCart('CNY'), tea, 1, 'l1'), cake, 1, 'l2');
    c = setQuantity(c, 'l1', 5);
    expect(c.lines[0]?.quantity).toBe(5);
    expect(setQuantity(c, 'l1', 0).lines.map((l) => l.id)).toEqual(['l2']);
    expect(removeLine(c, 'l2').lines.map((l) => l.id)).toEqual(['l1']);
    expect(setQuantity(c, 'l1', 9_999).lines[0]?.quantity).toBe(9_999);
    for (const q of [-1, 2.5, 10_000])
      expect(thrownCode(() => setQuantity(c, 'l1', q))).toBe('sale.invalid_quantity');
    expect(thrownCode(() => setQuantity(c, 'nope', 1))).toBe('sale.line_not_found');
    expect(thrownCode(() => setLineDiscount(c, 'nope', null))).toBe('sale.line_not_found');
  });

  it('validates discounts against the amounts they apply to', () => {
    let c = addProduct(emptyCart('CNY'), tea, 2, 'l1'); // 24.00
    expect(thrown(() => setLineDiscount(c, 'l1', { kind: 'amount', amount: 2_401 })).message).toBe(
      'A discount of 24.01 CNY is more than the 24.00 CNY it applies to.',
    );
    c = setLineDiscount(c, 'l1', { kind: 'amount', amount: 2_000 }); // leaves 4.00
    expect(thrownCode(() => setTicketDiscount(c, { kind: 'amount', amount: 401 }))).toBe(
      'sale.invalid_discount',
    );
    expect(thrownCode(() => setTicketDiscount(c, { kind: 'percent', bps: 0 }))).toBe('sale.invalid_discount');
    expect(thrownCode(() => setLineDiscount(c, 'l1', { kind: 'percent', bps: 10_001 }))).toBe(
      'sale.invalid_discount',
    );
    c = setTicketDiscount(c, { kind: 'amount', amount: 400 });
    // Halving the quantity would leave a 20.00 line discount on a 12.00 line: refused, the cart is unchanged.
    expect(thrownCode(() => setQuantity(c, 'l1', 1))).toBe('sale.invalid_discount');
    expect(setTicketDiscount(c, null).ticketDiscount).toBeNull();
    expect(setLineDiscount(setTicketDiscount(c, null), 'l1', null).lines[0]?.discount).toBeNull();
    expect(thrownCode(() => setTicketDiscount(emptyCart('CNY'), { kind: 'amount', amount: 1 }))).toBe(
      'sale.invalid_discount',
    );
  });
});

describe('priceCart', () => {
  it('prices a worked example: line discount, ticket discount, inclusive and exclusive tax', () => {
    let c: Cart = emptyCart('CNY');
    c = addProduct(c, tea, 3, 'l1'); // 36.00 incl. 13 %
    c = addProduct(c, cake, 1, 'l2'); // 25.50 incl. 6 %
    c = addProduct(c, pen, 2, 'l3'); // 7.98 + 8.88 % on top
    c = setLineDiscount(c, 'l2', { kind: 'percent', bps: 1000 }); // 2.55 off -> 22.95
    c = setTicketDiscount(c, { kind: 'amount', amount: 1_000 }); // 10.00 over 36.00 : 22.95 : 7.98
    const { lines, totals } = priceCart(c, rates);

    expect(lines.map((l) => l.gross.amount)).toEqual([3_600, 2_550, 798]);
    expect(lines.map((l) => l.lineDiscount.amount)).toEqual([0, 255, 0]);
    // 1000 * [3600, 2295, 798] / 6693 = [537.88, 342.90, 119.23] -> floors 537+342+119 = 998, +1 each to .88 and .90
    expect(lines.map((l) => l.ticketDiscountShare.amount)).toEqual([538, 343, 119]);
    expect(lines.map((l) => l.net.amount)).toEqual([3_062, 1_952, 679]);
    // 3062 * 13/113 = 352.27 -> 352; 1952 * 6/106 = 110.49 -> 110; 679 * 8.88 % = 60.295 -> 60
    expect(lines.map((l) => l.tax.amount)).toEqual([352, 110, 60]);
    expect(lines.map((l) => l.total.amount)).toEqual([3_062, 1_952, 739]);
    expect(lines[2]).toMatchObject({
      id: 'l3',
      productId: 'pen',
      sku: 'SKU-pen',
      taxRateId: 'us8',
      taxInclusive: false,
    });

    expect(totals.subtotal).toEqual(cny(6_948));
    expect(totals.discount).toEqual(cny(1_255));
    expect(totals.tax).toEqual(cny(522));
    expect(totals.taxAdded).toEqual(cny(60));
    expect(totals.total).toEqual(cny(5_753));
    expect(totals.taxes).toEqual([
      {
        taxRateId: 'vat13',
        name: 'VAT 13 %',
        rateBps: 1300,
        inclusive: true,
        base: cny(2_710),
        tax: cny(352),
      },
      { taxRateId: 'vat6', name: 'VAT 6 %', rateBps: 600, inclusive: true, base: cny(1_842), tax: cny(110) },
      {
        taxRateId: 'us8',
        name: 'Sales tax 8.875 %',
        rateBps: 888,
        inclusive: false,
        base: cny(679),
        tax: cny(60),
      },
    ]);
  });

  it('prices an empty cart as zero, with or without a percent ticket discount', () => {
    const totals = priceCart(
      setTicketDiscount(emptyCart('JPY'), { kind: 'percent', bps: 500 }),
      rates,
    ).totals;
    expect(totals.total).toEqual(money(0, 'JPY'));
    expect(totals.taxes).toEqual([]);
  });

  it('names a product whose tax rate is missing', () => {
    const c = addProduct(emptyCart('CNY'), product('x', 100, 'gone'), 1, 'l1');
    const e = thrown(() => priceCart(c, rates));
    expect(e.code).toBe('catalog.unknown_product');
    expect(e.message).toContain('Product x');
  });

  const lineSpec = fc.record({
    price: fc.integer({ min: 0, max: 1_000_000 }),
    quantity: fc.integer({ min: 1, max: 50 }),
    rate: fc.constantFrom(...rates.keys()),
    discount: fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('percent' as const), bps: fc.integer({ min: 1, max: 10_000 }) }),
        fc.record({
          kind: fc.constant('amount' as const),
          fraction: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
      ),
    ),
  });
  const cartSpec = fc.record({
    lines: fc.array(lineSpec, { minLength: 1, maxLength: 12 }),
    ticket: fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('percent' as const), bps: fc.integer({ min: 1, max: 10_000 }) }),
        fc.record({
          kind: fc.constant('amount' as const),
          fraction: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
      ),
    ),
  });

  it('always adds up: line arithmetic, shares, totals', () => {
    fc.assert(
      fc.property(cartSpec, (spec) => {
        let c = emptyCart('CNY');
        spec.lines.forEach((l, i) => {
          c = addProduct(c, product(`p${i}`, l.price, l.rate), l.quantity, `l${i}`);
          if (!l.discount) return;
          const gross = l.price * l.quantity;
          if (l.discount.kind === 'percent') c = setLineDiscount(c, `l${i}`, l.discount);
          else if (gross > 0) {
            const amount = Math.max(1, Math.floor(gross * l.discount.fraction));
            c = setLineDiscount(c, `l${i}`, { kind: 'amount', amount });
          }
        });
        const before = priceCart(c, rates);
        const base = subtract(before.totals.subtotal, before.totals.discount).amount;
        let ticket: Discount | null = null;
        if (spec.ticket?.kind === 'percent') ticket = spec.ticket;
        else if (spec.ticket && base > 0) {
          ticket = { kind: 'amount', amount: Math.max(1, Math.floor(base * spec.ticket.fraction)) };
        }
        c = setTicketDiscount(c, ticket);
        const { lines, totals } = priceCart(c, rates);
        const s = (pick: (l: (typeof lines)[number]) => { amount: number; currency: string }) =>
          sum(
            lines.map((l) => money(pick(l).amount, 'CNY')),
            'CNY',
          ).amount;

        for (const l of lines) {
          expect(l.gross.amount).toBe(l.unitPrice.amount * l.quantity);
          expect(l.net).toEqual(subtract(subtract(l.gross, l.lineDiscount), l.ticketDiscountShare));
          expect(l.net.amount).toBeGreaterThanOrEqual(0);
          expect(l.total).toEqual(l.taxInclusive ? l.net : add(l.net, l.tax));
          if (l.taxInclusive) expect(l.tax.amount).toBeLessThanOrEqual(l.net.amount);
        }
        if (ticket?.kind === 'amount') expect(s((l) => l.ticketDiscountShare)).toBe(ticket.amount);
        if (ticket === null) expect(lines.every((l) => l.ticketDiscountShare.amount === 0)).toBe(true);
        expect(totals.total.amount).toBe(s((l) => l.total));
        expect(totals.tax.amount).toBe(s((l) => l.tax));
        expect(totals.subtotal.amount).toBe(s((l) => l.gross));
        expect(totals.discount.amount).toBe(s((l) => l.lineDiscount) + s((l) => l.ticketDiscountShare));
        expect(totals.total.amount).toBe(
          totals.subtotal.amount - totals.discount.amount + totals.taxAdded.amount,
        );
        expect(totals.taxes.reduce((n, t) => n + t.tax.amount, 0)).toBe(totals.tax.amount);
        expect(totals.taxes.reduce((n, t) => n + t.base.amount + (t.inclusive ? t.tax.amount : 0), 0)).toBe(
          s((l) => l.net),
        );
        // The ticket discount equals what the rule says for the discounted base.
        if (ticket?.kind === 'percent') {
          const expected = Number((BigInt(base) * BigInt(ticket.bps) * 2n + 10_000n) / 20_000n);
          expect(s((l) => l.ticketDiscountShare)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
