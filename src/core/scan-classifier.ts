/**
 * What a scan is: one entry point for text from the camera, a keyboard-wedge scanner or the keypad. Order
 * matters and is chosen so one text has one meaning: wallet codes and GTINs are digits only and never look
 * like an EMV payload (which always starts "00" + 2-digit length and ends with its CRC); a CPM is base64 and
 * must decode to BER-TLV starting with 85 CPV01 (so a random base64-looking word falls through to unknown).
 */
import { isValidGtin } from './barcode.js';
import { decodeCpm, type CpmTags } from './emv-cpm.js';
import { decodeMpm, type MpmTemplate } from './emv-mpm.js';
import { looksLikeOfflineCode } from './offline-code.js';
import { maskPanRuns } from './pan.js';
import { qrError, type QrError } from './qr-error.js';
import { parseReceiptCode, parseRefundReceiptCode } from './receipt-code.js';
import { classifyWalletCode, type Wallet } from './wallet-code.js';

export type ScanKind =
  | { kind: 'emv-mpm'; tags: MpmTemplate }
  | { kind: 'emv-cpm'; tags: CpmTags }
  | { kind: 'wallet-code'; wallet: Wallet; code: string }
  | { kind: 'url'; url: string }
  /** an issuer-signed offline payment code (src/core/offline-code.ts); checked when it is charged */
  | { kind: 'offline-code'; code: string }
  | { kind: 'product-barcode'; code: string }
  /** the QR of a sale's receipt (a return at the counter): the receipt code in its printed form */
  | { kind: 'receipt'; code: string }
  /** the QR of a refund receipt: a return cannot be returned (return.of_return) */
  | { kind: 'refund-receipt'; code: string }
  | { kind: 'unknown'; error?: QrError };

/** A QR holds at most 7089 digits (ISO/IEC 18004 version 40-L); anything longer did not come from a code. */
export const SCAN_MAX_LENGTH = 7089;

const unknown = (error: QrError): ScanKind => ({ kind: 'unknown', error });
/** RFC 3986 scheme followed by "//" and no whitespace (https://, wxp://, tillpoint-sandbox://). */
const URL_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
/** An MPM starts with tag 00 and its 2-digit length (QRCPS-MPM 4.1). */
const MPM_START = /^00\d\d/;
/** Base64 of 85 05 "CPV01" (QRCPS-CPM 5.3): the first 6 bytes and 6 bits of the 7th are fixed. */
const CPM_START = 'hQVDUFYwM';

/**
 * Never throws, for any input: the decoders return typed errors and the rest is regular expressions (the
 * property test in scan-classifier.test.ts holds it to that, with no catch-all here to hide a throw).
 */
export function classifyScan(raw: string): ScanKind {
  if (typeof raw !== 'string') return unknown(qrError('qr.empty'));
  if (raw.length > SCAN_MAX_LENGTH) return unknown(qrError('qr.too_long'));
  // Scanners end with CR/LF or Tab; a payload never starts or ends with whitespace, so trimming is safe.
  const text = raw.trim();
  if (text.length === 0) return unknown(qrError('qr.empty'));
  if (/^\d+$/.test(text)) {
    const wallet = classifyWalletCode(text);
    if (wallet !== null) return { kind: 'wallet-code', wallet, code: text };
    if (isValidGtin(text)) return { kind: 'product-barcode', code: text };
  }
  // its prefix has a dot, which no receipt code, wallet code or EMV payload has
  if (looksLikeOfflineCode(text)) return { kind: 'offline-code', code: text };
  // a receipt code has letters (the terminal part) and dashes: never digits only, never an EMV payload
  const refundReceipt = parseRefundReceiptCode(text);
  if (refundReceipt !== null) return { kind: 'refund-receipt', code: refundReceipt };
  if (!/^\d+$/.test(text)) {
    const receipt = parseReceiptCode(text);
    if (receipt !== null && text.includes('-')) return { kind: 'receipt', code: receipt };
  }
  if (MPM_START.test(text)) {
    const mpm = decodeMpm(text);
    if (mpm.ok) return { kind: 'emv-mpm', tags: mpm.tags };
    // Digits only and no CRC: a number, not a damaged payload.
    return /^\d+$/.test(text) && mpm.error.code === 'qr.crc_missing'
      ? unknown(qrError('qr.unknown_format'))
      : unknown(mpm.error);
  }
  // a link is only shown, never followed: a card number in it is masked like anywhere else
  if (URL_PATTERN.test(text)) return { kind: 'url', url: maskPanRuns(text) };
  if (BASE64_PATTERN.test(text) && text.startsWith(CPM_START)) {
    const cpm = decodeCpm(text);
    return cpm.ok ? { kind: 'emv-cpm', tags: cpm.tags } : unknown(cpm.error);
  }
  return unknown(qrError('qr.unknown_format'));
}
