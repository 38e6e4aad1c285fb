import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashRoundingStep, roundCashDue, type CashRoundingRule } from './cash-rounding.js';
import { money } from './money.js';
import { thrownCode } from './test-util.js';

const cny = (amount: number) => money(amount, 'CNY');

describe('roundCashDue', () => {
  it('writes the fen off with down-0.10 and rounds to five fen with nearest-0.05', () => {
    expect(roundCashDue(cny(1234), 'down-0.10')).toEqual({ due: cny(1230), rounding: -4 });
    expect(roundCashDue(cny(1239), 'down-0.10')).toEqual({ due: cny(1230), rounding: -9 });
    expect(roundCashDue(cny(1230), 'down-0.10')).toEqual({ due: cny(1230), rounding: 0 });
    expect(roundCashDue(cny(1233), 'nearest-0.05')).toEqual({ due: cny(1235), rounding: 2 });
    expect(roundCashDue(cny(1232), 'nearest-0.05')).toEqual({ due: cny(1230), rounding: -2 });
    expect(roundCashDue(cny(1237), 'nearest-0.05')).toEqual({ due: cny(1235), rounding: -2 });
    expect(roundCashDue(cny(1234), 'none')).toEqual({ due: cny(1234), rounding: 0 });
  });

  it('never makes a due below one step zero', () => {
    expect(roundCashDue(cny(7), 'down-0.10')).toEqual({ due: cny(7), rounding: 0 });
    expect(roundCashDue(cny(2), 'nearest-0.05')).toEqual({ due: cny(2), rounding: 0 });
  });

  it('refuses a rule for a currency without hundredths', () => {
    expect(thrownCode(() => cashRoundingStep('down-0.10', 'JPY'))).toBe('tender.cash_rounding_invalid');
    expect(cashRoundingStep('none', 'JPY')).toBe(1);
    // three decimals (Bahraini dinar): a jiao-like step is 100 of its minor units
    expect(cashRoundingStep('down-0.10', 'BHD')).toBe(100);
  });

  it('for any due: the rounded due is a multiple of the step, within one step, signed as the rule says', () => {
    const rules: CashRoundingRule[] = ['none', 'down-0.10', 'nearest-0.05'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(...rules), (due, rule) => {
        const step = cashRoundingStep(rule, 'CNY');
        const r = roundCashDue(cny(due), rule);
        expect(r.due.amount - due).toBe(r.rounding);
        expect(Math.abs(r.rounding)).toBeLessThan(step);
        if (due >= step) expect(r.due.amount % step).toBe(0);
        else expect(r.due.amount).toBe(due);
        if (rule === 'down-0.10') expect(r.rounding).toBeLessThanOrEqual(0);
        // nearest: never further than half a step
        if (rule === 'nearest-0.05') expect(2 * Math.abs(r.rounding)).toBeLessThanOrEqual(step);
        if (rule === 'none') expect(r.rounding).toBe(0);
      }),
    );
  });

  it('over many sales: the rounding a till counts is the sum of what each sale wrote off or added', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 10, max: 1e7 }), { maxLength: 50 }), (dues) => {
        const rounded = dues.map((d) => roundCashDue(cny(d), 'down-0.10'));
        const taken = rounded.reduce((s, r) => s + r.due.amount, 0);
        const roundingTotal = rounded.reduce((s, r) => s + r.rounding, 0);
        // the drawer holds what cash took; the sales' totals less the write-offs give the same
        expect(taken).toBe(dues.reduce((s, d) => s + d, 0) + roundingTotal);
        expect(-roundingTotal).toBeLessThan(10 * Math.max(1, dues.length));
      }),
    );
  });
});
