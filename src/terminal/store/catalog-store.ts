import type { CategoryDto, NeedsStaffDto, ProductDto, TaxRateDto } from '../../shared/dto.js';
import type { SeedCatalog } from '../demo-catalog.js';
import type { SqliteDatabase } from './open-store.js';

export interface StoredCatalog {
  readonly categories: CategoryDto[];
  readonly taxRates: TaxRateDto[];
  readonly products: ProductDto[];
}

/** Writes a seed catalog; the caller wraps it in the first-run transaction. */
export function insertCatalog(db: SqliteDatabase, seed: SeedCatalog): void {
  const category = db.prepare('INSERT INTO categories (id, name, alt_name, position) VALUES (?, ?, ?, ?)');
  seed.categories.forEach((c, i) => category.run(c.id, c.name, c.altName ?? null, i));
  const rate = db.prepare('INSERT INTO tax_rates (id, name, rate_bps, inclusive) VALUES (?, ?, ?, ?)');
  for (const r of seed.taxRates) rate.run(r.id, r.name, r.rateBps, r.inclusive ? 1 : 0);
  const product = db.prepare(
    `INSERT INTO products (id, sku, name, alt_name, needs_staff, barcode, category_id, price, currency, tax_rate_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of seed.products) {
    product.run(
      p.id,
      p.sku,
      p.name,
      p.altName,
      p.needsStaff,
      p.barcode,
      p.categoryId,
      p.price,
      seed.currency,
      p.taxRateId,
    );
  }
}

export function readCatalog(db: SqliteDatabase): StoredCatalog {
  const categories = (
    db.prepare('SELECT id, name, alt_name FROM categories ORDER BY position, id').all() as {
      id: string;
      name: string;
      alt_name: string | null;
    }[]
  ).map((c) => ({ id: c.id, name: c.name, altName: c.alt_name }));
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
        `SELECT id, sku, name, alt_name, needs_staff, barcode, category_id, price, currency, tax_rate_id
         FROM products ORDER BY category_id, sku`,
      )
      .all() as {
      id: string;
      sku: string;
      name: string;
      alt_name: string | null;
      needs_staff: NeedsStaffDto | null;
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
    altName: p.alt_name,
    needsStaff: p.needs_staff,
    barcode: p.barcode,
    categoryId: p.category_id,
    price: { amount: p.price, currency: p.currency },
    taxRateId: p.tax_rate_id,
  }));
  return { categories, taxRates, products };
}

/**
 * One catalog change from the hub, inside the caller's transaction. Answers null when applied,
 * or why it was skipped (a product in another currency, a category that does not exist, a SKU another
 * product has): a change that can never apply must not stop the ones after it. An upsert carries the whole
 * row, so a hub from before second names (no `altName`, no `needsStaff`) clears them to null.
 */
export function applyCatalogChange(
  db: SqliteDatabase,
  change: { kind: string; payload: unknown },
  currency: string,
): string | null {
  const apply = db.transaction(() => {
    switch (change.kind) {
      case 'product.upsert': {
        const p = change.payload as ProductDto;
        if (p.price.currency !== currency)
          return `price in ${p.price.currency}, this till sells in ${currency}`;
        db.prepare(
          `INSERT INTO products
             (id, sku, name, alt_name, needs_staff, barcode, category_id, price, currency, tax_rate_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name,
             alt_name = excluded.alt_name, needs_staff = excluded.needs_staff, barcode = excluded.barcode,
             category_id = excluded.category_id, price = excluded.price, currency = excluded.currency,
             tax_rate_id = excluded.tax_rate_id`,
        ).run(
          p.id,
          p.sku,
          p.name,
          p.altName ?? null,
          p.needsStaff ?? null,
          p.barcode,
          p.categoryId,
          p.price.amount,
          p.price.currency,
          p.taxRateId,
        );
        return null;
      }
      case 'product.remove':
        // sale lines keep their own copy of the product, so history is untouched
        db.prepare('DELETE FROM products WHERE id = ?').run((change.payload as { id: string }).id);
        return null;
      case 'category.upsert': {
        const c = change.payload as CategoryDto;
        db.prepare(
          `INSERT INTO categories (id, name, alt_name, position)
           VALUES (?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM categories))
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, alt_name = excluded.alt_name`,
        ).run(c.id, c.name, c.altName ?? null);
        return null;
      }
      case 'taxRate.upsert': {
        const r = change.payload as TaxRateDto;
        db.prepare(
          `INSERT INTO tax_rates (id, name, rate_bps, inclusive) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, rate_bps = excluded.rate_bps, inclusive = excluded.inclusive`,
        ).run(r.id, r.name, r.rateBps, r.inclusive ? 1 : 0);
        return null;
      }
      default:
        return `unknown change ${change.kind}`;
    }
  });
  try {
    // a nested transaction is a SAVEPOINT: a failed change is rolled back alone
    return apply();
  } catch (error) {
    // only a constraint (unknown category, taken SKU) skips the change; disk full and the like must fail
    // the page, so the cursor is not moved past changes that were never written
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) return (error as Error).message;
    throw error;
  }
}
