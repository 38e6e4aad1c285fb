import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodeOfflineCode,
  offlineCodeSignedBytes,
  type OfflineCodeAlgorithm,
  type OfflineCodeBody,
} from '../../core/offline-code.js';
import type { IssuerKeyDto } from '../../shared/offline-code-dto.js';

/**
 * An issuer played by the OpenSSL command line (tests only): its own key generation and signing, an
 * implementation independent of sm-crypto-v2 and node:crypto under test, so the till cannot agree with itself
 * on a wrong signature. SM2: `pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:1234567812345678` (OpenSSL 3),
 * the GB/T 32918.2 signature with the default distinguishing id; P-256: `dgst -sha256 -sign` (ECDSA, DER).
 */
export interface OpensslIssuer {
  readonly key: IssuerKeyDto;
  /** a code for this body (key id and algorithm filled in), signed by openssl */
  code(body: Omit<OfflineCodeBody, 'algorithm' | 'keyId'>): string;
  close(): void;
}

const openssl = (args: readonly string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

export function opensslIssuer(
  algorithm: OfflineCodeAlgorithm,
  keyId: string,
  issuerId = 'sandbox',
): OpensslIssuer {
  const dir = mkdtempSync(join(tmpdir(), 'tillpoint-issuer-'));
  if (algorithm === 'sm2-sm3') openssl(['genpkey', '-algorithm', 'SM2', '-out', 'key.pem'], dir);
  else openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'key.pem'], dir);
  // SubjectPublicKeyInfo in DER ends with the BIT STRING of the uncompressed point (65 bytes)
  const spki = openssl(['pkey', '-in', 'key.pem', '-pubout', '-outform', 'DER'], dir);
  const publicKeyHex = spki.subarray(spki.length - 65).toString('hex');
  let n = 0;
  return {
    key: { keyId, issuerId, algorithm, publicKeyHex, notAfter: null },
    code(body) {
      const signed = offlineCodeSignedBytes({ ...body, algorithm, keyId });
      const msg = `msg-${n++}`;
      writeFileSync(join(dir, msg), signed);
      const sig =
        algorithm === 'sm2-sm3'
          ? openssl(
              [
                'pkeyutl',
                '-sign',
                '-rawin',
                '-digest',
                'sm3',
                '-pkeyopt',
                'distid:1234567812345678',
                '-inkey',
                'key.pem',
                '-in',
                msg,
              ],
              dir,
            )
          : openssl(['dgst', '-sha256', '-sign', 'key.pem', msg], dir);
      return encodeOfflineCode(signed, new Uint8Array(sig));
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Verifies a DER signature with openssl (the other direction: our signer, their checker). */
export function opensslVerifies(
  algorithm: OfflineCodeAlgorithm,
  publicKeyHex: string,
  signed: Uint8Array,
  signature: Uint8Array,
): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'tillpoint-verify-'));
  try {
    // a SubjectPublicKeyInfo around the point: the fixed DER prefix of each curve (RFC 5480; GB/T 35276)
    const prefix =
      algorithm === 'sm2-sm3'
        ? '3059301306072a8648ce3d020106082a811ccf5501822d03420004'
        : '3059301306072a8648ce3d020106082a8648ce3d030107034200';
    const der = Buffer.from(prefix + publicKeyHex.slice(algorithm === 'sm2-sm3' ? 2 : 0), 'hex');
    writeFileSync(join(dir, 'pub.der'), der);
    writeFileSync(join(dir, 'msg'), signed);
    writeFileSync(join(dir, 'sig'), signature);
    const args =
      algorithm === 'sm2-sm3'
        ? ['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678']
        : ['dgst', '-sha256', '-verify', 'pub.der', '-keyform', 'DER', '-signature', 'sig', 'msg'];
    try {
      if (algorithm === 'sm2-sm3') {
        openssl(
          [...args, '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', '-in', 'msg', '-sigfile', 'sig'],
          dir,
        );
      } else {
        openssl(args, dir);
      }
      return true;
    } catch {
      return false;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
