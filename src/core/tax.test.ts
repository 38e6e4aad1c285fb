import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, money, subtract } from './money.js';
import { TAX_ROUNDING, taxOnLine, type TaxRate } from './tax.js';
import { thrownCode } from './test-util.js';

const rate = (rateBps: number, inclusive: boolean): TaxRate => ({
  id: `r${rateBps}`,
  name: 'VAT',
  rateBps,
  inclusive,
});
const cny = (amount: number) => money(amount, 'CNY');

describe('TAX_ROUNDING', () => {
  it('is per line, half away from zero', () => {
    expect(TAX_ROUNDING).toEqual({ mode: 'half-up', level: 'line' });
  });
});

describe('taxOnLine', () => {
  it('worked examples', () => {
    // 13 % inclusive on 1.13 CNY: 113 * 1300 / 11300 = 13 exactly.
    expect(taxOnLine(cny(113), rate(1300, true))).toEqual(cny(13));
    // 13 % inclusive on 100.00: 10000 * 13 / 113 = 1150.44... -> 11.50
    expect(taxOnLine(cny(10_000), rate(1300, true)).amount).toBe(1150);
    // 13 % exclusive on 100.00 -> 13.00
    expect(taxOnLine(cny(10_000), rate(1300, false)).amount).toBe(1300);
    // The .5 tie goes away from zero: 13 % of 0.50 = 6.5 fen -> 7 fen.
    expect(taxOnLine(cny(50), rate(1300, false)).amount).toBe(7);
    // ...and on a refund line, -6.5 -> -7.
    expect(taxOnLine(cny(-50), rate(1300, false)).amount).toBe(-7);
    // Inclusive tie: 100 % inclusive on 0.01 is 0.005 -> 0.01.
    expect(taxOnLine(cny(1), rate(10_000, true)).amount).toBe(1);
    // 6 % exclusive on 0.75 = 4.5 fen -> 5 (half-even would give 4)
    expect(taxOnLine(cny(75), rate(600, false)).amount).toBe(5);
    // 9 % inclusive on 10.90 -> 0.90
    expect(taxOnLine(cny(1090), rate(900, true)).amount).toBe(90);
    // JPY 10 % inclusive on 1,100 yen -> 100 yen
    expect(taxOnLine(money(1100, 'JPY'), rate(1000, true))).toEqual(money(100, 'JPY'));
    expect(taxOnLine(cny(999), rate(0, false)).amount).toBe(0);
    expect(Object.is(taxOnLine(cny(0), rate(1300, true)).amount, 0)).toBe(true);
  });

  it('rejects a malformed rate', () => {
    expect(thrownCode(() => taxOnLine(cny(100), rate(-1, false)))).toBe('invalid_params');
    expect(thrownCode(() => taxOnLine(cny(100), rate(12.5, false)))).toBe('invalid_params');
  });

  const amounts = fc.integer({ min: 0, max: 1e12 });
  const bps = fc.integer({ min: 0, max: 100_000 });

  it('exclusive: base + tax is what the customer pays, and tax is within half a unit of exact', () => {
    fc.assert(
      fc.property(amounts, bps, (amount, b) => {
        const tax = taxOnLine(cny(amount), rate(b, false));
        const gross = add(cny(amount), tax);
        expect(subtract(gross, tax)).toEqual(cny(amount));
        // |tax * 10000 - amount * bps| <= 5000
        const err = BigInt(tax.amount) * 10_000n - BigInt(amount) * BigInt(b);
        expect(err <= 5000n && err >= -5000n).toBe(true);
      }),
    );
  });

  it('inclusive: the tax never exceeds the price, and price - tax re-taxed exclusively is within a unit', () => {
    fc.assert(
      fc.property(amounts, bps, (amount, b) => {
        const price = cny(amount);
        const tax = taxOnLine(price, rate(b, true));
        expect(compare(tax, price)).toBeLessThanOrEqual(0);
        expect(tax.amount).toBeGreaterThanOrEqual(0);
        const base = subtract(price, tax);
        const again = taxOnLine(base, rate(b, false)).amount;
        expect(Math.abs(again - tax.amount)).toBeLessThanOrEqual(Math.ceil(b / 10_000) + 1);
      }),
    );
  });

  it('is symmetric for refunds (negative nets)', () => {
    fc.assert(
      fc.property(amounts, bps, fc.boolean(), (amount, b, inclusive) => {
        const r = rate(b, inclusive);
        expect(taxOnLine(cny(-amount), r).amount).toBe(-taxOnLine(cny(amount), r).amount || 0);
      }),
    );
  });
});
