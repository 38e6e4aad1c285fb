import {
  needsStaffDto,
  type CategoryDto,
  type CustomerDto,
  type NeedsStaffDto,
  type TaxRateDto,
} from '../shared/dto.js';
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
    /** the shop's name, in the catalog's language (Chinese for the demo) */
    readonly name: string;
    /** the second name shown beside it (English for the demo); null when there is none */
    readonly altName: string | null;
    /** a kiosk asks the attendant before this product is paid for */
    readonly needsStaff: NeedsStaffDto | null;
    readonly barcode: string | null;
    readonly categoryId: string;
    /** minor units of `currency` (fen for CNY) */
    readonly price: number;
    readonly taxRateId: string;
  }[];
}

/**
 * The catalog a fresh terminal starts with, so a demo or a test has something to sell: Chinese names (the
 * shop's language) with English second names, and a few products a kiosk sells only with the attendant. A
 * static JSON import: esbuild inlines it into dist/cli/tillpoint.mjs and Vitest reads it from assets/, with
 * no path guessing at runtime. Its shape is checked by the compiler (this assignment; JSON types `needsStaff`
 * as any string, so it is parsed) and its content by demo-catalog.test.ts (valid EAN-13s, known categories
 * and rates); SQLite's CHECK and FOREIGN KEY constraints guard the seed.
 */
export const demoCatalog: SeedCatalog = {
  ...demoCatalogJson,
  products: demoCatalogJson.products.map((p) => ({
    ...p,
    altName: p.altName ?? null,
    needsStaff: needsStaffDto.nullable().parse('needsStaff' in p ? p.needsStaff : null),
  })),
};

/** Demo membership cards: the e2e card emulator taps these UIDs. */
export const demoMembers: readonly CustomerDto[] = demoMembersJson.members;
