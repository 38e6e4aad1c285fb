import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keypadAmount, pressKey, quickAmounts } from './quick-amounts.js';

describe('quickAmounts', () => {
  it('offers the exact amount then the next whole ¥10, ¥20, ¥50 and ¥100 above it', () => {
    expect(quickAmounts(2572, 2)).toEqual([2572, 3000, 4000, 5000, 10000]);
    expect(quickAmounts(1250, 2)).toEqual([1250, 2000, 5000, 10000]);
    expect(quickAmounts(300, 2)).toEqual([300, 1000, 2000, 5000, 10000]);
    expect(quickAmounts(8800, 2)).toEqual([8800, 9000, 10000]);
    expect(quickAmounts(12345, 2)).toEqual([12345, 13000, 14000, 15000, 20000]);
    expect(quickAmounts(350, 0)).toEqual([350, 360, 400]);
  });
  it('offers no note above a due that is already a whole ¥100, ¥50 ...', () => {
    expect(quickAmounts(2000, 2)).toEqual([2000, 5000, 10000]);
    expect(quickAmounts(10000, 2)).toEqual([10000]);
  });
  it('offers nothing for nothing due', () => {
    expect(quickAmounts(0, 2)).toEqual([]);
  });
  it('starts with the exact amount, then ascending distinct amounts that cover it, at most five', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 3 }), (due, exp) => {
        const amounts = quickAmounts(due, exp);
        expect(amounts[0]).toBe(due);
        expect(amounts.length).toBeLessThanOrEqual(5);
        for (let i = 1; i < amounts.length; i += 1) expect(amounts[i]).toBeGreaterThan(amounts[i - 1]!);
        // The whole ¥100 above (or at) the due is always among them: the note a customer most often hands over.
        const hundred = 100 * 10 ** exp;
        expect(amounts).toContain(Math.max(due, Math.ceil(due / hundred) * hundred));
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
