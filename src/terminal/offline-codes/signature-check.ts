import { createPublicKey, verify } from 'node:crypto';
import type { sm2 as Sm2 } from 'sm-crypto-v2';
import type { IssuerKey, SignatureCheck } from '../../core/offline-code-verify.js';

/**
 * The signature checks behind src/core/offline-code-verify.ts's `SignatureCheck`.
 *
 * SM2: GB/T 32918.2 with SM3 over Z_A || M, where Z_A hashes the default distinguishing id
 * "1234567812345678" (GB/T 32918.2 annex A, GM/T 0009 section 10) with the curve and the public key. This is
 * what `openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:1234567812345678` makes and what
 * sm-crypto-v2 checks with `{ der: true, hash: true }` (on @noble/curves). Node's own crypto.sign('sm3', ...)
 * on an SM2 key is not this signature (no Z_A), so it is not used.
 *
 * P-256: ECDSA with SHA-256 (FIPS 186-4), DER signature, through node:crypto.
 */
const POINT = /^04[0-9a-f]{128}$/;

let sm2: typeof Sm2 | undefined;
/**
 * sm-crypto-v2 and @noble/curves (about 7 MB of a till's memory) load with the first offline code, not with
 * every till's start: the contract's handler awaits this before it checks a code.
 */
export async function loadSignatureChecks(): Promise<void> {
  sm2 ??= (await import('sm-crypto-v2')).sm2;
}

const b64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

function checkP256(key: IssuerKey, signed: Uint8Array, signatureDer: Uint8Array): boolean {
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: b64url(key.publicKeyHex.slice(2, 66)),
      y: b64url(key.publicKeyHex.slice(66)),
    },
    format: 'jwk',
  });
  return verify('sha256', signed, { key: publicKey, dsaEncoding: 'der' }, signatureDer);
}

function checkSm2(key: IssuerKey, signed: Uint8Array, signatureDer: Uint8Array): boolean {
  return sm2!.doVerifySignature(signed, Buffer.from(signatureDer).toString('hex'), key.publicKeyHex, {
    der: true,
    hash: true,
  });
}

/** False for a wrong signature, a key that is not a curve point, or a signature that is not DER. */
export const checkIssuerSignature: SignatureCheck = (key, signed, signatureDer) => {
  if (!POINT.test(key.publicKeyHex)) return false;
  // a check before the library loaded is a bug of ours, never a customer's bad code: it must not say "forged"
  if (key.algorithm === 'sm2-sm3' && sm2 === undefined) {
    throw new Error('loadSignatureChecks() was not awaited before an SM2 check');
  }
  try {
    return key.algorithm === 'sm2-sm3'
      ? checkSm2(key, signed, signatureDer)
      : checkP256(key, signed, signatureDer);
  } catch {
    // a malformed DER or a point off the curve: not a valid signature, whatever the library says about it
    return false;
  }
};

/** The public point (04 || X || Y, hex) of a SubjectPublicKeyInfo in DER, as `openssl pkey -pubout` makes. */
export function publicPointOfSpki(spkiDer: Uint8Array): string {
  const hex = Buffer.from(spkiDer).toString('hex');
  const point = hex.slice(-130);
  if (!POINT.test(point)) throw new RangeError('not an uncompressed EC public key');
  return point;
}
