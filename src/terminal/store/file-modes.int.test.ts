import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openHubStore } from '../../hub/open-hub-store.js';
import { keyFileSecretBox } from '../secrets/secret-box.js';
import { openTerminal } from '../terminal.js';

/**
 * Files and folders that hold sales and secrets are the owning user's alone, whatever the umask: checked
 * with fs.stat on the real files a till, its key file and a hub make, under umask 022 (the usual default,
 * which would leave them 0644 / 0755).
 */
const mode = (path: string) => statSync(path).mode & 0o777;

let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tillpoint-modes-'));
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('the till', () => {
  test('a new data folder is 0700, tillpoint.db and its -wal and -shm 0600', async () => {
    const dataDir = join(root, 'till', 'data');
    const terminal = await openTerminal({ dataDir, log: () => {} });
    try {
      // a write, so the WAL and its index exist
      await terminal.handlers['sale.start']({});
      expect(mode(dataDir).toString(8)).toBe('700');
      for (const f of ['tillpoint.db', 'tillpoint.db-wal', 'tillpoint.db-shm']) {
        expect(existsSync(join(dataDir, f)), f).toBe(true);
        expect(mode(join(dataDir, f)).toString(8), f).toBe('600');
      }
    } finally {
      await terminal.close();
    }
  });

  test('an older folder and database left readable by others are narrowed at open', async () => {
    const dataDir = join(root, 'old');
    const first = await openTerminal({ dataDir, log: () => {} });
    await first.close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'tillpoint.db'), 0o644);
    const again = await openTerminal({ dataDir, log: () => {} });
    try {
      expect(mode(dataDir).toString(8)).toBe('700');
      expect(mode(join(dataDir, 'tillpoint.db')).toString(8)).toBe('600');
    } finally {
      await again.close();
    }
  });

  test('providers.json and stored-value.json (they hold keys) are narrowed to 0600 at open', async () => {
    const dataDir = join(root, 'keys');
    mkdirSync(dataDir);
    const providers = join(dataDir, 'providers.json');
    const scheme = join(dataDir, 'stored-value.json');
    writeFileSync(providers, JSON.stringify({ providers: [] }));
    writeFileSync(
      scheme,
      JSON.stringify({ schemeId: 'SHOP', key: 'ab'.repeat(32), currency: 'CNY', maxBalance: 100_000 }),
    );
    expect(mode(providers).toString(8)).toBe('644');
    const logged: string[] = [];
    const terminal = await openTerminal({ dataDir, log: (line) => logged.push(line) });
    await terminal.close();
    expect(mode(providers).toString(8)).toBe('600');
    expect(mode(scheme).toString(8)).toBe('600');
    expect(logged).toContain(`${providers} holds keys and was readable by others: now 0600`);
  });

  test('the key file is made 0600 on first use, and narrowed if it was left wider', () => {
    const keyFile = join(root, 'secret.key');
    keyFileSecretBox(keyFile).seal('x');
    expect(mode(keyFile).toString(8)).toBe('600');
    chmodSync(keyFile, 0o644);
    keyFileSecretBox(keyFile).seal('x');
    expect(mode(keyFile).toString(8)).toBe('600');
  });
});

describe('the hub on SQLite', () => {
  test('its data folder is 0700 and hub.db with its -wal and -shm 0600', async () => {
    const dataDir = join(root, 'hub', 'data');
    const store = await openHubStore({ dataDir });
    try {
      // a write, so the WAL and its index exist
      await store.createEnrollCode('0'.repeat(64), new Date(), new Date(Date.now() + 60_000));
      expect(mode(dataDir).toString(8)).toBe('700');
      for (const f of ['hub.db', 'hub.db-wal', 'hub.db-shm']) {
        expect(existsSync(join(dataDir, f)), f).toBe(true);
        expect(mode(join(dataDir, f)).toString(8), f).toBe('600');
      }
    } finally {
      await store.close();
    }
  });

  test('an existing hub.db readable by others is narrowed', async () => {
    const dataDir = join(root, 'hub-old');
    mkdirSync(dataDir, { mode: 0o755 });
    writeFileSync(join(dataDir, 'hub.db'), '');
    chmodSync(join(dataDir, 'hub.db'), 0o644);
    const store = await openHubStore({ dataDir });
    await store.close();
    expect(mode(dataDir).toString(8)).toBe('700');
    expect(mode(join(dataDir, 'hub.db')).toString(8)).toBe('600');
  });
});
