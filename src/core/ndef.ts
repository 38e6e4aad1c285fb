/**
 * NDEF messages (NFC Forum NDEF 1.0) with the two well-known record types a till writes and reads: Text
 * (RTD Text 1.0, type "T") and URI (RTD URI 1.0, type "U"). Anything else stays an opaque record with its
 * TNF, type and payload as lowercase hex, so a message read off a tag can be written back unchanged.
 *
 * A record (NDEF 1.0 section 3.2): header byte MB 0x80 | ME 0x40 | CF 0x20 | SR 0x10 | IL 0x08 | TNF (3 bits),
 * TYPE LENGTH (1 byte), PAYLOAD LENGTH (1 byte when SR, else 4 bytes big-endian), ID LENGTH (1 byte, only
 * when IL), TYPE, ID, PAYLOAD. The first record has MB, the last ME.
 *
 * Deliberate limits: chunked records (CF, TNF 0x06 "unchanged") are refused as nfc.ndef_invalid, as a
 * tag-sized message never needs them; record IDs are read past and not kept (nothing at the till uses them),
 * and the encoder writes none. The empty message (0 records, an NDEF TLV of length 0) is `[]`.
 */
import { nfcFail, nfcOk, type NfcResult } from './nfc-error.js';
import { isWellFormedText, utf8Bytes, utf8Decode } from './utf8.js';

export type NdefRecord =
  | { kind: 'text'; text: string; lang: string }
  | { kind: 'uri'; uri: string }
  /** `type` and `payload` are hex (lowercase when decoded; either case accepted when encoding) */
  | { kind: 'other'; tnf: number; type: string; payload: string };

const MB = 0x80;
const ME = 0x40;
const CF = 0x20;
const SR = 0x10;
const IL = 0x08;
const TNF_EMPTY = 0x00;
const TNF_WELL_KNOWN = 0x01;
const TNF_UNKNOWN = 0x05;
const TNF_UNCHANGED = 0x06;
const TYPE_TEXT = 0x54; // "T"
const TYPE_URI = 0x55; // "U"

/**
 * RTD URI 1.0 section 3.2.2, URI Identifier Codes 0x00-0x23 (0x24-0xFF are RFU). The same table as
 * nfcpy's ndef/uri_record.py and Android's NdefRecord.URI_PREFIX_MAP.
 */
export const URI_PREFIXES: readonly string[] = [
  '',
  'http://www.',
  'https://www.',
  'http://',
  'https://',
  'tel:',
  'mailto:',
  'ftp://anonymous:anonymous@',
  'ftp://ftp.',
  'ftps://',
  'sftp://',
  'smb://',
  'nfs://',
  'ftp://',
  'dav://',
  'news:',
  'telnet://',
  'imap:',
  'rtsp://',
  'urn:',
  'pop:',
  'sip:',
  'sips:',
  'tftp:',
  'btspp://',
  'btl2cap://',
  'btgoep://',
  'tcpobex://',
  'irdaobex://',
  'file://',
  'urn:epc:id:',
  'urn:epc:tag:',
  'urn:epc:pat:',
  'urn:epc:raw:',
  'urn:epc:',
  'urn:nfc:',
];

const invalid = <T>(why: string): NfcResult<T> =>
  nfcFail('nfc.ndef_invalid', `The data on this tag is damaged or not NDEF (${why}). Rewrite the tag.`);

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** The longest prefix of the table that starts `uri` (0x00 "" always matches). */
function uriPrefixCode(uri: string): number {
  let best = 0;
  URI_PREFIXES.forEach((prefix, code) => {
    if (uri.startsWith(prefix) && prefix.length > (URI_PREFIXES[best] as string).length) best = code;
  });
  return best;
}

interface RawRecord {
  tnf: number;
  type: Uint8Array;
  payload: Uint8Array;
}

