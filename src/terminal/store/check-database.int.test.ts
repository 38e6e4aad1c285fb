import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { TillpointError } from '../../core/errors.js';
import { codeSchemaVersion } from './migrations/index.js';
import { checkDatabase, openTerminal } from '../terminal.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-check-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function terminalFile(): Promise<string> {
  const terminal = await openTerminal({ dataDir: dir });
  const sale = await terminal.handlers['sale.start']({});
  await terminal.handlers['sale.scan']({ saleId: sale.id, barcode: '6901234567892' });
  terminal.close();
  return terminal.dbFile;
}

test('a healthy database: integrity ok, its schema version and the code one; nothing written', async () => {
  const file = await terminalFile();
  const before = readFileSync(file);
  expect(checkDatabase(file)).toEqual({
    file,
    integrity: 'ok',
    schemaVersion: codeSchemaVersion,
    codeSchemaVersion,
  });
  expect(readFileSync(file).equals(before)).toBe(true);
  // a read-only connection cannot delete the WAL it opened; it must at least have written nothing to it
  if (existsSync(`${file}-wal`)) expect(statSync(`${file}-wal`).size).toBe(0);
});

test('a newer database is reported, never migrated or refused', async () => {
  const file = await terminalFile();
  const db = new Database(file);
  db.pragma(`user_version = ${codeSchemaVersion + 1}`);
  db.close();
  const before = readFileSync(file);
  expect(checkDatabase(file)).toMatchObject({ integrity: 'ok', schemaVersion: codeSchemaVersion + 1 });
  expect(readFileSync(file).equals(before)).toBe(true);
});

test('a damaged page shows in integrity; random bytes are store.corrupt; a missing file is named', async () => {
  const file = await terminalFile();
  const db = new Database(file, { readonly: true });
  const page = db.prepare(`SELECT max(pageno) FROM dbstat WHERE name = 'products'`).pluck().get() as number;
  db.close();
  const bytes = readFileSync(file);
  bytes.fill(0x5a, (page - 1) * 4096 + 8, (page - 1) * 4096 + 200);
  writeFileSync(file, bytes);
  const damaged = checkDatabase(file);
  expect(damaged.integrity).not.toBe('ok');
  expect(readFileSync(file).equals(bytes)).toBe(true);

  writeFileSync(file, randomBytes(8192));
  expect(() => checkDatabase(file)).toThrow(TillpointError);
  try {
    checkDatabase(file);
  } catch (error) {
    expect((error as TillpointError).code).toBe('store.corrupt');
    expect((error as TillpointError).message).toContain(file);
  }
  expect(() => checkDatabase(join(dir, 'nope.db'))).toThrow(/nope\.db/);
});
