import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import { createTranslator, errorText, loadCatalog, pickCatalog } from './translate.js';

const t = createTranslator(en);

describe('createTranslator', () => {
  it('replaces every named placeholder, numbers included', () => {
    expect(t('ticket.unitLine', { quantity: 2, price: '¥3.00' })).toBe('2 × ¥3.00');
  });
  it('leaves a placeholder without a parameter visible', () => {
    expect(t('status.queued', {})).toBe('Queued: {count}');
  });
  it('does not interpret parameter values as templates', () => {
    expect(t('message.added', { name: '{count, plural, other {#}}' })).toBe(
      'Added {count, plural, other {#}}',
    );
  });
  it('picks the plural form by count in English and keeps Chinese without one', () => {
    expect(t('void.question', { count: 1 })).toMatch(/with 1 item\?/);
    expect(t('void.question', { count: 3 })).toMatch(/with 3 items\?/);
    const zh = createTranslator(zhCN, 'zh-CN');
    expect(zh('void.question', { count: 1 })).toContain('共 1 件商品');
    expect(zh('offline.moreSales', { count: 12 })).toBe('还可 12 笔');
  });
  it('shows numbers that are not counts as written (no grouping in a receipt number)', () => {
    expect(t('receipt.number', { number: 12345 })).toBe('Receipt No. 12345');
    expect(t('offline.moreSales', { count: 1234 })).toBe('1,234 more sales');
  });
});

describe('catalog', () => {
  it('has a non-empty message for every error code', () => {
    for (const code of errorCodes) {
      const key = `error.${code}` as keyof typeof en;
      expect(en[key], code).toMatch(/\S/);
    }
  });
  it('falls back from an unknown locale to English and from a region to its language', async () => {
    expect(pickCatalog('zh-CN').locale).toBe('en'); // not loaded yet: English until it is
    expect((await loadCatalog('zh')).catalog).toBe(zhCN);
    expect(pickCatalog('en-GB').locale).toBe('en');
    expect(pickCatalog('xx-YY').locale).toBe('en');
    expect(pickCatalog('en').catalog).toBe(en);
    expect(pickCatalog('zh-CN').catalog).toBe(zhCN);
    expect(pickCatalog('zh').locale).toBe('zh-CN');
  });
});

describe('errorText', () => {
  it('uses the translated message of a known code with params from details', () => {
    const text = errorText(t, { code: 'catalog.unknown_barcode', message: 'x', details: { barcode: '123' } });
    expect(text).toContain('123');
  });
  it('prefers caller params over details', () => {
    const text = errorText(
      t,
      { code: 'catalog.unknown_barcode', message: 'x', details: { barcode: 'a' } },
      { barcode: '999' },
    );
    expect(text).toContain('999');
  });
  it('falls back to the service message for an unknown code or an unfilled placeholder', () => {
    expect(errorText(t, { code: 'future.thing', message: 'Do this.' })).toBe('Do this.');
    expect(errorText(t, { code: 'catalog.unknown_barcode', message: 'No product 42' })).toBe('No product 42');
  });
  it('gives a cashier message for store.disk_full', () => {
    expect(errorText(t, { code: 'store.disk_full', message: 'ENOSPC' })).toMatch(/disk is full/);
  });
});