function rawRecord(record: NdefRecord): NfcResult<RawRecord> {
  switch (record.kind) {
    case 'text': {
      // RTD Text 1.0 section 3.2.1: status byte = UTF-16 flag (bit 7, 0 = UTF-8), RFU (bit 6), language code
      // length (bits 5..0); then the IANA language code in US-ASCII; then the text. We always write UTF-8.
      const lang = record.lang;
      if (lang.length > 63 || !/^[\x20-\x7e]*$/.test(lang))
        return invalid('a language code is not 0-63 ASCII');
      if (!isWellFormedText(record.text)) return invalid('a text has a lone surrogate');
      const langBytes = Uint8Array.from(lang, (c) => c.charCodeAt(0));
      const payload = concat([Uint8Array.of(langBytes.length), langBytes, utf8Bytes(record.text)]);
      return nfcOk({ tnf: TNF_WELL_KNOWN, type: Uint8Array.of(TYPE_TEXT), payload });
    }
    case 'uri': {
      // RTD URI 1.0 section 3.2: one identifier-code byte, then the rest of the URI in UTF-8.
      if (!isWellFormedText(record.uri)) return invalid('a URI has a lone surrogate');
      const code = uriPrefixCode(record.uri);
      const rest = record.uri.slice((URI_PREFIXES[code] as string).length);
      return nfcOk({
        tnf: TNF_WELL_KNOWN,
        type: Uint8Array.of(TYPE_URI),
        payload: concat([Uint8Array.of(code), utf8Bytes(rest)]),
      });
    }
    case 'other': {
      const { tnf } = record;
      const type = fromHex(record.type);
      const payload = fromHex(record.payload);
      if (type === null || payload === null) return invalid('a type or payload is not hex');
      if (!Number.isInteger(tnf) || tnf < 0 || tnf > 7 || tnf === TNF_UNCHANGED) {
        return invalid('a record has a TNF other than 0-5 or 7');
      }
      const check = checkTnf(tnf, type.length, payload.length);
      if (check !== null) return invalid(check);
      return nfcOk({ tnf, type, payload });
    }
  }
}

/** NDEF 1.0 sections 3.3.1-3.3.7: what each TNF allows, or null when the record is fine. */
function checkTnf(tnf: number, typeLength: number, payloadLength: number): string | null {
  if (typeLength > 255) return 'a type is longer than 255 bytes';
  if (tnf === TNF_EMPTY && (typeLength !== 0 || payloadLength !== 0)) return 'an empty record has content';
  // TNF 0x07 is reserved; NDEF 1.0 section 3.3.10 asks a parser to treat it as Unknown, so it may go either way.
  if (tnf >= 0x01 && tnf <= 0x04 && typeLength === 0) return 'a record has no type';
  if ((tnf === TNF_UNKNOWN || tnf === TNF_UNCHANGED) && typeLength !== 0)
    return 'an unknown record has a type';
  return null;
}

/** The bytes of an NDEF message; `[]` is the empty message (no bytes). */
export function encodeNdefMessage(records: readonly NdefRecord[]): NfcResult<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < records.length; i++) {
    const raw = rawRecord(records[i] as NdefRecord);
    if (!raw.ok) return raw;
    const { tnf, type, payload } = raw.value;
    const short = payload.length < 256;
    if (payload.length > 0xffffffff) return invalid('a payload is longer than 4 GiB');
    const header = (i === 0 ? MB : 0) | (i === records.length - 1 ? ME : 0) | (short ? SR : 0) | tnf;
    const n = payload.length;
    const length = short ? [n] : [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    parts.push(Uint8Array.of(header, type.length, ...length), type, payload);
  }
  return nfcOk(concat(parts));
}

function decodeText(payload: Uint8Array): NfcResult<NdefRecord> {
  if (payload.length < 1) return invalid('a text record has no status byte');
  const status = payload[0] as number;
  const langLength = status & 0x3f;
  if (1 + langLength > payload.length) return invalid('a language code runs past its record');
  const langBytes = payload.subarray(1, 1 + langLength);
  if (langBytes.some((b) => b < 0x20 || b > 0x7e)) return invalid('a language code is not ASCII');
  const lang = String.fromCharCode(...langBytes);
  const body = payload.subarray(1 + langLength);
  const text = status & 0x80 ? utf16Decode(body) : utf8Decode(body);
  if (text === null) return invalid(`a text is not valid ${status & 0x80 ? 'UTF-16' : 'UTF-8'}`);
  return nfcOk({ kind: 'text', text, lang });
}

