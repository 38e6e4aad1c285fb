import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barcodeToShow,
  ean13CheckDigit,
  gtinAliases,
  gtinCheckDigit,
  isValidEan13,
  isValidEan8,
  isValidGtin,
  isValidUpcA,
} from './barcode.js';
import { thrownCode } from './test-util.js';

describe('EAN-13', () => {
  it('validates real codes', () => {
    // 4006381333931: the GS1/Wikipedia worked example (Stabilo pen); 6901234567892: a CN (690-699) prefix
    // example; 9780306406157: ISBN-13 of a real book; 5901234123457: GS1 Poland sample.
    for (const code of ['4006381333931', '6901234567892', '9780306406157', '5901234123457']) {
      expect(isValidEan13(code), code).toBe(true);
      expect(ean13CheckDigit(code.slice(0, 12))).toBe(Number(code[12]));
    }
  });

  it('rejects wrong check digits, lengths and non-digits', () => {
    for (const code of [
      '4006381333932',
      '400638133393',
      '40063813339311',
      '400638133393a',
      '',
      ' 4006381333931',
    ]) {
      expect(isValidEan13(code), code).toBe(false);
    }
    expect(thrownCode(() => ean13CheckDigit('12345'))).toBe('invalid_params');
    expect(thrownCode(() => ean13CheckDigit('12345678901x'))).toBe('invalid_params');
  });

  it('every single-digit error is caught', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 }),
        fc.nat({ max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (first12, pos, delta) => {
          const code = `${first12}${ean13CheckDigit(first12)}`;
          expect(isValidEan13(code)).toBe(true);
          const changed = String((Number(code[pos]) + delta) % 10);
          const broken = code.slice(0, pos) + changed + code.slice(pos + 1);
          expect(isValidEan13(broken)).toBe(false);
        },
      ),
    );
  });
});

describe('EAN-8, UPC-A, GTIN', () => {
  it('validates real codes', () => {
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidEan8('96385075')).toBe(false);
    expect(isValidUpcA('036000291452')).toBe(true); // GS1 US sample UPC-A
    expect(isValidUpcA('036000291453')).toBe(false);
    expect(isValidGtin('0036000291452')).toBe(true);
    expect(isValidGtin('00036000291452')).toBe(true);
    expect(thrownCode(() => gtinCheckDigit(''))).toBe('invalid_params');
    expect(gtinCheckDigit('3')).toBe(1);
  });

  it('knows the UPC-A / EAN-13 aliases', () => {
    expect(gtinAliases('036000291452')).toEqual(['0036000291452']);
    expect(gtinAliases('0036000291452')).toEqual(['036000291452']);
    expect(gtinAliases('4006381333931')).toEqual([]);
    expect(gtinAliases('abc')).toEqual([]);
  });
});

describe('barcodeToShow', () => {
  it('repeats a barcode-sized printable code, never a longer one or a card number', () => {
    expect(barcodeToShow('4006381333931')).toBe('4006381333931');
    expect(barcodeToShow('TEA-1')).toBe('TEA-1');
    expect(barcodeToShow('10012345678902')).toBe('10012345678902'); // GTIN-14
    // a valid GTIN that also passes Luhn is still a barcode
    expect(barcodeToShow('0012345678905')).toBe('0012345678905');
    expect(barcodeToShow('4111111111111111')).toBeNull(); // longer than a barcode
    expect(barcodeToShow('120061098828009406')).toBeNull(); // a WeChat Pay code
    expect(barcodeToShow('4222222222222')).toBeNull(); // 13 digits, Luhn-valid, not a GTIN: a card number
    expect(barcodeToShow('café')).toBeNull();
    expect(barcodeToShow('')).toBeNull();
  });
});
