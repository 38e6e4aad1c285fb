/**
 * GTIN check digits (GS1 General Specifications, section 7.9.1): weight the data digits 3, 1, 3, 1, ...
 * starting from the rightmost one; the check digit brings the weighted sum up to a multiple of 10. The same
 * rule serves EAN-13 (GTIN-13), EAN-8 (GTIN-8), UPC-A (GTIN-12) and GTIN-14.
 */
import { TillpointError } from './errors.js';
import { containsPanRun } from './pan.js';

const DIGITS = /^[0-9]+$/;

/** The check digit for `data` (all digits but the check digit); throws invalid_params for non-digits. */
export function gtinCheckDigit(data: string): number {
  if (!DIGITS.test(data)) {
    throw new TillpointError('invalid_params', 'A barcode is made of digits only.', { data });
  }
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const digit = data.charCodeAt(data.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** EAN-13 check digit for the first 12 digits; throws invalid_params unless given exactly 12 digits. */
export function ean13CheckDigit(first12: string): number {
  if (first12.length !== 12) {
    throw new TillpointError('invalid_params', 'An EAN-13 barcode has 12 digits before its check digit.', {
      first12,
    });
  }
  return gtinCheckDigit(first12);
}

function isValidGtinOfLength(code: string, length: number): boolean {
  return (
    code.length === length &&
    DIGITS.test(code) &&
    // slice(0, -1) is all digits and non-empty here, so gtinCheckDigit cannot throw
    gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(length - 1) - 48
  );
}

export const isValidEan13 = (code: string): boolean => isValidGtinOfLength(code, 13);
export const isValidEan8 = (code: string): boolean => isValidGtinOfLength(code, 8);
export const isValidUpcA = (code: string): boolean => isValidGtinOfLength(code, 12);
export const isValidGtin14 = (code: string): boolean => isValidGtinOfLength(code, 14);

/** Any of GTIN-8, -12, -13, -14 with a correct check digit. */
export const isValidGtin = (code: string): boolean =>
  isValidEan8(code) || isValidUpcA(code) || isValidEan13(code) || isValidGtin14(code);

/**
 * The other spellings of the same GTIN a scanner may send: a UPC-A read as EAN-13 gains a leading 0, and an
 * EAN-13 starting with 0 is the UPC-A without it (GS1: a GTIN-12 is a GTIN-13 with a leading zero).
 */
export function gtinAliases(code: string): string[] {
  if (!DIGITS.test(code)) return [];
  if (code.length === 12) return [`0${code}`];
  if (code.length === 13 && code.startsWith('0')) return [code.slice(1)];
  return [];
}

/** GTIN-14, the longest product barcode; a scanned text longer than this is not a product's barcode. */
export const BARCODE_MAX_SHOWN = 14;

/**
 * The scanned text as an error message may repeat it, or null when it must not be repeated: longer than a
 * barcode (a customer's payment code or a card's QR scanned into the product field is a credential), not
 * printable ASCII, or digits that pass the card-number check (Luhn) without being a valid GTIN.
 */
export function barcodeToShow(code: string): string | null {
  if (code.length === 0 || code.length > BARCODE_MAX_SHOWN || !/^[\x20-\x7e]+$/.test(code)) return null;
  if (containsPanRun(code) && !isValidGtin(code)) return null;
  return code;
}
