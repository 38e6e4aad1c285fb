import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, money } from './money.js';
import { cashTender } from './tender.js';
import { thrown, thrownCode } from './test-util.js';

const cny = (amount: number) => money(amount, 'CNY');

describe('cashTender', () => {
  it('gives exact change', () => {
    expect(cashTender(cny(8_750), cny(10_000))).toEqual({
      amount: cny(8_750),
      tendered: cny(10_000),
      change: cny(1_250),
    });
    expect(cashTender(cny(500), cny(500)).change).toEqual(cny(0));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (due, extra) => {
        const t = cashTender(cny(due), cny(due + extra));
        expect(t.change.amount).toBe(extra);
        expect(add(t.amount, t.change)).toEqual(t.tendered);
      }),
    );
  });

  it('names the shortfall when the cash is not enough', () => {
    const e = thrown(() => cashTender(cny(8_750), cny(5_000)));
    expect(e.code).toBe('tender.insufficient');
    expect(e.message).toBe('The customer gave 50.00 CNY; 37.50 CNY more is needed to pay 87.50 CNY.');
  });

  it('refuses negative amounts and foreign cash', () => {
    expect(thrownCode(() => cashTender(cny(100), cny(-1)))).toBe('tender.invalid_amount');
    expect(thrownCode(() => cashTender(cny(-100), cny(0)))).toBe('tender.invalid_amount');
    expect(thrownCode(() => cashTender(cny(100), money(100, 'USD')))).toBe('money.currency_mismatch');
  });
});
