import { z } from 'zod';
import { categoryDto, currencyCode, minorUnits, taxRateDto } from '../shared/dto.js';
import demoCatalogJson from '../../assets/demo-catalog.json' with { type: 'json' };

/**
 * The catalog a fresh terminal starts with, so a demo or a test has something to sell. A static JSON import:
 * esbuild inlines it into dist/cli/tillpoint.mjs, Vitest reads it from assets/, no path guessing at runtime.
 */
export const seedCatalogSchema = z.object({
  currency: currencyCode,
  locale: z.string().min(2),
  taxRates: z.array(taxRateDto).min(1),
  categories: z.array(categoryDto).min(1),
  products: z.array(
    z.object({
      id: z.string().min(1),
      sku: z.string().min(1),
      name: z.string().min(1),
      barcode: z.string().nullable(),
      categoryId: z.string().min(1),
      /** minor units of `currency` (fen for CNY) */
      price: minorUnits.pipe(z.number().min(0)),
      taxRateId: z.string().min(1),
    }),
  ),
});
export type SeedCatalog = z.infer<typeof seedCatalogSchema>;

export const demoCatalog: SeedCatalog = seedCatalogSchema.parse(demoCatalogJson);
