import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { createTranslator } from '../i18n/translate.js';
import { routeScan } from './scan-route.js';

describe('routeScan', () => {
  it('charges a wallet payment code (sandbox: 20 digits starting 88; WeChat Pay: 18 digits 10-15)', () => {
    expect(routeScan('88012345678901234567')).toEqual({ action: 'charge', code: '88012345678901234567' });
    expect(routeScan('134567890123456789\r\n')).toEqual({ action: 'charge', code: '134567890123456789' });
  });
  it('adds a product for an EAN-13, and still tries unknown in-store codes as barcodes', () => {
    expect(routeScan('4006381333931')).toEqual({ action: 'product', barcode: '4006381333931' });
    expect(routeScan('SKU-000042')).toEqual({ action: 'product', barcode: 'SKU-000042' });
  });
  it('a merchant QR or a link is not a customer payment code', () => {
    expect(routeScan('https://example.invalid/pay')).toEqual({ action: 'not-payment-code', kind: 'url' });
  });
  it('a bank card’s QR (EMV CPM) is never charged: card codes are not taken here, whatever their length', () => {
    // emv-qr.tsv emv-cpm-sample (48 characters) and cpm-unionpay-two-apps (212), both with card numbers
    const short = 'hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=';
    const long =
      'hQVDUFYwMWFWTwigAAADMwEBAVAOVW5pb25QYXkgRGViaXRaCmISNFZ4kBI0Vn9fJAMwEjGfJggRIjNEVWZ3iJ8nAYCfNgIAAZ8QEwcB' +
      'AQOgAAABCgEAAAAAAF6LDDVhME8HoAAAAAMQEFcRR2FzkAEBABDTASIBEjRQAA+faxFHYXOQAQEAENMBIgESNFAAD2IMYwqfHwdURVJNLTAx';
    for (const cpm of [short, long, `${short}\r\n`]) {
      expect(routeScan(cpm)).toEqual({ action: 'not-payment-code', kind: 'emv-cpm' });
    }
    const t = createTranslator(en);
    expect(t('qrpay.notAPaymentCode', { kind: t('qrpay.kind.emv-cpm') })).toMatch(
      /card codes are not taken here/,
    );
  });
  it('an EMV payload with a wrong CRC is damaged, with its own error code', () => {
    const route = routeScan('00020101021229300016A00000067701011101061234565204581253037646304FFFF');
    expect(route.action).toBe('damaged');
    if (route.action === 'damaged') expect(route.error.code).toMatch(/^qr\./);
  });
  it('never throws, whatever a scanner sends, and every route is one of the four', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9]{0,30}$/)),
        (text) => {
          const route = routeScan(text);
          expect(['charge', 'product', 'not-payment-code', 'damaged']).toContain(route.action);
          if (route.action === 'product') expect(route.barcode.length).toBeLessThanOrEqual(64);
          if (route.action === 'charge') expect(route.code.length).toBeLessThanOrEqual(128);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
