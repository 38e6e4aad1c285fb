import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountAmount } from './discount.js';
import { money } from './money.js';
import { thrown, thrownCode } from './test-util.js';

const cny = (amount: number) => money(amount, 'CNY');

describe('discountAmount', () => {
  it('takes a percent of the base, rounding half away from zero', () => {
    expect(discountAmount(cny(10_000), { kind: 'percent', bps: 1000 })).toEqual(cny(1000));
    expect(discountAmount(cny(10), { kind: 'percent', bps: 500 })).toEqual(cny(1)); // 0.5 -> 1
    expect(discountAmount(cny(9), { kind: 'percent', bps: 500 })).toEqual(cny(0)); // 0.45 -> 0
    expect(discountAmount(cny(1234), { kind: 'percent', bps: 10_000 })).toEqual(cny(1234));
    expect(discountAmount(cny(0), { kind: 'percent', bps: 5000 })).toEqual(cny(0));
  });

  it('takes a fixed amount up to the whole base', () => {
    expect(discountAmount(cny(1000), { kind: 'amount', amount: 250 })).toEqual(cny(250));
    expect(discountAmount(cny(1000), { kind: 'amount', amount: 1000 })).toEqual(cny(1000));
    expect(discountAmount(money(500, 'JPY'), { kind: 'amount', amount: 100 })).toEqual(money(100, 'JPY'));
  });

  it('refuses malformed or oversized discounts with a readable message', () => {
    const tooMuch = thrown(() => discountAmount(cny(500), { kind: 'amount', amount: 501 }));
    expect(tooMuch.code).toBe('sale.invalid_discount');
    expect(tooMuch.message).toBe('A discount of 5.01 CNY is more than the 5.00 CNY it applies to.');
    for (const bps of [0, -1, 10_001, 12.5, NaN]) {
      expect(
        thrownCode(() => discountAmount(cny(500), { kind: 'percent', bps })),
        String(bps),
      ).toBe('sale.invalid_discount');
    }
    for (const amount of [0, -5, 1.5]) {
      expect(thrownCode(() => discountAmount(cny(500), { kind: 'amount', amount }))).toBe(
        'sale.invalid_discount',
      );
    }
    const bogus = { kind: 'bogus' } as unknown as { kind: 'amount'; amount: number };
    expect(thrownCode(() => discountAmount(cny(500), bogus))).toBe('sale.invalid_discount');
  });

  it('a percent discount never exceeds the base nor goes negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), fc.integer({ min: 1, max: 10_000 }), (base, bps) => {
        const off = discountAmount(cny(base), { kind: 'percent', bps }).amount;
        expect(off).toBeGreaterThanOrEqual(0);
        expect(off).toBeLessThanOrEqual(base);
      }),
    );
  });
});
