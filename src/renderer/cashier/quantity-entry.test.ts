import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY, pressQuantityKey, quantityOf } from './quantity-entry.js';

const typeKeys = (keys: readonly string[]) => keys.reduce(pressQuantityKey, '');

describe('pressQuantityKey', () => {
  it('types a quantity digit by digit; Backspace and Clear edit it', () => {
    expect(quantityOf(typeKeys(['2', '4']))).toBe(24);
    expect(quantityOf(typeKeys(['2', '4', 'backspace']))).toBe(2);
    expect(quantityOf(typeKeys(['2', '4', 'clear']))).toBeNull();
    expect(quantityOf(typeKeys(['1', '00']))).toBe(100);
  });
  it('keeps a lone 0 (it removes the line) and drops leading zeros before other digits', () => {
    expect(typeKeys(['0'])).toBe('0');
    expect(typeKeys(['0', '0'])).toBe('0');
    expect(typeKeys(['0', '7'])).toBe('7');
  });
  it('never goes past the largest quantity, whatever is typed', () => {
    const key = fc.constantFrom('0', '1', '5', '9', '00', 'backspace', 'clear', 'x', '-');
    fc.assert(
      fc.property(fc.array(key, { maxLength: 30 }), (keys) => {
        const quantity = quantityOf(typeKeys(keys));
        if (quantity === null) return;
        expect(Number.isInteger(quantity)).toBe(true);
        expect(quantity).toBeGreaterThanOrEqual(0);
        expect(quantity).toBeLessThanOrEqual(MAX_QUANTITY);
      }),
    );
  });
});
