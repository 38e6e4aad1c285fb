import type { CategoryDto, CustomerDto, TaxRateDto } from '../shared/dto.js';
import demoCatalogJson from '../../assets/demo-catalog.json' with { type: 'json' };
import demoMembersJson from '../../assets/demo-members.json' with { type: 'json' };

/** A catalog to seed a fresh terminal with. */
export interface SeedCatalog {
  /** ISO 4217 */
  readonly currency: string;
  /** BCP 47, e.g. zh-CN */
  readonly locale: string;
  readonly taxRates: readonly TaxRateDto[];
  readonly categories: readonly CategoryDto[];
  readonly products: readonly {
    readonly id: string;
    readonly sku: string;
    readonly name: string;
    readonly barcode: string | null;
    readonly categoryId: string;
    /** minor units of `currency` (fen for CNY) */
    readonly price: number;
    readonly taxRateId: string;
  }[];
}

/**
 * The catalog a fresh terminal starts with, so a demo or a test has something to sell. A static JSON import:
 * esbuild inlines it into dist/cli/tillpoint.mjs and Vitest reads it from assets/, with no path guessing at
 * runtime. Its shape is checked by the compiler (this assignment) and its content by demo-catalog.test.ts
 * (valid EAN-13s, known categories and rates); SQLite's CHECK and FOREIGN KEY constraints guard the seed.
 */
export const demoCatalog: SeedCatalog = demoCatalogJson;

/** Demo membership cards: the e2e card emulator taps these UIDs. */
export const demoMembers: readonly CustomerDto[] = demoMembersJson.members;
