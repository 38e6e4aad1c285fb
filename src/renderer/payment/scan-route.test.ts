import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
