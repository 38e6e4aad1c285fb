import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopSecretBox, osSecretBox, osStorageProtects, type OsSecretStorage } from './secret-box-os.js';

/**
 * The desktop app's SecretBox over safeStorage, with a stand-in shaped like Electron's safeStorage (Electron
 * cannot run here): a real cipher under a per-"user" key, so another user's store cannot decrypt.
 */
function storage(backend = 'gnome_libsecret', available = true): OsSecretStorage {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const d = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      d.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([d.update(encrypted.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-osbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('osSecretBox', () => {
  it('seals with the OS and opens only what this user sealed, as a typed error otherwise', () => {
    const box = osSecretBox(storage());
    const sealed = box.seal('hub secret');
    expect(sealed).toMatch(/^tpos1:/);
    expect(sealed).not.toContain('hub secret');
    expect(box.open(sealed)).toBe('hub secret');
    for (const bad of [osSecretBox(storage()).seal('hub secret'), 'tpsec1:AAAA', 'tpos1:AAAA']) {
      expect(() => box.open(bad)).toThrow(expect.objectContaining({ code: 'store.secret_unreadable' }));
    }
  });
});

describe('desktopSecretBox', () => {
  it("uses the OS where it protects, and the key file on Linux's basic_text or without a keyring", () => {
    const logged: string[] = [];
    expect(desktopSecretBox(storage(), dir, (l) => logged.push(l), 'linux').kind).toBe('os');
    expect(desktopSecretBox(storage('basic_text'), dir, (l) => logged.push(l), 'win32').kind).toBe('os');
    expect(logged).toEqual([]);
    const basic = desktopSecretBox(storage('basic_text'), dir, (l) => logged.push(l), 'linux');
    expect(basic.kind).toBe('key-file');
    expect(basic.open(basic.seal('s'))).toBe('s');
    expect(desktopSecretBox(storage('kwallet5', false), dir, (l) => logged.push(l), 'darwin').kind).toBe(
      'key-file',
    );
    expect(logged[0]).toContain(path.join(dir, 'secret.key'));
    expect(osStorageProtects(storage('unknown'), 'linux')).toBe(true);
  });
});