/**
 * RTD Text 1.0 section 3.4: UTF-16 text may start with a byte order mark; without one it is big-endian.
 * Lone surrogates are refused like any other ill-formed text.
 */
function utf16Decode(bytes: Uint8Array): string | null {
  if (bytes.length % 2 !== 0) return null;
  let littleEndian = false;
  let start = 0;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) [littleEndian, start] = [true, 2];
  else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) start = 2;
  let text = '';
  for (let i = start; i < bytes.length; i += 2) {
    const a = bytes[i] as number;
    const b = bytes[i + 1] as number;
    text += String.fromCharCode(littleEndian ? (b << 8) | a : (a << 8) | b);
  }
  return isWellFormedText(text) ? text : null;
}

function decodeUri(payload: Uint8Array): NfcResult<NdefRecord> {
  if (payload.length < 1) return invalid('a URI record has no identifier code');
  const prefix = URI_PREFIXES[payload[0] as number];
  // RTD URI 1.0 section 3.2.2: codes 0x24-0xFF are RFU. Refused (as Android does) rather than guessed at.
  if (prefix === undefined) return invalid('a URI record has a reserved identifier code');
  const rest = utf8Decode(payload.subarray(1));
  if (rest === null) return invalid('a URI is not valid UTF-8');
  return nfcOk({ kind: 'uri', uri: prefix + rest });
}

/** The records of an NDEF message; never throws, whatever the bytes. */
export function decodeNdefMessage(bytes: Uint8Array): NfcResult<NdefRecord[]> {
  const records: NdefRecord[] = [];
  let at = 0;
  let ended = bytes.length === 0;
  while (at < bytes.length) {
    if (ended) return invalid('there are bytes after the last record');
    const header = bytes[at] as number;
    const first = records.length === 0;
    if (first !== Boolean(header & MB)) return invalid(first ? 'the first record lacks MB' : 'a second MB');
    if (header & CF) return invalid('a record is chunked');
    const tnf = header & 0x07;
    const fixed = 2 + (header & SR ? 1 : 4) + (header & IL ? 1 : 0);
    if (at + fixed > bytes.length) return invalid('a record header runs past the end');
    const typeLength = bytes[at + 1] as number;
    let payloadLength: number;
    if (header & SR) payloadLength = bytes[at + 2] as number;
    else {
      const p = at + 2;
      payloadLength =
        (bytes[p] as number) * 0x1000000 +
        (((bytes[p + 1] as number) << 16) | ((bytes[p + 2] as number) << 8) | (bytes[p + 3] as number));
    }
    const idLength = header & IL ? (bytes[at + fixed - 1] as number) : 0;
    const typeStart = at + fixed;
    const payloadStart = typeStart + typeLength + idLength;
    const end = payloadStart + payloadLength;
    if (end > bytes.length) return invalid('a record runs past the end');
    if (tnf === TNF_UNCHANGED) return invalid('a record is a middle chunk');
    const tnfError = checkTnf(tnf, typeLength, payloadLength);
    if (tnfError !== null || (tnf === TNF_EMPTY && idLength !== 0)) {
      return invalid(tnfError ?? 'an empty record has an ID');
    }
    const type = bytes.subarray(typeStart, typeStart + typeLength);
    const payload = bytes.subarray(payloadStart, end);
    let record: NfcResult<NdefRecord>;
    if (tnf === TNF_WELL_KNOWN && typeLength === 1 && type[0] === TYPE_TEXT) record = decodeText(payload);
    else if (tnf === TNF_WELL_KNOWN && typeLength === 1 && type[0] === TYPE_URI) record = decodeUri(payload);
    else record = nfcOk({ kind: 'other', tnf, type: toHex(type), payload: toHex(payload) });
    if (!record.ok) return record;
    records.push(record.value);
    ended = Boolean(header & ME);
    at = end;
  }
  if (!ended) return invalid('the last record lacks ME');
  return nfcOk(records);
}
