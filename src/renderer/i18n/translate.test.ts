import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors.js';
import { en } from './en.js';
import { createTranslator, errorText, interpolate, pickCatalog } from './translate.js';

const t = createTranslator(en);

describe('interpolate', () => {
  it('replaces every named placeholder, numbers included', () => {
    expect(interpolate('{a} and {b} and {a}', { a: 'x', b: 2 })).toBe('x and 2 and x');
  });
  it('leaves a placeholder without a parameter visible', () => {
    expect(interpolate('Queued: {count}', {})).toBe('Queued: {count}');
  });
  it('does not interpret parameter values as templates', () => {
    expect(interpolate('{a}', { a: '{b}', b: 'no' })).toBe('{b}');
  });
});

describe('catalog', () => {
  it('has a non-empty message for every error code', () => {
    for (const code of errorCodes) {
      const key = `error.${code}` as keyof typeof en;
      expect(en[key], code).toMatch(/\S/);
    }
  });
  it('falls back from an unknown locale to English and from a region to its language', () => {
    expect(pickCatalog('en-GB').locale).toBe('en');
    expect(pickCatalog('xx-YY').locale).toBe('en');
    expect(pickCatalog('en').catalog).toBe(en);
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
