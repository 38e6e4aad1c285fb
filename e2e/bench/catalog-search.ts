/**
 * Catalog search per keystroke over 50,000 SKUs: our in-memory index (what the terminal answers
 * catalog.search with) beside the query a POS typically runs instead, a SQLite LIKE scan of the same rows.
 * A second row: the same over Chinese names with English second names and the pinyin search keys the
 * terminal makes (src/terminal/catalog-index.ts), typed as a cashier types them (pinyin, initials, hanzi).
 */
import Database from 'better-sqlite3';
import { createCatalogIndex, type CatalogIndex, type Product } from '../../src/core/catalog.js';
import { money } from '../../src/core/money.js';
import { ean13CheckDigit } from '../../src/core/barcode.js';
import type { ProductDto } from '../../src/shared/dto.js';
import { buildCatalogIndex } from '../../src/terminal/catalog-index.js';
import { summarize, timeSync, type Summary } from './stats.js';
import type { Row } from './run.js';

const SKUS = 50_000;
const words = [
  'green',
  'tea',
  'oolong',
  'milk',
  'rice',
  'noodle',
  'cola',
  'water',
  'bread',
  'soap',
  'pen',
  'jasmine',
];
const sizes = ['250ml', '500ml', '1L', '100g', '400g', '1kg'];
/** The same words in Chinese, in the same order. */
const chineseWords = [
  '绿',
  '茶',
  '乌龙',
  '牛奶',
  '大米',
  '面条',
  '可乐',
  '矿泉水',
  '面包',
  '香皂',
  '笔',
  '茉莉',
];

function makeProducts(): Product[] {
  const products: Product[] = [];
  for (let i = 0; i < SKUS; i++) {
    const first12 = `69${String(100_000_000 + i).padStart(10, '0')}`;
    products.push({
      id: `p${i}`,
      sku: `SKU-${String(i).padStart(6, '0')}`,
      name: `${words[i % words.length]} ${words[(i * 7) % words.length]} ${sizes[i % sizes.length]} #${i}`,
      barcode: `${first12}${ean13CheckDigit(first12)}`,
      categoryId: `c${i % 8}`,
      price: money(100 + (i % 5000), 'CNY'),
      taxRateId: 'vat-13',
    });
  }
  return products;
}

/** Chinese names ("绿茶 500ml #3"), the English one as the second name. */
function makeChineseProducts(): ProductDto[] {
  return makeProducts().map((p, i) => ({
    ...p,
    name: `${chineseWords[i % words.length]}${chineseWords[(i * 7) % words.length]} ${sizes[i % sizes.length]} #${i}`,
    altName: p.name,
    needsStaff: null,
    price: { amount: p.price.amount, currency: p.price.currency },
  }));
}

/** Every prefix of each query, as a cashier types it. */
const prefixes = (queries: readonly string[]) =>
  queries.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));
const typed = prefixes(['green tea', 'jasmine 500', 'SKU-0420', '69100004', 'noodle 1kg', 'zzz']);
const typedChinese = [
  ...prefixes(['lvcha', 'mlhkl 500', 'kuangquanshui 1kg', 'SKU-0420', 'green tea', 'zzz']),
  '可乐',
  '绿茶 500',
];

function timeRounds(index: CatalogIndex, queries: readonly string[], ours: number[]): void {
  for (let round = 0; round < 10; round++) {
    for (const q of queries) ours.push(timeSync(() => index.search(q, { limit: 100 })));
  }
}

const ms = (s: Summary, key: 'median' | 'p95' | 'p99') => `${s[key].toFixed(3)} ms`;

export function benchCatalogSearch(): Row[] {
  const products = makeProducts();
  const index = createCatalogIndex(products);
  const db = new Database(':memory:');
  db.exec('CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT, name TEXT, barcode TEXT) STRICT');
  const insert = db.prepare('INSERT INTO products VALUES (?, ?, ?, ?)');
  db.transaction(() => products.forEach((p) => insert.run(p.id, p.sku, p.name, p.barcode)))();
  const like = db.prepare(
    `SELECT id FROM products WHERE name LIKE '%' || ? || '%' OR sku LIKE ? || '%' OR barcode LIKE ? || '%'
     ORDER BY name LIMIT 100`,
  );

  const ours: number[] = [];
  const peer: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const q of typed) {
      ours.push(timeSync(() => index.search(q, { limit: 100 })));
      peer.push(timeSync(() => like.all(q, q, q)));
    }
  }
  db.close();
  const a = summarize(ours);
  const b = summarize(peer);

  const chinese = makeChineseProducts();
  const built = performance.now();
  const zhIndex = buildCatalogIndex(chinese);
  const buildMs = performance.now() - built;
  const zh: number[] = [];
  timeRounds(zhIndex, typedChinese, zh);
  const c = summarize(zh);
  // a hub's catalog change rebuilds the index: unchanged names keep their pinyin (after the searches, so
  // the garbage of a second build is not collected while they are timed)
  const rebuilt = performance.now();
  buildCatalogIndex(chinese);
  const rebuildMs = performance.now() - rebuilt;
  return [
    {
      measure: `catalog search per keystroke, ${SKUS} SKUs`,
      n: a.n,
      median: ms(a, 'median'),
      p95: ms(a, 'p95'),
      p99: ms(a, 'p99'),
      goal: '<= 5 ms',
      peer: `SQLite LIKE scan: median ${ms(b, 'median')}, p95 ${ms(b, 'p95')}`,
    },
    {
      measure: `catalog search per keystroke, ${SKUS} Chinese names + pinyin`,
      n: c.n,
      median: ms(c, 'median'),
      p95: ms(c, 'p95'),
      p99: ms(c, 'p99'),
      goal: '<= 5 ms',
      peer: `the row above; index built in ${buildMs.toFixed(0)} ms, rebuilt in ${rebuildMs.toFixed(0)} ms`,
    },
  ];
}
