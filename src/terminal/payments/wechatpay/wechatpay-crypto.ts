import {
  createHash,
  createHmac,
  createSign,
  createVerify,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { v2StringToSign } from '../../../shared/wechatpay-wire.js';

/** The till's side of WeChat Pay's signatures; the strings signed come from src/shared/wechatpay-wire.ts. */

export type V2SignType = 'MD5' | 'HMAC-SHA256';

/** API v2: MD5 or HMAC-SHA256 (keyed with the API v2 key) over the sorted fields, upper-case hex. */
export function signV2(fields: Readonly<Record<string, string>>, apiKey: string, type: V2SignType): string {
  const text = v2StringToSign(fields, apiKey);
  const digest =
    type === 'MD5'
      ? createHash('md5').update(text, 'utf8').digest('hex')
      : createHmac('sha256', apiKey).update(text, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** API v2: an answer's `sign` checked in constant time (a missing sign is a bad one). */
export function verifyV2(
  fields: Readonly<Record<string, string>>,
  apiKey: string,
  type: V2SignType,
): boolean {
  const given = Buffer.from(fields.sign ?? '', 'utf8');
  const expected = Buffer.from(signV2(fields, apiKey, type), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** API v3: SHA256 with RSA (PKCS#1 v1.5), base64: the merchant's request signature. */
export const signV3 = (message: string, merchantKey: KeyObject): string =>
  createSign('RSA-SHA256').update(message, 'utf8').sign(merchantKey, 'base64');

/** API v3: an answer's Wechatpay-Signature checked with a platform certificate's public key. */
export function verifyV3(message: string, signatureB64: string, platformKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(platformKey, signatureB64, 'base64');
  } catch {
    return false;
  }
}
