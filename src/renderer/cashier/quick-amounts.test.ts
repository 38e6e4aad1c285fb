import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keypadAmount, pressKey, quickAmounts } from './quick-amounts.js';

describe('quickAmounts', () => {
  it('offers the exact amount then the next round notes', () => {
    expect(quickAmounts(1250, 2)).toEqual([1250, 1300, 1500, 2000]);
    expect(quickAmounts(2000, 2)).toEqual([2000, 5000, 10000]);
    expect(quickAmounts(350, 0)).toEqual([350, 360, 400]);
  });
  it('offers nothing for nothing due', () => {
    expect(quickAmounts(0, 2)).toEqual([]);
  });
  it('always starts with the exact amount and only offers amounts that cover it, without duplicates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 3 }), (due, exp) => {
        const amounts = quickAmounts(due, exp);
        expect(amounts[0]).toBe(due);
        expect(new Set(amounts).size).toBe(amounts.length);
        for (const amount of amounts) expect(amount).toBeGreaterThanOrEqual(due);
      }),
    );
  });
});

describe('keypad', () => {
  it('types minor units like a cash register', () => {
    let digits = '';
    for (const key of ['2', '0', '00']) digits = pressKey(digits, key);
    expect(keypadAmount(digits)).toBe(2000);
    expect(keypadAmount(pressKey(digits, 'backspace'))).toBe(200);
    expect(pressKey(digits, 'clear')).toBe('');
  });
  it('ignores leading zeros, junk keys and amounts past nine digits', () => {
    expect(pressKey('', '0')).toBe('');
    expect(pressKey('', '00')).toBe('');
    expect(pressKey('12', 'x')).toBe('12');
    expect(pressKey('123456789', '1')).toBe('123456789');
  });
});
