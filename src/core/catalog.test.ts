import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ean13CheckDigit } from './barcode.js';
import { createCatalogIndex, type Product } from './catalog.js';
import { money } from './money.js';
import { foldForSearch } from './text-fold.js';

let seq = 0;
const product = (name: string, over: Partial<Product> = {}): Product => {
  seq += 1;
  return {
    id: `p${seq}`,
    sku: `SKU-${String(seq).padStart(4, '0')}`,
    name,
    barcode: null,
    categoryId: 'drinks',
    price: money(100 * seq, 'CNY'),
    taxRateId: 'vat-13',
    ...over,
  };
};

const tea = product('Jasmine Green Tea 500ml', { sku: 'TEA-500', barcode: '6901234567892' });
const latte = product('Café Latte', { sku: 'COF-1', barcode: '4006381333931' });
const creme = product('Crème brûlée', { sku: 'DES-1', categoryId: 'desserts', barcode: null });
const oolong = product('Oolong Tea 1L', { sku: 'TEA-1000', barcode: '6901234567809' });
const noodles = product('ＮＯＯＤＬＥＳ beef', { sku: 'NDL-7', categoryId: 'food', barcode: '036000291452' });
const smorrebrod = product('Smørrebrød', { sku: 'SMR-1', categoryId: 'food' });
const catalog = [tea, latte, creme, oolong, noodles, smorrebrod];
const index = createCatalogIndex(catalog);
const names = (list: Product[]) => list.map((p) => p.name);

describe('foldForSearch', () => {
  it('folds case, accents, width and letters without decomposition', () => {
    expect(foldForSearch('  Crème   Brûlée ')).toBe('creme brulee');
    expect(foldForSearch('ＮＯＯＤＬＥＳ')).toBe('noodles');
    expect(foldForSearch('Smørrebrød Straße İstanbul')).toBe('smorrebrod strasse istanbul');
    expect(foldForSearch('a\u0001b\tc')).toBe('a b c');
    expect(foldForSearch('绿茶')).toBe('绿茶');
  });
});

describe('catalog index', () => {
  it('looks up by id and barcode, including the UPC-A/EAN-13 spellings', () => {
    expect(index.size).toBe(6);
    expect(index.byId(latte.id)).toBe(latte);
    expect(index.byId('nope')).toBeUndefined();
    expect(index.byBarcode('4006381333931')).toBe(latte);
    expect(index.byBarcode(' 4006381333931 ')).toBe(latte);
    expect(index.byBarcode('0036000291452')).toBe(noodles);
    expect(index.byBarcode('4006381333932')).toBeUndefined();
  });

  it('empty query lists the category in name order', () => {
    expect(names(index.search(''))).toEqual([
      'Café Latte',
      'Crème brûlée',
      'Jasmine Green Tea 500ml',
      'ＮＯＯＤＬＥＳ beef',
      'Oolong Tea 1L',
      'Smørrebrød',
    ]);
    expect(names(index.search('   ', { categoryId: 'food' }))).toEqual(['ＮＯＯＤＬＥＳ beef', 'Smørrebrød']);
    expect(index.search('', { categoryId: 'nothing-here' })).toEqual([]);
  });

  it('matches every word of the name, in any order, case- and accent-insensitive', () => {
    expect(names(index.search('oolong TEA'))).toEqual(['Oolong Tea 1L']);
    expect(names(index.search('TEA green'))).toEqual(['Jasmine Green Tea 500ml']);
    expect(names(index.search('cafe'))).toEqual(['Café Latte']);
    expect(names(index.search('CRÈME'))).toEqual(['Crème brûlée']);
    expect(names(index.search('brulee creme'))).toEqual(['Crème brûlée']);
    expect(names(index.search('noodles'))).toEqual(['ＮＯＯＤＬＥＳ beef']);
    expect(names(index.search('smorre'))).toEqual(['Smørrebrød']);
    expect(index.search('tea latte')).toEqual([]);
    expect(index.search('zzz')).toEqual([]);
  });

  it('finds SKU and barcode prefixes first', () => {
    // "tea" is also a SKU prefix: SKU hits (in SKU order) come before name hits
    expect(names(index.search('tea'))).toEqual(['Oolong Tea 1L', 'Jasmine Green Tea 500ml']);
    expect(names(index.search('tea-5'))).toEqual(['Jasmine Green Tea 500ml']);
    // the exact SKU comes before other SKUs sharing its prefix
    expect(names(index.search('TEA-1000'))).toEqual(['Oolong Tea 1L']);
    expect(names(index.search('690123456'))).toEqual(['Oolong Tea 1L', 'Jasmine Green Tea 500ml']);
    expect(names(index.search('6901234567809'))).toEqual(['Oolong Tea 1L']);
    expect(names(index.search('4006'))).toEqual(['Café Latte']);
    // a SKU hit and a name hit for the same product appear once
    expect(names(index.search('cof'))).toEqual(['Café Latte']);
  });

  it('filters by category and honours the limit', () => {
    expect(names(index.search('e', { categoryId: 'desserts' }))).toEqual(['Crème brûlée']);
    expect(index.search('tea', { categoryId: 'food' })).toEqual([]);
    expect(index.search('TEA-', { categoryId: 'food' })).toEqual([]);
    expect(names(index.search('e', { limit: 2 }))).toEqual(['Café Latte', 'Crème brûlée']);
    expect(index.search('', { limit: 0 })).toEqual([]);
  });
});

