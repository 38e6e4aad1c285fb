import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { formatBps, formatMoney, MINUS_SIGN, parseMajorAmount, parsePercentBps } from './money-text.js';
import { zhCN } from './zh-CN.js';
import { toDecimalString } from '../../core/money.js';

describe('money text', () => {
  it('parses what a cashier types in major units', () => {
    expect(parseMajorAmount('2', 'CNY')).toBe(200);
    expect(parseMajorAmount('1.5', 'CNY')).toBe(150);
    expect(parseMajorAmount('1,50', 'EUR')).toBe(150);
    expect(parseMajorAmount(' 3 ', 'CNY')).toBe(300);
    expect(parseMajorAmount('5', 'JPY')).toBe(5);
  });
  it('refuses what is not a positive amount in the currency, instead of rounding', () => {
    for (const text of ['1.505', '0', '0.00', '-1', 'abc', '', '1.2.3', '1e3']) {
      expect(parseMajorAmount(text, 'CNY'), text).toBeNull();
    }
    expect(parseMajorAmount('1.5', 'JPY')).toBeNull();
  });
  it('round-trips any positive amount through its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (amount) => {
        expect(parseMajorAmount(toDecimalString({ amount, currency: 'CNY' }), 'CNY')).toBe(amount);
      }),
    );
  });
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const amount = parseMajorAmount(text, 'USD');
        expect(amount === null || (Number.isSafeInteger(amount) && amount > 0)).toBe(true);
        const bps = parsePercentBps(text);
        expect(bps === null || (bps >= 1 && bps <= 10_000)).toBe(true);
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
  });
  it('formats basis points as a locale percent', () => {
    expect(formatBps(1250, 'en')).toBe('12.5%');
    expect(formatBps(1300, 'en')).toBe('13%');
    expect(formatBps(5, 'en')).toBe('0.05%');
  });
});

describe('the minus sign', () => {
  it('is U+2212 for a negative amount in English and in Chinese, as the catalogs write it', () => {
    expect(formatMoney({ amount: -358, currency: 'CNY' }, 'en-US', 'narrowSymbol')).toBe('\u2212¥3.58');
    expect(formatMoney({ amount: -358, currency: 'CNY' }, 'zh-CN')).toBe('\u2212¥3.58');
    expect(formatMoney({ amount: 358, currency: 'CNY' }, 'zh-CN')).toBe('¥3.58');
    expect(MINUS_SIGN).toBe('−');
  });
  it('is the only minus the catalogs put before an amount', () => {
    for (const catalog of [en, zhCN])
      for (const [key, text] of Object.entries(catalog))
        expect(text, key).not.toMatch(/[-\u2013\u2014]\{(amount|discount|change|total)\}/);
  });
});

describe('money in the demo till language', () => {
  it('shows CNY as ¥ with grouping in zh-CN, from minor units', () => {
    expect(formatMoney({ amount: 1_040_050, currency: 'CNY' }, 'zh-CN')).toBe('¥10,400.50');
  });
});
