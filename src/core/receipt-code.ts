import { TillpointError } from './errors.js';

/**
 * The receipt code a customer keeps to find a sale again (the receipt QR, a return at the counter):
 * `<terminal>-<receipt number>-<check>`, e.g. `7K2MQ-42-R`.
 * - terminal: 5 characters from the terminal's UUID (25 bits), so codes of different tills differ;
 * - receipt number: the till's gapless number, in decimal as printed on the receipt;
 * - check: one Luhn mod N character over the other characters (N = 32), which catches every single
 *   mistyped character and most swaps of two neighbours.
 * Crockford's Base32 alphabet: no I, L, O or U, so a code read aloud or typed is unambiguous, and every
 * character is in the QR alphanumeric set (upper case, digits, '-'), which keeps the QR small.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const n = alphabet.length;
const TERMINAL_CHARS = 5;

const value = (c: string): number => alphabet.indexOf(c);

/** Luhn mod N (https://en.wikipedia.org/wiki/Luhn_mod_N_algorithm): the character that completes `body`. */
function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * value(body[i] as string);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return alphabet[(n - (sum % n)) % n] as string;
}

/** The 5-character part of a terminal's UUID: its first 25 bits. */
export function terminalCodePart(terminalId: string): string {
  const hex = terminalId.replace(/-/g, '').slice(0, 7);
  if (!/^[0-9a-fA-F]{7}$/.test(hex)) {
    throw new TillpointError('invalid_params', 'A terminal id is a UUID.', { terminalId });
  }
  let bits = Number.parseInt(hex, 16) >>> 3;
  let part = '';
  for (let i = 0; i < TERMINAL_CHARS; i++) {
    part = alphabet[bits % n] + part;
    bits = Math.floor(bits / n);
  }
  return part;
}

/** The receipt code of a terminal's receipt number. */
export function receiptCode(terminalId: string, receiptNumber: number): string {
  if (!Number.isSafeInteger(receiptNumber) || receiptNumber < 1) {
    throw new TillpointError('invalid_params', 'A receipt number is a whole number from 1.', {
      receiptNumber,
    });
  }
  const terminal = terminalCodePart(terminalId);
  const number = String(receiptNumber);
  return `${terminal}-${number}-${checkCharacter(terminal + number)}`;
}

/**
 * A receipt code as typed or scanned, in its printed form, or null when it is not one (wrong shape or a
 * check character that does not match: a mistyped code never finds another sale). Forgiving like Crockford's
 * decoding: any case, spaces, O for 0, I and L for 1, the dashes may be left out.
 */
export function parseReceiptCode(text: string): string | null {
  const plain = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const match = /^([0-9A-HJKMNP-TV-Z]{5})([1-9]\d{0,14})([0-9A-HJKMNP-TV-Z])$/.exec(plain);
  if (!match) return null;
  const [, terminal, number, check] = match as unknown as [string, string, string, string];
  if (checkCharacter(terminal + number) !== check) return null;
  return `${terminal}-${number}-${check}`;
}

/** The prefix of a refund receipt's QR: the sale's receipt code after it, so it is never a sale's code. */
export const REFUND_RECEIPT_PREFIX = 'RF:';

/** What a refund receipt's QR holds: `RF:<receipt code of the sale>`. */
export const refundReceiptCode = (saleReceiptCode: string): string =>
  `${REFUND_RECEIPT_PREFIX}${saleReceiptCode}`;

/** The sale's receipt code of a scanned refund receipt QR, or null when the text is not one. */
export function parseRefundReceiptCode(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.toUpperCase().startsWith(REFUND_RECEIPT_PREFIX)) return null;
  return parseReceiptCode(trimmed.slice(REFUND_RECEIPT_PREFIX.length));
}
