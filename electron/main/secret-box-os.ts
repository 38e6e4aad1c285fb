import path from 'node:path';
import { keyFileSecretBox, secretUnreadable, type SecretBox } from '../../src/terminal/secrets/secret-box.js';
import { SECRET_KEY_FILE_NAME } from '../../src/terminal/terminal.js';

/** The part of Electron's safeStorage this uses (main passes `safeStorage` itself; tests a stand-in). */
export interface OsSecretStorage {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' is a fixed password compiled into Chromium, no protection */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const PREFIX = 'tpos1:';

/** safeStorage really protects here: available, and not Linux's basic_text fallback. */
export function osStorageProtects(storage: OsSecretStorage, platform: NodeJS.Platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || storage.getSelectedStorageBackend?.() !== 'basic_text';
}

/**
 * Secrets sealed by the OS (Keychain, DPAPI, the login keyring through safeStorage): a copy of the data folder
 * is no use to another user or machine. The synchronous calls are used because the store's transactions are
 * synchronous (better-sqlite3); Electron keeps them alongside the async ones.
 */
export function osSecretBox(storage: OsSecretStorage): SecretBox {
  return {
    kind: 'os',
    seal: (plain) => PREFIX + storage.encryptString(plain).toString('base64'),
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) throw secretUnreadable('a secret', 'not sealed by the OS keyring');
      try {
        return storage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
      } catch {
        throw secretUnreadable('a secret', 'the OS keyring could not decrypt it');
      }
    },
  };
}

/** The desktop app's box: the OS's when it protects, else the key file in the data folder (logged). */
export function desktopSecretBox(
  storage: OsSecretStorage,
  dataDir: string,
  log: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
): SecretBox {
  if (osStorageProtects(storage, platform)) return osSecretBox(storage);
  log(`the OS keyring is not available: secrets are sealed with ${path.join(dataDir, SECRET_KEY_FILE_NAME)}`);
  return keyFileSecretBox(path.join(dataDir, SECRET_KEY_FILE_NAME));
}
