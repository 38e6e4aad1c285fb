import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { SqliteDatabase } from '../store/open-store.js';
import type { SecretBox } from './secret-box.js';

/**
 * The till's own signing key: ECDSA on NIST P-256 (FIPS 186-5) with SHA-256, signatures in IEEE P1363 form
 * (r || s, 64 bytes, base64). Made once, at the first open that needs it (a Z close, a sync), whether or not
 * the till ever enrolls; the private key (PKCS#8 DER) is sealed with the till's SecretBox like the hub
 * link's secret, the public key (SPKI DER, base64) travels to the hub so it can check the till's Z closings.
 */
export interface DeviceKey {
  /** base64 of the SPKI DER */
  readonly publicKey: string;
  sign(text: string): string;
}

export function ensureDeviceKey(
  db: SqliteDatabase,
  box: SecretBox,
  now: () => Date = () => new Date(),
): DeviceKey {
  const read = () =>
    db.prepare('SELECT public_key AS publicKey, private_key AS sealed FROM device_key WHERE id = 1').get() as
      { publicKey: string; sealed: string } | undefined;
  let row = read();
  if (!row) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const privateDer = pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    // INSERT OR IGNORE: two processes making one at once keep the first; both then read the same row
    db.prepare(
      'INSERT OR IGNORE INTO device_key (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)',
    ).run(publicKey, box.seal(privateDer), now().toISOString());
    row = read()!;
  }
  const publicKey = row.publicKey;
  const sealed = row.sealed;
  let key: KeyObject | null = null;
  const privateKey = () =>
    (key ??= createPrivateKey({
      key: Buffer.from(box.open(sealed), 'base64'),
      format: 'der',
      type: 'pkcs8',
    }));
  return {
    publicKey,
    sign: (text) =>
      sign('sha256', Buffer.from(text, 'utf8'), { key: privateKey(), dsaEncoding: 'ieee-p1363' }).toString(
        'base64',
      ),
  };
}

/** The till's public key, or null before it has one (read-only opens, CLI reports). */
export function devicePublicKey(db: SqliteDatabase): string | null {
  return (
    (db.prepare('SELECT public_key FROM device_key WHERE id = 1').pluck().get() as string | undefined) ?? null
  );
}

/** Checks a signature made by `sign` against a base64 SPKI public key; false for any malformed input. */
export function verifyDeviceSignature(publicKey: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(
      'sha256',
      Buffer.from(text, 'utf8'),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
