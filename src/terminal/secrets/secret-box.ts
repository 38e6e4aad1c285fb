import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import { readOrCreateKeyFile } from './key-file.js';

/**
 * Seals the till's secrets (the hub link's HMAC secret) before they are written to SQLite, and opens them
 * when the till needs them. The desktop app seals with the OS (Electron safeStorage: the login keyring or
 * DPAPI); serve mode with AES-256-GCM under a key file (`<data>/secret.key`, 0600). README "Secrets at rest"
 * says what each protects against.
 */
export interface SecretBox {
  /** 'os' (Electron safeStorage) or 'key-file': for the log line at start */
  readonly kind: 'os' | 'key-file';
  seal(plain: string): string;
  /** Throws store.secret_unreadable when the text was not sealed by this box's key, or was changed. */
  open(sealed: string): string;
}

/** A sealed value starts with its box's prefix; anything else in a secret column is an older plaintext. */
export const SEALED_PREFIXES = ['tpsec1:', 'tpos1:'] as const;
export const isSealed = (text: string): boolean => SEALED_PREFIXES.some((p) => text.startsWith(p));

/** What the operator does about a secret the till cannot open: it is lost, so the till enrolls again. */
export const secretUnreadable = (what: string, cause?: string): TillpointError =>
  new TillpointError(
    'store.secret_unreadable',
    `The till cannot decrypt ${what} (its key changed, or the data folder was copied from another till or user). Connect this till to the hub again with a new enrollment code.`,
    cause === undefined ? { what } : { what, cause },
  );

const KEY_FILE_PREFIX = 'tpsec1:';
const IV_BYTES = 12; // NIST SP 800-38D 8.2: 96-bit IVs, random per message
const TAG_BYTES = 16;
/** bound into every tag, so a value sealed for something else by the same key does not open here */
const AAD = Buffer.from('tillpoint secret v1');

/** AES-256-GCM under the 32-byte key in `keyFile` (made on first use, 0600). */
export function keyFileSecretBox(keyFile: string): SecretBox {
  let key: Buffer | null = null;
  const theKey = () => (key ??= readOrCreateKeyFile(keyFile));
  return {
    kind: 'key-file',
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', theKey(), iv).setAAD(AAD);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return KEY_FILE_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      if (!sealed.startsWith(KEY_FILE_PREFIX))
        throw secretUnreadable('a secret', 'sealed by another kind of box');
      const bytes = Buffer.from(sealed.slice(KEY_FILE_PREFIX.length), 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw secretUnreadable('a secret', 'too short');
      try {
        const decipher = createDecipheriv('aes-256-gcm', theKey(), bytes.subarray(0, IV_BYTES)).setAAD(AAD);
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        if (error instanceof TillpointError) throw error;
        throw secretUnreadable('a secret', 'authentication failed');
      }
    },
  };
}