describe('catalog search on arbitrary input', () => {
  it('never throws, honours the limit and the category', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 100, unit: 'grapheme' }),
        fc.option(fc.constantFrom('drinks', 'food', 'desserts', 'none')),
        fc.integer({ min: 0, max: 10 }),
        (query, categoryId, limit) => {
          const found = index.search(query, { ...(categoryId ? { categoryId } : {}), limit });
          expect(found.length).toBeLessThanOrEqual(limit);
          expect(new Set(found).size).toBe(found.length);
          if (categoryId) expect(found.every((p) => p.categoryId === categoryId)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('catalog search at 50,000 products', () => {
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
    'café',
  ];
  const sizes = ['250ml', '500ml', '1L', '100g', '400g', '1kg'];
  const big: Product[] = [];
  for (let i = 0; i < 50_000; i++) {
    const first12 = `69${String(100_000_000 + i).padStart(10, '0')}`;
    big.push({
      id: `b${i}`,
      sku: `SKU-${String(i).padStart(6, '0')}`,
      name: `${words[i % words.length]} ${words[(i * 7) % words.length]} ${sizes[i % sizes.length]} #${i}`,
      barcode: `${first12}${ean13CheckDigit(first12)}`,
      categoryId: `c${i % 8}`,
      price: money(100 + (i % 5000), 'CNY'),
      taxRateId: 'vat-13',
    });
  }
  const bigIndex = createCatalogIndex(big);

  it('answers correctly', () => {
    expect(bigIndex.size).toBe(50_000);
    expect(bigIndex.search('SKU-004200').map((p) => p.id)).toEqual(['b4200']);
    expect(bigIndex.search('#49999').map((p) => p.id)).toEqual(['b49999']);
    // Name hits equal a brute-force filter over the folded names, in name order.
    const folded = big.map((p) => ({ p, key: foldForSearch(p.name) }));
    const byKey = (a: { key: string; p: Product }, b: { key: string; p: Product }) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : a.p.id < b.p.id ? -1 : 1;
    for (const q of ['cafe #1234', 'MILK #49', 'water  TEA', 'bread 1l #100']) {
      const ws = foldForSearch(q).split(' ');
      const expected = folded
        .filter(({ key }) => ws.every((w) => key.includes(w)))
        .sort(byKey)
        .slice(0, 100)
        .map(({ p }) => p.id);
      expect(expected.length, q).toBeGreaterThan(0);
      expect(
        bigIndex.search(q).map((p) => p.id),
        q,
      ).toEqual(expected);
    }
    const milk = bigIndex.search('milk', { limit: 500 });
    expect(milk).toHaveLength(500);
    expect(milk.every((p) => p.name.includes('milk'))).toBe(true);
    const inCategory = bigIndex.search('rice 400g', { categoryId: 'c4', limit: 500 });
    expect(inCategory.length).toBeGreaterThan(0);
    expect(inCategory.every((p) => p.categoryId === 'c4' && /rice/.test(p.name) && /400g/.test(p.name))).toBe(
      true,
    );
  });

  it('answers every keystroke in well under 5 ms (median, and 95th percentile under 5 ms)', () => {
    const typed = ['green tea', 'café 500', 'SKU-0420', '69100004', 'noodle 1kg', 'zzz', 'x y z'].flatMap(
      (q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)),
    );
    for (const q of typed) bigIndex.search(q); // warm up the JIT
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const q of typed) {
        const t0 = performance.now();
        bigIndex.search(q, { limit: 100 });
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    const p95 = times[Math.floor(times.length * 0.95)] as number;
    expect(median).toBeLessThan(1);
    expect(p95).toBeLessThan(5);
  });
});

describe('second names and search keys', () => {
  // Pinyin as the terminal makes it (full syllables joined, and initials); core only matches the strings.
  const pinyin: Record<string, readonly string[]> = {
    '可口可乐 330ml': ['kekoukele 330ml', 'kkkl 330ml'],
    '可乐 500ml': ['kele 500ml', 'kl 500ml'],
    '绿茶 500ml': ['lvcha 500ml', 'lc 500ml'],
  };
  const coke = product('可口可乐 330ml', { altName: 'Coca-Cola 330 ml' });
  const cola = product('可乐 500ml', { altName: 'Cola 500 ml', categoryId: 'soda' });
  const greenTea = product('绿茶 500ml', { altName: 'Green Tea 500 ml', needsStaff: null });
  const plain = product('Kale Chips', { altName: null });
  const zh = createCatalogIndex([coke, cola, greenTea, plain], {
    searchKeys: (p) => pinyin[p.name] ?? [],
  });
  const found = (q: string, opts = {}) => zh.search(q, opts).map((p) => p.name);

  it('finds a product by its second name, case-insensitively', () => {
    expect(found('COLA')).toEqual(['可乐 500ml', '可口可乐 330ml']);
    expect(found('green tea')).toEqual(['绿茶 500ml']);
    expect(found('coca')).toEqual(['可口可乐 330ml']);
  });

  it('finds a product by its search keys: initials and full pinyin, and any prefix of them', () => {
    expect(found('kl')).toEqual(['可乐 500ml', '可口可乐 330ml']);
    expect(found('KKKL')).toEqual(['可口可乐 330ml']);
    expect(found('kkk')).toEqual(['可口可乐 330ml']);
    expect(found('kele')).toEqual(['可乐 500ml', '可口可乐 330ml']);
    expect(found('kekou')).toEqual(['可口可乐 330ml']);
    expect(found('lvc')).toEqual(['绿茶 500ml']);
  });

  it('matches the words of a query across the name, the second name and the keys', () => {
    expect(found('kl 330')).toEqual(['可口可乐 330ml']);
    expect(found('可乐 cola 500')).toEqual(['可乐 500ml']);
    expect(found('kl', { categoryId: 'soda' })).toEqual(['可乐 500ml']);
    expect(found('kl', { limit: 1 })).toEqual(['可乐 500ml']);
  });

  it('sorts by the sort key it is given, then by name', () => {
    const byPinyin = createCatalogIndex([coke, cola, greenTea, plain], {
      searchKeys: (p) => pinyin[p.name] ?? [],
      sortKey: (p) => pinyin[p.name]?.[0] ?? p.name,
    });
    expect(byPinyin.search('').map((p) => p.name)).toEqual([
      'Kale Chips',
      '可口可乐 330ml',
      '可乐 500ml',
      '绿茶 500ml',
    ]);
    expect(byPinyin.search('kl').map((p) => p.name)).toEqual(['可口可乐 330ml', '可乐 500ml']);
  });

  it('still lists in name order and matches the name itself', () => {
    expect(found('')).toEqual(['Kale Chips', '可乐 500ml', '可口可乐 330ml', '绿茶 500ml']);
    expect(found('可口')).toEqual(['可口可乐 330ml']);
    expect(found('chips')).toEqual(['Kale Chips']);
  });

  it('never lets a query word span two spellings, nor match what no spelling holds', () => {
    // "330ml coca" would only be contiguous across the name and the second name
    expect(found('mlcoca')).toEqual([]);
    expect(found('xyz')).toEqual([]);
    // a product without second name or keys is searched by its name alone
    expect(createCatalogIndex([plain]).search('kale')).toEqual([plain]);
    // Latin words are scanned with the Chinese left out; they still never join across it
    const mixed = createCatalogIndex([product('LED灯泡9W'), product('Ａ5笔记本 80页')]);
    expect(mixed.search('9w').map((p) => p.name)).toEqual(['LED灯泡9W']);
    expect(mixed.search('led9w')).toEqual([]);
    expect(mixed.search('a5 80').map((p) => p.name)).toEqual(['Ａ5笔记本 80页']);
    expect(mixed.search('灯泡 led').map((p) => p.name)).toEqual(['LED灯泡9W']);
  });
});
