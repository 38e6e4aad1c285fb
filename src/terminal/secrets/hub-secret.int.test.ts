import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { issueEnrollCode } from '../../hub/enroll-code.js';
import { startHub, type RunningHub } from '../../hub/hub-server.js';
import type { HubStore } from '../../hub/hub-store.js';
import { openSqliteHubStore } from '../../hub/sqlite-store.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, SECRET_KEY_FILE_NAME, type Terminal } from '../terminal.js';
import { keyFileSecretBox } from './secret-box.js';

/**
 * The hub link's secret at rest: sealed (AES-256-GCM under `<data>/secret.key`) in SQLite, an older till's
 * plain-text secret sealed when the till starts, and a secret the till cannot open (changed, or another key)
 * shown as store.secret_unreadable until the till enrolls again, never a crash. The real hub on SQLite over
 * 127.0.0.1, real data folders.
 */
const WATER = '6901234567892';

let dir: string;
let hubDir: string;
let hubStore: HubStore;
let hub: RunningHub;
let terminal: Terminal | null;
let logged: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-secret-'));
  hubDir = mkdtempSync(join(tmpdir(), 'tillpoint-secret-hub-'));
  hubStore = openSqliteHubStore(join(hubDir, 'hub.db'));
  hub = await startHub({ port: 0, store: hubStore });
  logged = [];
});
afterEach(async () => {
  await terminal?.close();
  terminal = null;
  await hub.close();
  await hubStore.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(hubDir, { recursive: true, force: true });
});

async function open(): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    sync: { hubTimeoutMs: 2_000, idleIntervalMs: 60_000, random: () => 0.5 },
    log: (line) => logged.push(line),
  });
  return terminal;
}
async function closeTill(): Promise<void> {
  await terminal?.close();
  terminal = null;
}
const { call } = callsOf(() => terminal);

async function enroll(): Promise<string> {
  const code = await issueEnrollCode(hubStore);
  expect((await call('sync.enroll', { hubUrl: hub.url, code })).enrolled).toBe(true);
  const secret = await hubStore.terminalSecret(linkRow().hub_terminal_id);
  if (!secret) throw new Error('the hub has no secret for the till');
  return secret;
}

async function sellCash(): Promise<void> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 1_000 } });
}

/** Syncs now and answers the health (sync.now waits for the round). */
const syncNow = () => call('sync.now', {});

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'tillpoint.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const linkRow = () =>
  withDb(
    (db) =>
      db.prepare('SELECT hub_terminal_id, secret FROM hub_link WHERE id = 1').get() as {
        hub_terminal_id: string;
        secret: string;
      },
  );

/** tillpoint.db and its -wal as text, whole (SQLite stores TEXT as UTF-8). */
function databaseText(): string {
  const file = join(dir, 'tillpoint.db');
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

describe('the hub link secret at rest', () => {
  test('is sealed in SQLite, never there in clear, and the till syncs with it', async () => {
    await open();
    const secret = await enroll();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(linkRow().secret).toMatch(/^tpsec1:/);
    expect(databaseText().includes(secret), 'tillpoint.db holds the secret in clear').toBe(false);
    await sellCash();
    expect(await syncNow()).toMatchObject({ queued: 0, network: 'online', lastError: null });
    await closeTill();
    expect(databaseText().includes(secret), 'tillpoint.db holds the secret after close').toBe(false);
  });

  test('an older till’s plain-text secret is sealed at start and keeps working', async () => {
    await open();
    const secret = await enroll();
    await closeTill();
    // what a till before this change wrote: the secret as the hub issued it
    withDb((db) => db.prepare('UPDATE hub_link SET secret = ? WHERE id = 1').run(secret));
    expect(linkRow().secret).toBe(secret);

    await open();
    expect(linkRow().secret).toMatch(/^tpsec1:/);
    expect(logged).toContain('sync: the hub link secret is now encrypted at rest');
    await sellCash();
    expect(await syncNow()).toMatchObject({ queued: 0, network: 'online', lastError: null });
    await closeTill();
    withDb((db) => db.pragma('wal_checkpoint(TRUNCATE)'));
    expect(databaseText().includes(secret), 'the old secret is still in the file').toBe(false);
  });

  test.each([
    [
      'changed in the database',
      () => withDb((db) => db.prepare(`UPDATE hub_link SET secret = secret || 'A'`).run()),
    ],
    [
      'sealed under another key (a folder copied without its key file)',
      () => rmSync(join(dir, SECRET_KEY_FILE_NAME)),
    ],
  ])('a secret %s: store.secret_unreadable until the till enrolls again', async (_what, spoil) => {
    await open();
    await enroll();
    await closeTill();
    spoil();

    await open();
    await sellCash();
    const health = await syncNow();
    expect(health.lastError).toMatchObject({ code: 'store.secret_unreadable' });
    expect(health.lastError?.message).toMatch(/enrollment code/);
    expect(health.queued).toBe(1);
    expect((await call('status.get', {})).sync.lastError?.code).toBe('store.secret_unreadable');
    expect(await hubStore.countEntries()).toBe(0);

    const secret = await enroll();
    expect(linkRow().secret).toMatch(/^tpsec1:/);
    expect(await syncNow()).toMatchObject({ queued: 0, network: 'online', lastError: null });
    expect(databaseText().includes(secret)).toBe(false);
  });
});

describe('keyFileSecretBox', () => {
  test('opens what it sealed; a new nonce each time; another key or a changed byte is refused, typed', () => {
    const box = keyFileSecretBox(join(dir, 'a.key'));
    const one = box.seal('hub secret');
    const two = box.seal('hub secret');
    expect(one).not.toBe(two);
    expect(one).not.toContain('hub secret');
    expect(box.open(one)).toBe('hub secret');
    expect(box.open(two)).toBe('hub secret');
    expect(() => keyFileSecretBox(join(dir, 'b.key')).open(one)).toThrow(
      expect.objectContaining({ code: 'store.secret_unreadable' }),
    );
    const flipped = `${one.slice(0, -2)}${one.at(-2) === 'A' ? 'B' : 'A'}${one.at(-1)}`;
    for (const bad of [flipped, 'tpsec1:', 'tpsec1:AAAA', 'tpos1:AAAA', 'plain']) {
      expect(() => box.open(bad), bad).toThrow(expect.objectContaining({ code: 'store.secret_unreadable' }));
    }
  });

  test('a damaged key file is a typed error naming it', () => {
    const file = join(dir, 'bad.key');
    keyFileSecretBox(file).seal('x');
    rmSync(file);
    writeFileSync(file, 'not a key');
    expect(() => keyFileSecretBox(file).seal('x')).toThrow(
      expect.objectContaining({ code: 'store.secret_unreadable', message: expect.stringContaining(file) }),
    );
  });
});
