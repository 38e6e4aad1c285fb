import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currencyExponent,
  formatBps,
  formatMoney,
  minorToDecimal,
  parseMajorAmount,
  parsePercentBps,
} from './money-text.js';

describe('money text', () => {
  it('knows minor-unit exponents from ISO 4217 via Intl', () => {
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });
  it('builds decimal strings from integers', () => {
    expect(minorToDecimal(1234, 2)).toBe('12.34');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(7, 0)).toBe('7');
  });
  it('formats exactly, even past float precision', () => {
    expect(formatMoney({ amount: 350, currency: 'CNY' }, 'en')).toBe('CN¥3.50');
    expect(formatMoney({ amount: 900719925474099, currency: 'USD' }, 'en')).toBe('$9,007,199,254,740.99');
    expect(formatMoney({ amount: 500, currency: 'JPY' }, 'en')).toBe('¥500');
  });
  it('parses what a cashier types in major units', () => {
    expect(parseMajorAmount('2', 'CNY')).toBe(200);
    expect(parseMajorAmount('1.5', 'CNY')).toBe(150);
    expect(parseMajorAmount('1,50', 'EUR')).toBe(150);
    expect(parseMajorAmount('1.505', 'CNY')).toBeNull();
    expect(parseMajorAmount('0', 'CNY')).toBeNull();
    expect(parseMajorAmount('-1', 'CNY')).toBeNull();
    expect(parseMajorAmount('abc', 'CNY')).toBeNull();
    expect(parseMajorAmount('5', 'JPY')).toBe(5);
  });
  it('round-trips any positive amount through its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (amount) => {
        expect(parseMajorAmount(minorToDecimal(amount, 2), 'CNY')).toBe(amount);
      }),
    );
  });
  it('parses percents into basis points within 0.01..100', () => {
    expect(parsePercentBps('10')).toBe(1000);
    expect(parsePercentBps('12.5')).toBe(1250);
    expect(parsePercentBps('0.01')).toBe(1);
    expect(parsePercentBps('100')).toBe(10_000);
    expect(parsePercentBps('100.01')).toBeNull();
    expect(parsePercentBps('0')).toBeNull();
    expect(parsePercentBps('1.234')).toBeNull();
    expect(formatBps(1250, 'en')).toBe('12.5%');
  });
});
