/**
 * Offline payment codes: the code a wallet's phone shows when it cannot reach its server. The issuer signed
 * it beforehand (the phone holds a small batch, one per counter value), so the till can check it with the
 * issuer's public key alone and take the payment with no network; the issuer settles the record later.
 *
 * The shape follows the transit-code schemes it learns from (Alipay's offline pay keys by `key_id`, China
 * MoT's 交通一卡通二维码 on SM2, EMV CPM's compact binary in a QR): a fixed binary body, then the issuer's
 * signature over exactly those bytes. One level of keys: the issuer's key signs each code (no per-user key
 * certificate): the phone never holds a private key, and a key is rotated by publishing a new key id through
 * the hub and retiring the old one with a not-after.
 *
 * Text form (what the QR holds): "TPOC1." + base64url (RFC 4648 section 5, no padding) of
 *
 *   offset  size  field
 *   0       1     version, 0x01
 *   1       1     algorithm: 0x01 SM2 with SM3 (GB/T 32918.2, user id 1234567812345678), 0x02 ECDSA P-256
 *                 with SHA-256 (FIPS 186-4)
 *   2       1+n   key id: length n (1..32), then n bytes of printable ASCII
 *   .       1+n   user id: length n (1..64), then n bytes of printable ASCII (the issuer's user number)
 *   .       4     counter, unsigned big-endian: one value per code, never reused by the issuer
 *   .       4     issued at, unsigned big-endian seconds since 1970-01-01 UTC
 *   .       2     valid for, unsigned big-endian seconds (1..65535)
 *   .       4     the user's offline credit limit, unsigned big-endian minor units of the currency
 *   .       3     ISO 4217 alphabetic currency code
 *   .       1+n   signature: length n (8..80), then the DER ECDSA-Sig-Value (SEQUENCE of r, s), the form
 *                 both GB/T 32918 tools (OpenSSL, sm-crypto) and X.509 use
 *
 * The signature covers every byte before its own length byte. Nothing may follow it. The whole text is about
 * 170 characters, a version-10 QR at level M.
 */
import { base64ToBytes, bytesToBase64 } from './base64.js';

export const OFFLINE_CODE_PREFIX = 'TPOC1.';
export const OFFLINE_CODE_VERSION = 1;

export const offlineCodeAlgorithms = ['sm2-sm3', 'ecdsa-p256-sha256'] as const;
export type OfflineCodeAlgorithm = (typeof offlineCodeAlgorithms)[number];
const ALG_BYTE: Record<OfflineCodeAlgorithm, number> = { 'sm2-sm3': 0x01, 'ecdsa-p256-sha256': 0x02 };

export interface OfflineCodeBody {
  readonly algorithm: OfflineCodeAlgorithm;
  readonly keyId: string;
  readonly userId: string;
  readonly counter: number;
  /** epoch seconds */
  readonly issuedAtS: number;
  readonly validForS: number;
  /** the user's offline credit limit, minor units of `currency` */
  readonly creditLimit: number;
  readonly currency: string;
}

export interface OfflineCode extends OfflineCodeBody {
  /** the bytes the signature covers */
  readonly signed: Uint8Array;
  /** DER ECDSA-Sig-Value */
  readonly signature: Uint8Array;
}

export type OfflineCodeDecodeError = { readonly code: 'offline_code.malformed'; readonly message: string };
export type DecodeResult = { ok: true; code: OfflineCode } | { ok: false; error: OfflineCodeDecodeError };

const PRINTABLE = /^[\x21-\x7e]+$/;
const CURRENCY = /^[A-Z]{3}$/;
const U32 = 0xffff_ffff;

const malformed = (message: string): DecodeResult => ({
  ok: false,
  error: { code: 'offline_code.malformed', message },
});

/** base64url without padding (RFC 4648 section 5) over the standard codec. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export function base64UrlToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  return base64ToBytes(text.replace(/-/g, '+').replace(/_/g, '/'));
}

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const asciiBytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Checks a body's fields; null when it can be encoded, else why not. */
function bodyProblem(b: OfflineCodeBody): string | null {
  if (!offlineCodeAlgorithms.includes(b.algorithm)) return 'unknown algorithm';
  if (!PRINTABLE.test(b.keyId) || b.keyId.length > 32) return 'key id: 1 to 32 printable ASCII characters';
  if (!PRINTABLE.test(b.userId) || b.userId.length > 64) return 'user id: 1 to 64 printable ASCII characters';
  for (const [name, v, max] of [
    ['counter', b.counter, U32],
    ['issued at', b.issuedAtS, U32],
    ['valid for', b.validForS, 0xffff],
    ['credit limit', b.creditLimit, U32],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > max) return `${name}: an integer from 0 to ${max}`;
  }
  if (b.validForS < 1) return 'valid for: at least 1 second';
  if (!CURRENCY.test(b.currency)) return 'currency: an ISO 4217 code';
  return null;
}

