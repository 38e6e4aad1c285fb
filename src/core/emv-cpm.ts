/**
 * EMV consumer-presented mode QR (EMVCo QRCPS-CPM v1.0): the code a customer's banking app shows. The text
 * is base64 (5.2) of BER-TLV data objects (ISO/IEC 8825-1, EMV Book 3 Annex B): multi-byte tags, long-form
 * lengths. It starts with the Payload Format Indicator 85 = "CPV01" (5.3); 61 Application Templates carry each
 * application's data (4F AID, 57 track 2, 5A PAN ...), 62 and 64 are nested templates too (any tag with the
 * constructed bit is parsed as a template).
 *
 * Card numbers never leave this module in clear: 5A (PAN) and the PAN part of 57 / 9F6B (track 2 equivalent
 * data) are masked first 6 + last 4 in the returned structure itself (PCI DSS 3.4), so no caller, log or
 * database row can see the full number. Every other value is searched too (a card number in a tag this
 * module does not expect, as BCD or as ASCII digits): see maskStrayPans.
 */
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { TillpointError } from './errors.js';
import { maskPan, maskPanRuns, PAN_MIN_DIGITS, holdsLuhnRun } from './pan.js';
import { qrError, type QrError, type QrErrorCode } from './qr-error.js';

export { maskPan } from './pan.js';

/** Tag (uppercase hex) -> value (uppercase hex, masked for card numbers) or nested tags for a template. */
export interface CpmTags {
  readonly [tagHex: string]: string | CpmTags;
}
export type CpmResult = { ok: true; tags: CpmTags } | { ok: false; error: QrError };

/** Far beyond any real CPM (a few hundred characters); keeps a pasted document from being parsed. */
export const CPM_MAX_LENGTH = 2048;
const MAX_DEPTH = 8;
/** "CPV01" in ASCII: QRCPS-CPM 5.3 Payload Format Indicator. */
const CPV01 = '4350563031';

const hex = (bytes: Uint8Array, from: number, to: number) => {
  let out = '';
  for (let i = from; i < to; i++) out += (bytes[i] as number).toString(16).toUpperCase().padStart(2, '0');
  return out;
};

/**
 * 5A is BCD padded with F. 57 / 9F6B are PAN 'D' expiry service-code discretionary data: the discretionary
 * data can hold card verification values (sensitive authentication data, PCI DSS 3.2), so everything after the
 * PAN is withheld, not only the PAN masked. 56 (track 1, ASCII) is withheld whole.
 */
function maskCardValue(tag: string, value: string): string {
  if (tag === '5A') return maskPan(value.replace(/F+$/, ''));
  if (tag === '56') return '*'.repeat(value.length);
  const separator = value.indexOf('D');
  if (separator < 0) return maskPan(value.replace(/F+$/, ''));
  return maskPan(value.slice(0, separator)) + 'D' + '*'.repeat(value.length - separator - 1);
}
const CARD_TAGS = new Set(['5A', '56', '57', '9F6B']);

/**
 * Defence in depth for the tags not in CARD_TAGS: a card number written as ASCII digits has the middle
 * bytes withheld ("**" per byte), then any Luhn-valid 13-19 digit run left in the hex text (a BCD card
 * number, or digits the hex of other bytes happens to form) is masked. Such a value no longer encodes.
 */
function maskStrayPans(bytes: Uint8Array, from: number, to: number, value: string): string {
  let text = value;
  let runStart = -1;
  for (let i = from; i <= to; i++) {
    const digit = i < to && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39;
    if (digit && runStart < 0) runStart = i;
    if (digit || runStart < 0) continue;
    const length = i - runStart;
    if (length >= PAN_MIN_DIGITS) {
      const ascii = String.fromCharCode(...bytes.subarray(runStart, i));
      if (holdsLuhnRun(ascii)) {
        const hidden = (runStart - from + 6) * 2;
        const shown = (i - from - 4) * 2;
        text = text.slice(0, hidden) + '*'.repeat(shown - hidden) + text.slice(shown);
      }
    }
    runStart = -1;
  }
  return maskPanRuns(text);
}

/**
 * Integer-like keys ("57", "61", "85") enumerate first and ascending in JavaScript, whatever the insertion
 * order; decoded tags keep their payload order in this non-enumerable symbol, read by cpmEntries.
 */
const ORDER = Symbol('tillpoint.cpm.order');

/** The entries of decoded tags in payload order (object order for tags built by hand, with 85 first). */
export function cpmEntries(tags: CpmTags): [string, string | CpmTags][] {
  const keys = Object.keys(tags);
  const order = (tags as { [ORDER]?: readonly string[] })[ORDER];
  const usable =
    order !== undefined && order.length === keys.length && order.every((k) => Object.hasOwn(tags, k));
  const ids = usable ? order : [...keys.filter((k) => k === '85'), ...keys.filter((k) => k !== '85')];
  return ids.map((k) => [k, tags[k] as string | CpmTags]);
}

type Parsed = { ok: true; tags: CpmTags } | { ok: false; error: QrError };
const fail = (code: QrErrorCode): { ok: false; error: QrError } => ({ ok: false, error: qrError(code) });

/**
 * Several 61 Application Templates are legal (one per application, QRCPS-CPM 5.4), but an object has one key
 * per tag: the second and later copies are keyed "61#2", "61#3" ... in payload order.
 */
const keyFor = (tags: Record<string, unknown>, tag: string) => {
  if (!Object.hasOwn(tags, tag)) return tag;
  let i = 2;
  while (Object.hasOwn(tags, `${tag}#${i}`)) i++;
  return `${tag}#${i}`;
};

