import type { CategoryDto, ProductDto, TaxRateDto } from '../../shared/dto.js';
import type { SeedCatalog } from '../demo-catalog.js';
import type { SqliteDatabase } from './open-store.js';

export interface StoredCatalog {
  readonly categories: CategoryDto[];
  readonly taxRates: TaxRateDto[];
  readonly products: ProductDto[];
}

/** Writes a seed catalog; the caller wraps it in the first-run transaction. */
export function insertCatalog(db: SqliteDatabase, seed: SeedCatalog): void {
  const category = db.prepare('INSERT INTO categories (id, name, position) VALUES (?, ?, ?)');
  seed.categories.forEach((c, i) => category.run(c.id, c.name, i));
  const rate = db.prepare('INSERT INTO tax_rates (id, name, rate_bps, inclusive) VALUES (?, ?, ?, ?)');
  for (const r of seed.taxRates) rate.run(r.id, r.name, r.rateBps, r.inclusive ? 1 : 0);
  const product = db.prepare(
    `INSERT INTO products (id, sku, name, barcode, category_id, price, currency, tax_rate_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of seed.products) {
    product.run(p.id, p.sku, p.name, p.barcode, p.categoryId, p.price, seed.currency, p.taxRateId);
  }
}

export function readCatalog(db: SqliteDatabase): StoredCatalog {
  const categories = db
    .prepare('SELECT id, name FROM categories ORDER BY position, id')
    .all() as CategoryDto[];
  const taxRates = (
    db.prepare('SELECT id, name, rate_bps, inclusive FROM tax_rates ORDER BY id').all() as {
      id: string;
      name: string;
      rate_bps: number;
      inclusive: number;
    }[]
  ).map((r) => ({ id: r.id, name: r.name, rateBps: r.rate_bps, inclusive: r.inclusive === 1 }));
  const products = (
    db
      .prepare(
        'SELECT id, sku, name, barcode, category_id, price, currency, tax_rate_id FROM products ORDER BY category_id, sku',
      )
      .all() as {
      id: string;
      sku: string;
      name: string;
      barcode: string | null;
      category_id: string;
      price: number;
      currency: string;
      tax_rate_id: string;
    }[]
  ).map((p) => ({
    id: p.id,
    sku: p.sku,
    name: p.name,
    barcode: p.barcode,
    categoryId: p.category_id,
    price: { amount: p.price, currency: p.currency },
    taxRateId: p.tax_rate_id,
  }));
  return { categories, taxRates, products };
}
