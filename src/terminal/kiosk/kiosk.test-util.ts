import type { SeedCatalog } from '../demo-catalog.js';
import { openStore } from '../store/open-store.js';

/**
 * A small catalog of its own for the kiosk's tests (independent of the demo catalog's content): water,
 * and two products that need a staff check at a kiosk, marked by SQL as migration 6 stores it. Tests only.
 */
export const kioskSeed: SeedCatalog = {
  currency: 'CNY',
  locale: 'en',
  taxRates: [{ id: 'vat-13', name: 'VAT 13 %', rateBps: 1300, inclusive: true }],
  categories: [{ id: 'drinks', name: 'Drinks' }],
  products: [
    {
      id: 'water',
      sku: 'K-001',
      name: 'Water',
      barcode: '6901234567892',
      categoryId: 'drinks',
      price: 200,
      taxRateId: 'vat-13',
      altName: null,
      needsStaff: null,
    },
    {
      id: 'beer',
      sku: 'K-002',
      name: 'Beer',
      barcode: '6914111012262',
      categoryId: 'drinks',
      price: 800,
      taxRateId: 'vat-13',
      altName: null,
      needsStaff: null,
    },
    {
      id: 'wine',
      sku: 'K-003',
      name: 'Wine',
      barcode: '6914148013393',
      categoryId: 'drinks',
      price: 6800,
      taxRateId: 'vat-13',
      altName: null,
      needsStaff: null,
    },
  ],
};
export const WATER = '6901234567892';
export const BEER = '6914111012262';
export const WINE = '6914148013393';

/** Marks beer and wine as age-restricted in a till's database (the till must be closed). */
export function markNeedsStaff(dbFile: string): void {
  const store = openStore(dbFile);
  try {
    store.db.prepare(`UPDATE products SET needs_staff = 'age' WHERE id IN ('beer', 'wine')`).run();
  } finally {
    store.close();
  }
}

/** A clock the test moves (lockouts end without waiting). */
export function testClock(start = Date.parse('2026-12-07T10:00:00.000Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** Waits until `read` answers something `done` accepts (8 s at most). */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const end = Date.now() + 8_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