/** The bytes an issuer signs for this body. Throws on a body no code can carry (an issuer's bug). */
export function offlineCodeSignedBytes(b: OfflineCodeBody): Uint8Array {
  const problem = bodyProblem(b);
  if (problem !== null) throw new RangeError(`offline code: ${problem}`);
  const out: number[] = [OFFLINE_CODE_VERSION, ALG_BYTE[b.algorithm]];
  const field = (bytes: Uint8Array) => out.push(bytes.length, ...bytes);
  const u32 = (v: number) => out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  field(asciiBytes(b.keyId));
  field(asciiBytes(b.userId));
  u32(b.counter);
  u32(b.issuedAtS);
  out.push((b.validForS >>> 8) & 0xff, b.validForS & 0xff);
  u32(b.creditLimit);
  out.push(...asciiBytes(b.currency));
  return Uint8Array.from(out);
}

/** The QR text for signed bytes and their DER signature. */
export function encodeOfflineCode(signed: Uint8Array, signature: Uint8Array): string {
  if (signature.length < 8 || signature.length > 80) throw new RangeError('offline code: signature size');
  const all = new Uint8Array(signed.length + 1 + signature.length);
  all.set(signed, 0);
  all[signed.length] = signature.length;
  all.set(signature, signed.length + 1);
  return OFFLINE_CODE_PREFIX + bytesToBase64Url(all);
}

/** Is this text meant to be an offline code (the scan classifier's test; it may still be malformed)? */
export const looksLikeOfflineCode = (text: string): boolean => text.startsWith(OFFLINE_CODE_PREFIX);

/** Never throws: any text gives a code or offline_code.malformed. */
export function decodeOfflineCode(text: string): DecodeResult {
  if (typeof text !== 'string' || !looksLikeOfflineCode(text)) return malformed('not an offline code');
  if (text.length > 600) return malformed('too long');
  const bytes = base64UrlToBytes(text.slice(OFFLINE_CODE_PREFIX.length));
  if (bytes === null) return malformed('not base64url');
  let at = 0;
  const take = (n: number): Uint8Array | null => {
    if (at + n > bytes.length) return null;
    const part = bytes.subarray(at, at + n);
    at += n;
    return part;
  };
  const byte = () => take(1)?.[0] ?? null;
  const uint = (n: number): number | null => {
    const part = take(n);
    return part === null ? null : part.reduce((acc, b) => acc * 256 + b, 0);
  };
  const lengthPrefixed = (min: number, max: number): Uint8Array | null => {
    const n = byte();
    return n === null || n < min || n > max ? null : take(n);
  };

  if (byte() !== OFFLINE_CODE_VERSION) return malformed('unknown version');
  const algByte = byte();
  const algorithm = offlineCodeAlgorithms.find((a) => ALG_BYTE[a] === algByte);
  if (algorithm === undefined) return malformed('unknown algorithm');
  const keyId = lengthPrefixed(1, 32);
  const userId = lengthPrefixed(1, 64);
  const counter = uint(4);
  const issuedAtS = uint(4);
  const validForS = uint(2);
  const creditLimit = uint(4);
  const currency = take(3);
  if (
    keyId === null ||
    userId === null ||
    counter === null ||
    issuedAtS === null ||
    validForS === null ||
    creditLimit === null ||
    currency === null
  ) {
    return malformed('truncated');
  }
  const signedEnd = at;
  const signature = lengthPrefixed(8, 80);
  if (signature === null) return malformed('no signature');
  if (at !== bytes.length) return malformed('bytes after the signature');
  const body: OfflineCodeBody = {
    algorithm,
    keyId: ascii(keyId),
    userId: ascii(userId),
    counter,
    issuedAtS,
    validForS,
    creditLimit,
    currency: ascii(currency),
  };
  const problem = bodyProblem(body);
  if (problem !== null) return malformed(problem);
  return {
    ok: true,
    code: { ...body, signed: bytes.slice(0, signedEnd), signature: bytes.slice(signedEnd + 1) },
  };
}
