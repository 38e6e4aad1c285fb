import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
