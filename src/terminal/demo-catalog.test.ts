import { describe, expect, test } from 'vitest';
import { isValidEan13 } from '../core/barcode.js';
import { demoCatalog } from './demo-catalog.js';

describe('demo catalog (assets/demo-catalog.json)', () => {
  const { products, categories, taxRates } = demoCatalog;

  test('about forty-five products over six or seven categories, all in CNY fen', () => {
    expect(products.length).toBeGreaterThanOrEqual(40);
    expect(products.length).toBeLessThanOrEqual(50);
    expect(categories.length).toBeGreaterThanOrEqual(6);
    expect(categories.length).toBeLessThanOrEqual(7);
    expect(demoCatalog.currency).toBe('CNY');
    for (const p of products) expect(Number.isSafeInteger(p.price) && p.price > 0, p.sku).toBe(true);
    for (const c of categories)
      expect(
        products.some((p) => p.categoryId === c.id),
        c.id,
      ).toBe(true);
  });

  // Han script: the shop's own names are Chinese, the second names the English a visitor reads.
  const HAN = /\p{Script=Han}/u;
  const LATIN_ONLY = /^[\p{Script=Latin}\p{N}\p{P}\p{Zs}]+$/u;

  test('every product and category has a Chinese name and an English second name, each unique', () => {
    for (const item of [...products, ...categories]) {
      expect(item.name, item.id).toMatch(HAN);
      expect(item.altName, item.id).toMatch(LATIN_ONLY);
      expect(item.altName, item.id).toMatch(/[a-z]/i);
    }
    expect(new Set(products.map((p) => p.name)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.altName)).size).toBe(products.length);
    expect(products.find((p) => p.id === 'p-drinks-01')).toMatchObject({
      name: '矿泉水 550ml',
      altName: 'Mineral Water 550 ml',
    });
  });

  test('products that need the attendant at a kiosk: alcohol (age), loose fruit (weighed), a high value item', () => {
    const byReason = (reason: string) => products.filter((p) => p.needsStaff === reason).map((p) => p.name);
    expect(byReason('age')).toEqual(expect.arrayContaining(['啤酒 500ml', '二锅头白酒 500ml']));
    expect(byReason('weighed')).toEqual(['散装苹果']);
    expect(byReason('value')).toEqual(['五粮液 500ml']);
    for (const p of products) expect([null, 'age', 'weighed', 'value'], p.id).toContain(p.needsStaff);
    // most of the shop sells without help, so a kiosk sale usually needs nobody
    expect(products.filter((p) => p.needsStaff !== null).length).toBeLessThanOrEqual(5);
  });

  test('every barcode is a valid EAN-13 with a GS1 China prefix (690-699), and unique', () => {
    const codes = products.flatMap((p) => (p.barcode === null ? [] : [p.barcode]));
    expect(codes.length).toBeGreaterThan(35);
    for (const code of codes) {
      expect(isValidEan13(code), code).toBe(true);
      expect(Number(code.slice(0, 3)), code).toBeGreaterThanOrEqual(690);
      expect(Number(code.slice(0, 3)), code).toBeLessThanOrEqual(699);
    }
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('6901234567892');
  });

  test('ids and SKUs unique; every product names a known category and tax rate', () => {
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    const categoryIds = new Set(categories.map((c) => c.id));
    const rateIds = new Set(taxRates.map((r) => r.id));
    for (const p of products) {
      expect(categoryIds.has(p.categoryId), p.sku).toBe(true);
      expect(rateIds.has(p.taxRateId), p.sku).toBe(true);
    }
  });

  test('tax-inclusive rates as a Chinese shop prices: VAT 13 % goods, 9 % fresh food, 6 % services', () => {
    expect(taxRates).toEqual([
      { id: 'vat-13', name: '增值税 13%', rateBps: 1300, inclusive: true },
      { id: 'vat-9', name: '增值税 9%', rateBps: 900, inclusive: true },
      { id: 'vat-6', name: '增值税 6%', rateBps: 600, inclusive: true },
    ]);
    const rateOf = (sku: string) => products.find((p) => p.sku === sku)?.taxRateId;
    expect(rateOf('FRU-001')).toBe('vat-9');
    expect(rateOf('STA-007')).toBe('vat-6');
    expect(rateOf('BAK-004')).toBe('vat-13');
    const service = products.filter((p) => p.taxRateId === 'vat-6').length;
    expect(service).toBeGreaterThanOrEqual(2);
    expect(service).toBeLessThan(products.length / 4);
  });
});
