/**
 * EMV merchant-presented mode QR (EMVCo QRCPS-MPM v1.1): the payload a shop shows and a customer's wallet
 * scans. Each data object is ID (2 digits) + LEN (2 digits) + VALUE, where LEN counts characters, not bytes
 * (QRCPS-MPM 4.1; values beyond ASCII appear in the Merchant Information - Language Template, ID 64). The
 * payload ends with the CRC (ID 63, LEN 04), four uppercase hex digits of CRC-16/CCITT-FALSE computed over the
 * UTF-8 bytes of everything before the CRC value, "6304" included (QRCPS-MPM 4.7.3).
 *
 * Real codes do not keep IDs in ascending order (PromptPay puts 29 before 58 and 53 after it, PIX omits 01),
 * so a decoded template remembers its payload order and encodeMpm writes it back in that order.
 */
import { TillpointError } from './errors.js';
import { ISO_4217_EXPONENTS } from './iso-4217.js';
import { currencyNumericCode } from './iso-4217-numeric.js';
import type { Money } from './money.js';
import { qrError, type QrError, type QrErrorCode } from './qr-error.js';
import { utf8Bytes } from './utf8.js';

export type MpmValue = string | MpmTemplate;
/** A template keyed by 2-digit ID. Read it in payload order with mpmEntries (see ORDER below). */
export interface MpmTemplate {
  readonly [id: string]: MpmValue;
}
export type MpmResult = { ok: true; tags: MpmTemplate; crcValid: true } | { ok: false; error: QrError };

/** QRCPS-MPM 4.1: the whole payload is at most 512 characters. */
export const MPM_MAX_LENGTH = 512;

/**
 * JavaScript enumerates integer-like keys ("26", "52") before all others and in ascending order, whatever the
 * insertion order, so a plain object cannot keep "00" before "26" or "29" before "53". Each template made
 * here carries its payload order in this non-enumerable symbol; mpmEntries reads it.
 */
const ORDER = Symbol('tillpoint.mpm.order');
type Ordered = { [ORDER]?: readonly string[] };

/** A template whose entries keep the given order for mpmEntries, encodeMpm and the CLI's JSON. */
export function mpmTemplate(entries: Iterable<readonly [string, MpmValue]>): MpmTemplate {
  const out: Record<string, MpmValue> = {};
  const order: string[] = [];
  for (const [id, value] of entries) {
    if (!Object.hasOwn(out, id)) order.push(id);
    out[id] = value;
  }
  Object.defineProperty(out, ORDER, { value: Object.freeze(order), enumerable: false });
  return out;
}

/** The entries of a template in payload order (ascending ID order for a template built by hand). */
export function mpmEntries(template: MpmTemplate): [string, MpmValue][] {
  const keys = Object.keys(template);
  const order = (template as Ordered)[ORDER];
  const usable =
    order !== undefined && order.length === keys.length && order.every((id) => Object.hasOwn(template, id));
  const ids = usable ? order : [...keys].sort();
  return ids.map((id) => [id, template[id] as MpmValue]);
}

/** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR (check "123456789" = 0x29B1). */
export function crc16CcittFalse(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const crcHex = (text: string) => crc16CcittFalse(utf8Bytes(text)).toString(16).toUpperCase().padStart(4, '0');

/** QRCPS-MPM 4.2: 26-51 merchant account templates, 62 additional data, 64 language, 80-99 unreserved. */
const isTopTemplate = (id: number) => (id >= 26 && id <= 51) || id === 62 || id === 64 || id >= 80;
/** QRCPS-MPM 4.8: inside 62, 50-99 are payment system specific templates. */
const isAdditionalDataTemplate = (id: number) => id >= 50;
type Level = 'top' | 'additional-data' | 'leaf';
const childLevel = (level: Level, id: number): Level | null => {
  if (level === 'top' && isTopTemplate(id)) return id === 62 ? 'additional-data' : 'leaf';
  if (level === 'additional-data' && isAdditionalDataTemplate(id)) return 'leaf';
  return null;
};

interface Field {
  id: string;
  /** index (in code points) of the ID's first digit */
  start: number;
  valueStart: number;
  valueEnd: number;
}
type Scan = { ok: true; fields: Field[] } | { ok: false; error: QrError };
type Fail = { ok: false; error: QrError };
const fail = (code: QrErrorCode): Fail => ({ ok: false, error: qrError(code) });

const isDigit = (c: string | undefined) => c !== undefined && c.length === 1 && c >= '0' && c <= '9';

/** Reads one ID-LEN-VALUE header at `pos`; stops at the first malformed one. */
function readField(chars: readonly string[], pos: number, end: number): { ok: true; field: Field } | Fail {
  if (end - pos < 4) return fail('qr.length_overrun');
  if (!isDigit(chars[pos]) || !isDigit(chars[pos + 1])) return fail('qr.bad_tlv');
  if (!isDigit(chars[pos + 2]) || !isDigit(chars[pos + 3])) return fail('qr.length_not_numeric');
  const length = Number(`${chars[pos + 2]}${chars[pos + 3]}`);
  const valueEnd = pos + 4 + length;
  if (valueEnd > end) return fail('qr.length_overrun');
  return {
    ok: true,
    field: { id: `${chars[pos]}${chars[pos + 1]}`, start: pos, valueStart: pos + 4, valueEnd },
  };
}

function scanFields(chars: readonly string[], from: number, to: number): Scan {
  const fields: Field[] = [];
  for (let pos = from; pos < to;) {
    const read = readField(chars, pos, to);
    if (!read.ok) return read;
    fields.push(read.field);
    pos = read.field.valueEnd;
  }
  return { ok: true, fields };
}

function buildTemplate(chars: readonly string[], fields: readonly Field[], level: Level): MpmResult {
  const seen = new Set<string>();
  const entries: [string, MpmValue][] = [];
  for (const field of fields) {
    if (seen.has(field.id)) return fail('qr.duplicate_id');
    seen.add(field.id);
    const inner = childLevel(level, Number(field.id));
    if (inner === null) {
      entries.push([field.id, chars.slice(field.valueStart, field.valueEnd).join('')]);
      continue;
    }
    const scan = scanFields(chars, field.valueStart, field.valueEnd);
    if (!scan.ok) return scan;
    const nested = buildTemplate(chars, scan.fields, inner);
    if (!nested.ok) return nested;
    entries.push([field.id, nested.tags]);
  }
  return { ok: true, tags: mpmTemplate(entries), crcValid: true };
}

/**
 * Decodes a merchant-presented payload. Never throws: any input gives tags (without the CRC, which was checked)
 * or a typed error. Checks run in payload order: 00 first, each field's header, the CRC (present, last,
 * hex, right), then templates and duplicate IDs. Lowercase CRC hex is accepted (some generators write it).
 */
export function decodeMpm(text: string): MpmResult {
  if (typeof text !== 'string' || text.length === 0) return fail('qr.empty');
  // Code points are at least half the UTF-16 length, so a longer string cannot fit 512 characters.
  if (text.length > MPM_MAX_LENGTH * 2) return fail('qr.too_long');
  const chars = Array.from(text);
  const n = chars.length;
  if (n > MPM_MAX_LENGTH) return fail('qr.too_long');
  if (chars[0] !== '0' || chars[1] !== '0') return fail('qr.format_indicator_missing');
  const fields: Field[] = [];
  for (let pos = 0; pos < n;) {
    const read = readField(chars, pos, n);
    if (!read.ok) return read;
    const { field } = read;
    if (field.id !== '63') {
      fields.push(field);
      pos = field.valueEnd;
      continue;
    }
    if (field.valueEnd - field.valueStart !== 4) return fail('qr.crc_not_hex');
    if (field.valueEnd < n) {
      const tail = scanFields(chars, field.valueEnd, n);
      return fail(tail.ok ? 'qr.crc_not_last' : 'qr.data_after_crc');
    }
    const value = chars.slice(field.valueStart, field.valueEnd).join('');
    if (!/^[0-9A-Fa-f]{4}$/.test(value)) return fail('qr.crc_not_hex');
    if (crcHex(chars.slice(0, field.valueStart).join('')) !== value.toUpperCase())
      return fail('qr.crc_mismatch');
    return buildTemplate(chars, fields, 'top');
  }
  return fail('qr.crc_missing');
}

const invalid = (message: string, details?: unknown) =>
  new TillpointError('qr.invalid_tags', message, details);

function encodeLevel(template: MpmTemplate, level: Level, path: string): string {
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw invalid(`${path || 'The tags'} must be an object keyed by 2-digit IDs.`, { path });
  }
  let entries = mpmEntries(template);
  if (level === 'top') {
    // QRCPS-MPM 4.1: the Payload Format Indicator comes first and the CRC last (written below).
    entries = entries.filter(([id]) => id !== '63');
    const first = entries.findIndex(([id]) => id === '00');
    if (first < 0) throw invalid('An EMV QR needs tag 00 (payload format indicator, "01").');
    entries = [entries[first] as [string, MpmValue], ...entries.filter((_, i) => i !== first)];
  }
  let out = '';
  for (const [id, value] of entries) {
    const where = path ? `${path}.${id}` : `tag ${id}`;
    if (!/^\d\d$/.test(id)) throw invalid(`"${id}" is not an EMV QR ID (two digits).`, { path: where });
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const inner = childLevel(level, Number(id));
      if (inner === null) throw invalid(`${where} holds text, not a template.`, { path: where });
      text = encodeLevel(value, inner, where);
    } else {
      throw invalid(`${where} must be text or a template.`, { path: where });
    }
    const length = Array.from(text).length;
    if (length > 99) throw invalid(`${where} is longer than 99 characters.`, { path: where, length });
    out += `${id}${String(length).padStart(2, '0')}${text}`;
  }
  return out;
}

