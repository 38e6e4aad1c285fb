import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  canonicalRequest,
  gatewaySignatureHeaders,
  gatewaySignatureWindowMs,
} from '../shared/gateway-signature.js';

/**
 * HMAC-SHA256 request signatures with a per-merchant key (design section B). The canonical string comes
 * from src/shared so the terminal's client signs exactly what the gateway verifies.
 */

export const sha256Hex = (body: string | Uint8Array): string =>
  createHash('sha256').update(body).digest('hex');

export const hmacHex = (key: string, text: string): string =>
  createHmac('sha256', key).update(text, 'utf8').digest('hex');

export interface SignInput {
  method: string;
  path: string;
  body: string;
  merchantId: string;
  key: string;
  timestamp: number | string;
  nonce: string;
}

/** The four headers of a signed request. */
export function signRequest(input: SignInput): Record<string, string> {
  const timestamp = String(input.timestamp);
  const canonical = canonicalRequest(input.method, input.path, timestamp, input.nonce, sha256Hex(input.body));
  return {
    [gatewaySignatureHeaders.merchantId]: input.merchantId,
    [gatewaySignatureHeaders.timestamp]: timestamp,
    [gatewaySignatureHeaders.nonce]: input.nonce,
    [gatewaySignatureHeaders.signature]: hmacHex(input.key, canonical),
  };
}

export type SignatureFailureCode = 'SIGN_ERROR' | 'TIMESTAMP_SKEW' | 'NONCE_REUSED' | 'UNKNOWN_MERCHANT';

export type SignatureCheck =
  { ok: true; merchantId: string } | { ok: false; code: SignatureFailureCode; message: string };

/**
 * Nonces seen inside the window, per merchant. A nonce only needs remembering while its timestamp is still
 * acceptable: after that the timestamp check refuses the replay anyway, so entries are pruned then.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs = gatewaySignatureWindowMs) {}

  /** true when the nonce was new (and is now remembered), false for a replay. */
  claim(merchantId: string, nonce: string, timestampMs: number, nowMs: number): boolean {
    if (this.seen.size > 10_000) this.prune(nowMs);
    const key = `${merchantId}\n${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until >= nowMs) return false;
    this.seen.set(key, Math.max(timestampMs, nowMs) + this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  prune(nowMs: number): void {
    for (const [key, until] of this.seen) if (until < nowMs) this.seen.delete(key);
  }
}

export interface VerifyInput {
  method: string;
  path: string;
  rawBody: Uint8Array;
  /** Node's lowercased request headers. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** merchant id -> key */
  merchants: ReadonlyMap<string, string>;
  nonces: NonceCache;
  nowMs: number;
  windowMs?: number;
}

const header = (headers: VerifyInput['headers'], name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Checks a request in the order that leaks least and burns nothing: merchant, timestamp window, signature,
 * and only then the nonce, so a forged request cannot use up a real client's nonce.
 */
export function verifySignature(input: VerifyInput): SignatureCheck {
  const windowMs = input.windowMs ?? gatewaySignatureWindowMs;
  const merchantId = header(input.headers, gatewaySignatureHeaders.merchantId);
  const timestamp = header(input.headers, gatewaySignatureHeaders.timestamp);
  const nonce = header(input.headers, gatewaySignatureHeaders.nonce);
  const signature = header(input.headers, gatewaySignatureHeaders.signature);
  const missing = Object.values(gatewaySignatureHeaders).filter((name) => !header(input.headers, name));
  if (missing.length > 0 || !merchantId || !timestamp || !nonce || !signature) {
    return {
      ok: false,
      code: 'SIGN_ERROR',
      message: `The request is not signed: missing ${missing.join(', ')}`,
    };
  }
  const key = input.merchants.get(merchantId);
  if (key === undefined) {
    return { ok: false, code: 'UNKNOWN_MERCHANT', message: `No merchant "${merchantId}" at this gateway` };
  }
  if (!/^\d{1,16}$/.test(timestamp)) {
    return { ok: false, code: 'SIGN_ERROR', message: 'X-Timestamp must be unix milliseconds (digits only)' };
  }
  const timestampMs = Number(timestamp);
  if (Math.abs(input.nowMs - timestampMs) > windowMs) {
    return {
      ok: false,
      code: 'TIMESTAMP_SKEW',
      message: `X-Timestamp is more than ${windowMs / 1000} s away from the gateway's clock; check the till's clock`,
    };
  }
  if (nonce.length > 128) {
    return { ok: false, code: 'SIGN_ERROR', message: 'X-Nonce is longer than 128 characters' };
  }
  const expected = Buffer.from(
    hmacHex(key, canonicalRequest(input.method, input.path, timestamp, nonce, sha256Hex(input.rawBody))),
    'hex',
  );
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  // Constant time, so the gateway does not reveal how many leading bytes of a forgery were right.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'SIGN_ERROR', message: 'The signature does not match; check the merchant key' };
  }
  if (!input.nonces.claim(merchantId, nonce, timestampMs, input.nowMs)) {
    return { ok: false, code: 'NONCE_REUSED', message: 'This X-Nonce was already used; send a fresh one' };
  }
  return { ok: true, merchantId };
}