function parseTlv(bytes: Uint8Array, from: number, to: number, depth: number): Parsed {
  if (depth > MAX_DEPTH) return fail('qr.bad_tlv');
  const tags: Record<string, string | CpmTags> = {};
  const order: string[] = [];
  Object.defineProperty(tags, ORDER, { value: order, enumerable: false });
  let pos = from;
  while (pos < to) {
    // EMV Book 3 Annex B1: '00' bytes may pad before, between or after data objects.
    if (bytes[pos] === 0x00) {
      pos++;
      continue;
    }
    const tagStart = pos;
    const first = bytes[pos++] as number;
    if ((first & 0x1f) === 0x1f) {
      // ISO/IEC 8825-1 8.1.2.4: subsequent tag bytes have bit 8 set except the last; EMV uses at most 3 bytes.
      let more = true;
      while (more) {
        if (pos >= to || pos - tagStart >= 3) return fail('qr.bad_tlv');
        more = ((bytes[pos++] as number) & 0x80) !== 0;
      }
    }
    const tag = hex(bytes, tagStart, pos);
    if (pos >= to) return fail('qr.bad_tlv');
    let length = bytes[pos++] as number;
    if (length & 0x80) {
      // 8.1.3.5 long form; 0x80 (indefinite) is not allowed in EMV, and 3 length bytes are plenty here.
      const count = length & 0x7f;
      if (count === 0 || count > 3 || pos + count > to) return fail('qr.bad_tlv');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (bytes[pos++] as number);
    }
    if (pos + length > to) return fail('qr.bad_tlv');
    const key = keyFor(tags, tag);
    order.push(key);
    if (first & 0x20) {
      const nested = parseTlv(bytes, pos, pos + length, depth + 1);
      if (!nested.ok) return nested;
      tags[key] = nested.tags;
    } else {
      const value = hex(bytes, pos, pos + length);
      tags[key] = CARD_TAGS.has(tag)
        ? maskCardValue(tag, value)
        : maskStrayPans(bytes, pos, pos + length, value);
    }
    pos += length;
  }
  return { ok: true, tags };
}

/** Decodes a consumer-presented QR. Never throws: tags (card numbers masked) or a typed error. */
export function decodeCpm(base64: string): CpmResult {
  if (typeof base64 !== 'string' || base64.length === 0) return fail('qr.empty');
  if (base64.length > CPM_MAX_LENGTH) return fail('qr.too_long');
  const bytes = base64ToBytes(base64);
  if (bytes === null) return fail('qr.bad_base64');
  if (bytes.length === 0) return fail('qr.empty');
  const parsed = parseTlv(bytes, 0, bytes.length, 0);
  if (!parsed.ok) return parsed;
  // QRCPS-CPM 5.3: the Payload Format Indicator is the first data object and says CPV01.
  const [first] = cpmEntries(parsed.tags);
  if (first?.[0] !== '85' || first[1] !== CPV01) return fail('qr.cpm_no_cpv');
  return parsed;
}

const invalid = (message: string, details?: unknown) =>
  new TillpointError('qr.invalid_tags', message, details);

/** ISO/IEC 8825-1 8.1.2: one byte unless its low 5 bits are all set; then more bytes, bit 8 set but on the last. */
function isTag(bytes: readonly number[]): boolean {
  const [first, ...rest] = bytes;
  if (first === undefined || first === 0x00) return false;
  if ((first & 0x1f) !== 0x1f) return rest.length === 0;
  return rest.length > 0 && rest.every((b, i) => ((b & 0x80) !== 0) === i < rest.length - 1);
}

function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length < 0x100) return [0x81, length];
  if (length < 0x10000) return [0x82, length >> 8, length & 0xff];
  throw invalid('A CPM data object is too long.', { length });
}

function encodeTlv(tags: CpmTags, depth: number): number[] {
  if (depth > MAX_DEPTH) throw invalid('CPM templates nest too deep.');
  const out: number[] = [];
  for (const [key, value] of cpmEntries(tags)) {
    const tag = key.replace(/#\d+$/, '');
    const tagBytes = /^([0-9A-F]{2}){1,3}$/.test(tag)
      ? (tag.match(/../g) ?? []).map((h) => parseInt(h, 16))
      : [];
    if (!isTag(tagBytes)) throw invalid(`"${key}" is not a BER-TLV tag in hex.`, { key });
    const constructed = ((tagBytes[0] as number) & 0x20) !== 0;
    let body: number[];
    if (typeof value === 'string') {
      if (constructed) throw invalid(`Tag ${tag} is a template, not a value.`, { tag });
      if (!/^([0-9A-Fa-f]{2})*$/.test(value)) {
        throw invalid(`Tag ${tag} must be hex bytes (a masked card number cannot be encoded).`, { tag });
      }
      body = (value.match(/../g) ?? []).map((h) => parseInt(h, 16));
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (!constructed) throw invalid(`Tag ${tag} holds a value, not a template.`, { tag });
      body = encodeTlv(value, depth + 1);
    } else {
      throw invalid(`Tag ${tag} must be hex text or a template.`, { tag });
    }
    out.push(...tagBytes, ...encodeLength(body.length), ...body);
  }
  return out;
}

/** The base64 payload for tags (in object order; "61#2" keys become further 61 templates). Throws qr.invalid_tags. */
export function encodeCpm(tags: CpmTags): string {
  return bytesToBase64(Uint8Array.from(encodeTlv(tags, 0)));
}