/**
 * Writes tags as a payload in their order (00 always first) and appends the CRC (tag 63 in the input is
 * ignored and recomputed). Throws TillpointError qr.invalid_tags for what cannot be encoded, qr.too_long past
 * 512 characters.
 */
export function encodeMpm(tags: MpmTemplate): string {
  const body = `${encodeLevel(tags, 'top', '')}6304`;
  const payload = body + crcHex(body);
  if (Array.from(payload).length > MPM_MAX_LENGTH) {
    throw new TillpointError('qr.too_long', 'The QR payload would be longer than 512 characters.');
  }
  return payload;
}

export interface MerchantQrConfig {
  merchantAccount: { id: string /* template id 26..51 */; guid: string; fields: Record<string, string> };
  mcc: string;
  /** ISO 4217 alpha; written as its numeric code in tag 53 */
  currency: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  name: string;
  city: string;
  postalCode?: string;
}

/** QRCPS-MPM 4.7.x lengths: name 25, city 15, postal code 10, reference label 25. */
function checkText(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || Array.from(value).length > max) {
    throw invalid(`The merchant ${what} must be 1 to ${max} characters.`, { what, value });
  }
  return value;
}

/** QRCPS-MPM 4.7.5 tag 54: digits with "." before the minor units, at most 13 characters ("10.50", "500"). */
function formatAmount(amount: Money, currency: string): string {
  if (amount.currency !== currency) {
    throw new TillpointError(
      'money.currency_mismatch',
      `The sale is in ${amount.currency} but the QR merchant is set up for ${currency}.`,
      { sale: amount.currency, merchant: currency },
    );
  }
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) {
    throw new TillpointError('tender.invalid_amount', 'A QR payment needs an amount above zero.', {
      amount: amount.amount,
    });
  }
  const exponent = ISO_4217_EXPONENTS[currency] ?? 2;
  const digits = String(amount.amount).padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  if (text.length > 13) throw invalid('The amount is too large for a QR code.', { amount: amount.amount });
  return text;
}

/**
 * A static bank-QR payload from the merchant's configuration. With an amount it is dynamic (tag 01 = "12",
 * QRCPS-MPM 4.7.2: point of initiation for one transaction) and carries tag 54; without, static ("11").
 * `reference` goes to 62/05 (Reference Label) so the bank statement can be matched to the sale.
 */
export function buildMerchantQr(
  cfg: MerchantQrConfig,
  amount: Money | null,
  opts?: { reference?: string },
): string {
  const account = cfg.merchantAccount;
  const accountId = Number(account?.id);
  if (!/^\d\d$/.test(account?.id ?? '') || accountId < 26 || accountId > 51) {
    throw invalid('The merchant account template ID must be 26 to 51.', { id: account?.id });
  }
  const guid = checkText(account.guid, 'account identifier (GUID)', 32);
  const accountEntries: [string, string][] = [['00', guid]];
  for (const [id, value] of Object.entries(account.fields ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!/^\d\d$/.test(id) || id === '00') {
      throw invalid(`Merchant account field "${id}" must be a 2-digit ID from 01 to 99.`, { id });
    }
    accountEntries.push([id, checkText(value, `account field ${id}`, 99)]);
  }
  if (!/^\d{4}$/.test(cfg.mcc ?? '')) throw invalid('The merchant category code is 4 digits (ISO 18245).');
  const numeric = currencyNumericCode(cfg.currency);
  if (numeric === null) {
    throw new TillpointError(
      'money.unknown_currency',
      `"${cfg.currency}" is not a currency this till knows.`,
      {
        currency: cfg.currency,
      },
    );
  }
  if (!/^[A-Z]{2}$/.test(cfg.country ?? '')) throw invalid('The country is 2 capital letters (ISO 3166-1).');
  const entries: [string, MpmValue][] = [
    ['00', '01'],
    ['01', amount === null ? '11' : '12'],
    [account.id, mpmTemplate(accountEntries)],
    ['52', cfg.mcc],
    ['53', numeric],
  ];
  if (amount !== null) entries.push(['54', formatAmount(amount, cfg.currency)]);
  entries.push(
    ['58', cfg.country],
    ['59', checkText(cfg.name, 'name', 25)],
    ['60', checkText(cfg.city, 'city', 15)],
  );
  if (cfg.postalCode !== undefined) entries.push(['61', checkText(cfg.postalCode, 'postal code', 10)]);
  if (opts?.reference !== undefined) {
    entries.push(['62', mpmTemplate([['05', checkText(opts.reference, 'reference', 25)]])]);
  }
  return encodeMpm(mpmTemplate(entries));
}
