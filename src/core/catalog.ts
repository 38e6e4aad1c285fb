import { gtinAliases } from './barcode.js';
import type { Money } from './money.js';
import { foldForSearch } from './text-fold.js';

export interface Category {
  id: string;
  name: string;
  /** the second name, shown beside the name (the English beside the Chinese) */
  altName?: string | null;
}

/** Why a self-service kiosk asks the attendant before a product is paid for. */
export type NeedsStaff = 'age' | 'weighed' | 'value';

export interface Product {
  id: string;
  sku: string;
  /** the shop's name, in the catalog's language */
  name: string;
  /** the second name, shown beside the name and searched like it */
  altName?: string | null;
  needsStaff?: NeedsStaff | null;
  barcode: string | null;
  categoryId: string;
  price: Money;
  taxRateId: string;
}

export interface CatalogSearchOptions {
  categoryId?: string;
  /** default 100 */
  limit?: number;
}

export interface CatalogIndexOptions {
  /**
   * More spellings a name search matches for a product, such as the pinyin of a Chinese name ("kekoukele",
   * "kkkl" for 可口可乐). Made by the caller: core has no pinyin dictionary.
   */
  searchKeys?: (product: Product) => readonly string[];
  /**
   * What name order sorts by (folded); the name when absent. The terminal gives a Chinese name's pinyin,
   * the order a Chinese reader looks things up in, where code points would scatter it.
   */
  sortKey?: (product: Product) => string;
}

export interface CatalogIndex {
  /**
   * Per-keystroke product search. Empty query: the category's products in name order. Otherwise, in this
   * order: exact barcode, exact SKU, SKU prefix, barcode prefix (digits only), then products whose name,
   * second name and search keys together hold every word of the query (case- and accent-insensitive, each
   * word anywhere, so a prefix being typed matches too), in name order.
   */
  search(query: string, opts?: CatalogSearchOptions): Product[];
  /** Exact barcode; a UPC-A also matches its EAN-13 spelling with a leading 0 and back. */
  byBarcode(code: string): Product | undefined;
  byId(id: string): Product | undefined;
  readonly size: number;
}

export const DEFAULT_SEARCH_LIMIT = 100;

/** Texts joined into one string, and where each begins. */
interface ScanText {
  readonly blob: string;
  readonly starts: Int32Array;
}

/**
 * Products of one category (or all) in name order, with their folded search texts (name, second name, search
 * keys) joined into one string. A name search is then a native indexOf over that string (fast, no
 * per-product call), and a hit's offset maps back to its product by binary search over `starts`. A query
 * word in ASCII (pinyin, English, codes) scans `ascii`, the same texts with every other character run made a
 * space: a catalog with Chinese names would otherwise be scanned as a two-byte string, with every pinyin key
 * in it, several times slower.
 */
interface NameView {
  readonly products: readonly Product[];
  readonly keys: readonly string[];
  readonly all: ScanText;
  readonly ascii: ScanText;
}

/** A code (SKU or barcode) and its product, sorted by code, for prefix ranges by binary search. */
interface CodeEntry {
  readonly code: string;
  readonly product: Product;
}

// Cannot occur inside a folded name (controls are folded to spaces), so a hit never spans two names.
const SEPARATOR = '\u0001';
const DIGITS = /^[0-9]+$/;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// Printable ASCII; a folded text holds no controls, and a query word no space.
const NOT_ASCII = /[^ -~]+/g;
const ASCII_WORD = /^[!-~]+$/;

function scanText(texts: readonly string[]): ScanText {
  const starts = new Int32Array(texts.length);
  let offset = 0;
  texts.forEach((text, i) => {
    starts[i] = offset;
    offset += text.length + SEPARATOR.length;
  });
  return { blob: texts.join(SEPARATOR), starts };
}

/**
 * The same text as a fresh string. Cut from texts holding Chinese, the ASCII blob is still stored two bytes
 * a character (V8 keeps the width of what it was cut from), and indexOf over it is slower; a string
 * JSON.parse makes is stored one byte a character when it can be.
 */
function oneByte(text: ScanText): ScanText {
  return { blob: JSON.parse(JSON.stringify(text.blob)) as string, starts: text.starts };
}

function buildView(products: readonly Product[], keyOf: ReadonlyMap<Product, string>): NameView {
  const keys = products.map((p) => keyOf.get(p) ?? '');
  const all = scanText(keys);
  const asciiKeys = keys.map((key) => key.replace(NOT_ASCII, ' '));
  // an all-ASCII catalog scans the one string it has
  const ascii = asciiKeys.every((key, i) => key === keys[i]) ? all : oneByte(scanText(asciiKeys));
  return { products, keys, all, ascii };
}

