import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPanRun } from './pan.js';
import { withLuhnCheck } from './pan.test-util.js';
import { receiptCode, refundReceiptCode } from './receipt-code.js';
import { classifyScan } from './scan-classifier.js';

const promptpay = '00020101021129370016A000000677010111011300668012345675802TH530376463046197';
const cpm = 'hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=';

describe('classifyScan', () => {
  it('tells each kind of scan apart', () => {
    expect(classifyScan(promptpay)).toMatchObject({ kind: 'emv-mpm', tags: { '58': 'TH' } });
    expect(classifyScan(`${promptpay}\r\n`)).toMatchObject({ kind: 'emv-mpm' });
    expect(classifyScan(cpm)).toMatchObject({ kind: 'emv-cpm', tags: { '85': '4350563031' } });
    expect(classifyScan('120061098828009406\n')).toEqual({
      kind: 'wallet-code',
      wallet: 'wechat',
      code: '120061098828009406',
    });
    expect(classifyScan('28763443825664394')).toMatchObject({ kind: 'wallet-code', wallet: 'alipay' });
    expect(classifyScan('4006381333931')).toEqual({ kind: 'product-barcode', code: '4006381333931' });
    expect(classifyScan('0012345678905')).toEqual({ kind: 'product-barcode', code: '0012345678905' });
    expect(classifyScan('https://qr.alipay.com/bax01234')).toEqual({
      kind: 'url',
      url: 'https://qr.alipay.com/bax01234',
    });
    expect(classifyScan('tillpoint-sandbox://pay/abc')).toMatchObject({ kind: 'url' });
    // a sale's receipt QR, and a refund receipt's (RF: before the sale's code)
    const code = receiptCode('0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01', 42);
    expect(classifyScan(`${code}\r`)).toEqual({ kind: 'receipt', code });
    expect(classifyScan(code.toLowerCase())).toEqual({ kind: 'receipt', code });
    expect(classifyScan(refundReceiptCode(code))).toEqual({ kind: 'refund-receipt', code });
    // one character off: no receipt (the check character), so it falls through like any unknown text
    const typo = code.replace('-42-', '-43-');
    expect(classifyScan(typo).kind).toBe('unknown');
    expect(classifyScan(`RF:${typo}`).kind).toBe('unknown');
  });

  it('answers unknown with the decoder error for a damaged payment code', () => {
    expect(classifyScan(promptpay.replace('TH', 'TW'))).toMatchObject({
      kind: 'unknown',
      error: { code: 'qr.crc_mismatch' },
    });
    expect(classifyScan(cpm.replace('Tweg', 'Tw!g'))).toMatchObject({ kind: 'unknown' });
    expect(classifyScan('hQVDUFYwMWEaTwegAAAA')).toMatchObject({
      kind: 'unknown',
      error: { code: 'qr.bad_tlv' },
    });
    expect(classifyScan('   ')).toMatchObject({ kind: 'unknown', error: { code: 'qr.empty' } });
    expect(classifyScan('4006381333932')).toMatchObject({
      kind: 'unknown',
      error: { code: 'qr.unknown_format' },
    });
    expect(classifyScan('hello world')).toMatchObject({
      kind: 'unknown',
      error: { code: 'qr.unknown_format' },
    });
    expect(classifyScan('0'.repeat(8000))).toMatchObject({ kind: 'unknown', error: { code: 'qr.too_long' } });
  });

  it('never throws, whatever a scanner sends', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.stringMatching(/^[0-9]{1,30}$/),
          fc.base64String({ maxLength: 120 }).map((s) => `hQVDUFYwMQ${s}`),
          fc.string({ maxLength: 100 }).map((s) => `0002${s}`),
        ),
        (text) => {
          const kind = classifyScan(text);
          expect(['emv-mpm', 'emv-cpm', 'wallet-code', 'url', 'product-barcode', 'unknown']).toContain(
            kind.kind,
          );
          if (kind.kind === 'unknown') expect(kind.error?.code).toMatch(/^qr\./);
        },
      ),
      { numRuns: 3000 },
    );
    expect(classifyScan(undefined as unknown as string)).toMatchObject({ kind: 'unknown' });
  });
});

describe('card numbers in a scan', () => {
  const luhnPan = () => fc.stringMatching(/^\d{12,18}$/).map(withLuhnCheck);

  it('a link holding one is shown masked', () => {
    expect(classifyScan('https://pay.example/c?pan=4111111111111111')).toEqual({
      kind: 'url',
      url: 'https://pay.example/c?pan=411111******1111',
    });
  });

  it('is never repeated, whatever text it is in (property)', () => {
    fc.assert(
      fc.property(fc.string(), luhnPan(), fc.string(), fc.boolean(), (before, pan, after, asUrl) => {
        const text = asUrl
          ? `https://x.example/${before}${pan}${after}`.replace(/\s/g, '')
          : `${before}${pan}${after}`;
        const scan = classifyScan(text);
        // a wallet code must reach the charge whole, a GTIN is a product's (both are at most 24 digits, no card)
        if (scan.kind === 'wallet-code' || scan.kind === 'product-barcode') return;
        expect(containsPanRun(JSON.stringify(scan))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
