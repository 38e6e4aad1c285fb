import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isTillpointError } from '../core/errors.js';
import { DB_FILE_NAME, openTerminal, openTerminalReadOnly, readOnlyMethods } from './terminal.js';

/** The CLI's read-only open on a real data folder: reads, never writes, migrates, locks or starts. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-readonly-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function tillWithOneSale(name: string): Promise<string> {
  const dataDir = join(dir, name);
  const till = await openTerminal({ dataDir });
  const sale = await till.handlers['sale.start']({});
  await till.handlers['sale.scan']({ saleId: sale.id, barcode: '6901234567892' });
  await till.handlers['sale.complete']({ saleId: sale.id, tender: { method: 'cash', tendered: 10_000 } });
  await till.close();
  return dataDir;
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (isTillpointError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('openTerminalReadOnly', () => {
  test('answers the read methods only, beside a running till, and leaves the file byte for byte', async () => {
    const dataDir = await tillWithOneSale('a');
    const file = join(dataDir, DB_FILE_NAME);
    const before = digest(file);

    const running = await openTerminal({ dataDir });
    const report = await openTerminalReadOnly({ dataDir });
    try {
      expect(Object.keys(report.handlers).sort()).toEqual([...readOnlyMethods].sort());
      const sales = await report.handlers['sales.list']({});
      expect(sales).toHaveLength(1);
      expect((await report.handlers['sync.status']({})).queued).toBe(1);
      // a write method is simply not there
      expect('sale.start' in report.handlers).toBe(false);
    } finally {
      await report.close();
      await running.close();
    }
    expect(digest(file)).toBe(before);
  });

  test('refuses a folder without a till, and creates nothing there', async () => {
    const dataDir = join(dir, 'empty');
    const error = await refusal(openTerminalReadOnly({ dataDir }));
    expect(error.code).toBe('store.io');
    expect(error.message).toContain(dataDir);
    expect(existsSync(dataDir)).toBe(false);
  });

  test('refuses a database an older Tillpoint wrote, without upgrading it', async () => {
    const dataDir = await tillWithOneSale('b');
    const file = join(dataDir, DB_FILE_NAME);
    const db = new Database(file);
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${version - 1}`);
    db.close();
    const before = digest(file);
    const error = await refusal(openTerminalReadOnly({ dataDir }));
    expect(error.code).toBe('store.older_schema');
    expect(error.message).toMatch(/Start the till once/);
    expect(digest(file)).toBe(before);
  });
});
