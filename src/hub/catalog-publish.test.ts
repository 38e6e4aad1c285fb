import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogChange } from '../shared/hub-api.js';
import { maxChangeBytes, parsePublishFile, PublishError, readPublishFile } from './catalog-publish.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/demo-catalog.json');
const demo = JSON.parse(readFileSync(demoFile, 'utf8')) as {
  currency: string;
  taxRates: { id: string }[];
  categories: { id: string }[];
  products: { id: string; sku: string; barcode: string | null; price: number; categoryId: string }[];
};

/** The error a text gives, as `{code, message}`. */
function refusal(json: unknown) {
  try {
    parsePublishFile(typeof json === 'string' ? json : JSON.stringify(json), 'changes.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PublishError);
    return { code: (error as PublishError).code, message: (error as PublishError).message };
  }
  throw new Error('expected a PublishError');
}

const product = {
  id: 'p-1',
  sku: 'SKU-1',
  name: 'Tea',
  barcode: null,
  categoryId: 'drinks',
  price: { amount: 350, currency: 'CNY' },
  taxRateId: 'vat-13',
};

describe('hub publish files', () => {
  it('turns a catalog file into tax rate, category and product upserts, in that order', () => {
    const changes = readPublishFile(demoFile);
    expect(changes).toHaveLength(demo.taxRates.length + demo.categories.length + demo.products.length);
    const kinds = changes.map((c) => c.kind);
    expect(kinds.lastIndexOf('taxRate.upsert')).toBeLessThan(kinds.indexOf('category.upsert'));
    expect(kinds.lastIndexOf('category.upsert')).toBeLessThan(kinds.indexOf('product.upsert'));
    const first = demo.products[0];
    const upsert = changes.find((c) => c.kind === 'product.upsert');
    expect(JSON.parse(upsert?.payload ?? '')).toMatchObject({
      id: first?.id,
      price: { amount: first?.price, currency: demo.currency },
    });
    // what is stored is what a terminal accepts as a pulled change
    changes.forEach((c, i) =>
      catalogChange.parse({ seq: i + 1, kind: c.kind, payload: JSON.parse(c.payload) }),
    );
  });

  it('takes a list of changes as they are pulled, without seq', () => {
    const changes = parsePublishFile(
      JSON.stringify([
        { kind: 'product.upsert', payload: product },
        { kind: 'product.remove', payload: { id: 'p-2' } },
        { kind: 'config.set', payload: { key: 'offline.policy', value: { ageLimitS: 3600 } } },
        { kind: 'config.set', payload: { key: 'banner', value: null } },
      ]),
      'changes.json',
    );
    expect(changes.map((c) => c.kind)).toEqual([
      'product.upsert',
      'product.remove',
      'config.set',
      'config.set',
    ]);
    expect(changes[2]?.payload).toBe('{"key":"offline.policy","value":{"ageLimitS":3600}}');
  });

  it('refuses what is not JSON, not a list or catalog, or empty, with a stable code', () => {
    expect(refusal('{"kind": ')).toMatchObject({ code: 'hub.publish_bad_json' });
    expect(refusal({ changes: [] })).toMatchObject({ code: 'hub.publish_invalid' });
    expect(refusal([])).toEqual({
      code: 'hub.publish_empty',
      message: 'changes.json holds no changes; nothing was published.',
    });
    expect(refusal({ ...demo, taxRates: [], categories: [], products: [] })).toMatchObject({
      code: 'hub.publish_empty',
    });
    expect(() => readPublishFile('/nonexistent/changes.json')).toThrow(
      expect.objectContaining({ code: 'hub.publish_unreadable' }) as Error,
    );
  });

  it('refuses staff changes: only tillpoint hub staff publishes them, with a hash it made itself', () => {
    const member = {
      id: '5aff0000-0000-4000-8000-000000000001',
      name: 'Forged',
      role: 'manager',
      pinHash: {
        hash: 'A'.repeat(44),
        salt: 'A'.repeat(22) + '==',
        params: { N: 16384, r: 8, p: 1, keylen: 32 },
      },
      badgeKey: null,
    };
    expect(refusal([{ kind: 'staff.upsert', payload: member }]).code).toBe('hub.publish_invalid');
    expect(refusal([{ kind: 'staff.remove', payload: { id: member.id } }]).code).toBe('hub.publish_invalid');
    // the same change is one a terminal accepts when the hub's own command published it
    expect(catalogChange.safeParse({ seq: 1, kind: 'staff.upsert', payload: member }).success).toBe(true);
  });

  it('names where a change is wrong, and refuses the whole file for one bad change', () => {
    const ok = { kind: 'config.set', payload: { key: 'k', value: 1 } };
    expect(refusal([ok, { kind: 'price.set', payload: {} }])).toEqual({
      code: 'hub.publish_invalid',
      message: expect.stringMatching(
        /^changes\.json is not valid; nothing was published\. \[1\]\.kind: /,
      ) as string,
    });
    const negative = { ...product, price: { amount: -1, currency: 'CNY' } };
    expect(refusal([ok, { kind: 'product.upsert', payload: negative }]).message).toMatch(
      /\[1\]\.payload\.price\.amount: a price is never negative/,
    );
    // a typo is refused rather than dropped
    expect(refusal([{ kind: 'product.upsert', payload: { ...product, prise: 1 } }]).message).toMatch(/prise/);
    expect(refusal([{ ...ok, seq: 4 }]).message).toMatch(/\[0\]: Unrecognized key: "seq"/);
    expect(refusal([{ kind: 'config.set', payload: { key: 'k' } }]).message).toMatch(/\[0\]\.payload\.value/);
    expect(refusal([{ kind: 'product.upsert', payload: { ...product, id: '' } }]).message).toMatch(
      /payload\.id/,
    );
    expect(
      refusal([{ kind: 'product.upsert', payload: { ...product, price: { amount: 1.5, currency: 'CNY' } } }]),
    ).toMatchObject({ code: 'hub.publish_invalid' });
    const big = { kind: 'config.set', payload: { key: 'k', value: 'x'.repeat(maxChangeBytes) } };
    expect(refusal([ok, big]).message).toMatch(/Change 2 \(config\.set\) is larger than 65536 bytes/);
  });

  it('refuses a catalog file whose products refer to what it does not hold, or repeat an id, SKU or barcode', () => {
    const [p0, p1] = demo.products;
    const withProducts = (products: unknown[]) => ({ ...demo, products });
    expect(refusal(withProducts([{ ...p0, categoryId: 'toys' }])).message).toMatch(
      /products\[0\]\.categoryId: no category "toys"/,
    );
    expect(refusal(withProducts([p0, { ...p1, sku: p0?.sku }])).message).toMatch(
      new RegExp(`products\\[1\\]\\.sku: "${p0?.sku}" appears twice`),
    );
    expect(refusal(withProducts([p0, { ...p1, barcode: p0?.barcode }])).message).toMatch(
      /barcode.*appears twice/,
    );
    expect(refusal(withProducts([p0, { ...p0, sku: 'OTHER', barcode: null }])).message).toMatch(
      /\.id: .*twice/,
    );
    // products without barcodes do not clash
    expect(
      parsePublishFile(
        JSON.stringify(
          withProducts([
            { ...p0, barcode: null },
            { ...p1, barcode: null },
          ]),
        ),
        'f',
      ),
    ).toHaveLength(demo.taxRates.length + demo.categories.length + 2);
    const many = refusal(withProducts([{ ...p0, price: -5, taxRateId: 'none' }]));
    expect(many.message).toMatch(/\(and 1 more\)$/);
  });

  it('carries second names and needsStaff, checks them, and takes products without them (an older file)', () => {
    const changes = readPublishFile(demoFile).map((c) => ({ kind: c.kind, payload: JSON.parse(c.payload) }));
    expect(changes).toContainEqual({
      kind: 'category.upsert',
      payload: { id: 'drinks', name: '饮料', altName: 'Drinks' },
    });
    expect(changes.find((c) => c.payload.id === 'p-drinks-08')?.payload).toMatchObject({
      name: '啤酒 500ml',
      altName: 'Beer 500 ml',
      needsStaff: 'age',
    });
    const upsert = (payload: object) => [{ kind: 'product.upsert', payload }];
    const [named] = parsePublishFile(
      JSON.stringify(upsert({ ...product, name: '茶', altName: 'Tea', needsStaff: 'value' })),
      'f',
    );
    expect(JSON.parse(named!.payload)).toMatchObject({ altName: 'Tea', needsStaff: 'value' });
    expect(parsePublishFile(JSON.stringify(upsert(product)), 'f')).toHaveLength(1);
    expect(
      parsePublishFile(JSON.stringify(upsert({ ...product, altName: null, needsStaff: null })), 'f'),
    ).toHaveLength(1);
    expect(refusal(upsert({ ...product, needsStaff: 'adult' })).message).toMatch(/payload\.needsStaff/);
    expect(refusal(upsert({ ...product, altName: '' })).message).toMatch(/payload\.altName/);
    expect(
      refusal([{ kind: 'category.upsert', payload: { id: 'c', name: '茶', altname: 'Tea' } }]).code,
    ).toBe('hub.publish_invalid');
  });
});