/** Index of the last start <= offset. */
function ownerOf(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** First index whose code is >= prefix. */
function lowerBound(entries: readonly CodeEntry[], prefix: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as CodeEntry).code < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Name, second name and search keys, folded; a space between them, so no query word spans two. */
function searchText(p: Product, name: string, keys: readonly string[]): string {
  const more = foldForSearch([p.altName ?? '', ...keys].join(' '));
  return more === '' ? name : `${name} ${more}`;
}

export function createCatalogIndex(
  products: readonly Product[],
  options: CatalogIndexOptions = {},
): CatalogIndex {
  const nameKey = new Map<Product, string>();
  const textKey = new Map<Product, string>();
  for (const p of products) {
    const name = foldForSearch(p.name);
    nameKey.set(p, options.sortKey ? foldForSearch(options.sortKey(p)) : name);
    textKey.set(p, searchText(p, name, options.searchKeys?.(p) ?? []));
  }
  const ordered = [...products].sort(
    (a, b) =>
      byString(nameKey.get(a) as string, nameKey.get(b) as string) ||
      byString(a.name, b.name) ||
      byString(a.id, b.id),
  );

  const allView = buildView(ordered, textKey);
  const byCategory = new Map<string, Product[]>();
  for (const p of ordered) {
    const list = byCategory.get(p.categoryId);
    if (list) list.push(p);
    else byCategory.set(p.categoryId, [p]);
  }
  const categoryViews = new Map<string, NameView>();
  for (const [categoryId, list] of byCategory) categoryViews.set(categoryId, buildView(list, textKey));

  const ids = new Map<string, Product>();
  const barcodes = new Map<string, Product>();
  const skus = new Map<string, Product>();
  const skuEntries: CodeEntry[] = [];
  const barcodeEntries: CodeEntry[] = [];
  for (const p of products) {
    ids.set(p.id, p);
    const sku = foldForSearch(p.sku);
    if (sku !== '') {
      // The first product wins a duplicated code, so a lookup never depends on sort stability.
      if (!skus.has(sku)) skus.set(sku, p);
      skuEntries.push({ code: sku, product: p });
    }
    const barcode = p.barcode?.trim() ?? '';
    if (barcode !== '') {
      if (!barcodes.has(barcode)) barcodes.set(barcode, p);
      barcodeEntries.push({ code: barcode, product: p });
    }
  }
  const byCode = (a: CodeEntry, b: CodeEntry) => byString(a.code, b.code);
  skuEntries.sort(byCode);
  barcodeEntries.sort(byCode);

  function byBarcode(code: string): Product | undefined {
    const trimmed = code.trim();
    const direct = barcodes.get(trimmed);
    if (direct) return direct;
    for (const alias of gtinAliases(trimmed)) {
      const found = barcodes.get(alias);
      if (found) return found;
    }
    return undefined;
  }

  function search(query: string, opts: CatalogSearchOptions = {}): Product[] {
    const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_SEARCH_LIMIT));
    const { categoryId } = opts;
    const view = categoryId === undefined ? allView : categoryViews.get(categoryId);
    if (view === undefined || limit === 0) return [];
    const folded = foldForSearch(query);
    if (folded === '') return view.products.slice(0, limit);

    const out: Product[] = [];
    const seen = new Set<Product>();
    const take = (p: Product | undefined): boolean => {
      if (p && !seen.has(p) && (categoryId === undefined || p.categoryId === categoryId)) {
        seen.add(p);
        out.push(p);
      }
      return out.length >= limit;
    };
    const takePrefixRange = (entries: readonly CodeEntry[], prefix: string): boolean => {
      for (let i = lowerBound(entries, prefix); i < entries.length; i++) {
        const entry = entries[i] as CodeEntry;
        if (!entry.code.startsWith(prefix)) break;
        if (take(entry.product)) return true;
      }
      return false;
    };

    const raw = query.trim();
    const digits = DIGITS.test(raw);
    if (digits && take(byBarcode(raw))) return out;
    if (take(skus.get(folded))) return out;
    if (takePrefixRange(skuEntries, folded)) return out;
    if (digits && takePrefixRange(barcodeEntries, raw)) return out;

    // Name words: scan for the longest word (fewest hits), then check the rest on each hit.
    const words = [...new Set(folded.split(' '))].sort((a, b) => b.length - a.length);
    const [first, ...rest] = words as [string, ...string[]];
    const { blob, starts } = ASCII_WORD.test(first) ? view.ascii : view.all;
    let from = 0;
    while (from < blob.length) {
      const at = blob.indexOf(first, from);
      if (at < 0) break;
      const i = ownerOf(starts, at);
      const key = view.keys[i] as string;
      if (rest.every((w) => key.includes(w)) && take(view.products[i])) return out;
      from = i + 1 < starts.length ? (starts[i + 1] as number) : blob.length;
    }
    return out;
  }

  return {
    search,
    byBarcode,
    byId: (id) => ids.get(id),
    size: products.length,
  };
}
