import { describe, expect, test } from 'vitest';
import { isValidEan13 } from '../core/barcode.js';
import { demoCatalog } from './demo-catalog.js';

describe('demo catalog (assets/demo-catalog.json)', () => {
  const { products, categories, taxRates } = demoCatalog;

  test('about forty products over five or six categories, all in CNY fen', () => {
    expect(products.length).toBeGreaterThanOrEqual(35);
    expect(products.length).toBeLessThanOrEqual(45);
    expect(categories.length).toBeGreaterThanOrEqual(5);
    expect(categories.length).toBeLessThanOrEqual(6);
    expect(demoCatalog.currency).toBe('CNY');
    for (const p of products) expect(Number.isSafeInteger(p.price) && p.price > 0, p.sku).toBe(true);
    for (const c of categories)
      expect(
        products.some((p) => p.categoryId === c.id),
        c.id,
      ).toBe(true);
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

  test('two tax rates: VAT 13 % inclusive for most items, Service 6 % exclusive for a few', () => {
    expect(taxRates).toEqual([
      { id: 'vat-13', name: 'VAT 13 %', rateBps: 1300, inclusive: true },
      { id: 'svc-6', name: 'Service 6 %', rateBps: 600, inclusive: false },
    ]);
    const service = products.filter((p) => p.taxRateId === 'svc-6').length;
    expect(service).toBeGreaterThanOrEqual(2);
    expect(service).toBeLessThan(products.length / 4);
  });
});
