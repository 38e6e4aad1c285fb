import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { codeSchemaVersion, migrations } from './migrations/index.js';
import { fixtures as earlyFixtures } from './migration-fixtures.test-util.js';
import { storeOperationFixtures } from './migration-fixtures-store-ops.test-util.js';
import { offlineCodeFixtures } from './migration-fixtures-offline-codes.test-util.js';
import { billFixtures } from './migration-fixtures-bills.test-util.js';
import { openStore } from './open-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rows a real terminal would hold at each schema version, and what must still be true after the upgrade. */
const fixtures = { ...earlyFixtures, ...storeOperationFixtures, ...offlineCodeFixtures, ...billFixtures };
describe('migrations', () => {
  test('numbered 1..N in order, and the code version is the last one', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations.every((m, i) => m.name.startsWith(String(i + 1).padStart(4, '0') + '_'))).toBe(true);
    expect(codeSchemaVersion).toBe(migrations.length);
  });

  test('every older version with tables has a fixture', () => {
    for (let v = 1; v < codeSchemaVersion; v++) expect(fixtures[v], `fixture for version ${v}`).toBeDefined();
  });

  test('an empty folder gets the newest schema, all tables STRICT', () => {
    const store = openStore(join(dir, 'new.db'));
    try {
      expect(store.schemaVersion).toBe(codeSchemaVersion);
      expect(store.db.pragma('user_version', { simple: true })).toBe(codeSchemaVersion);
      const tables = store.db
        .prepare(
          `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`,
        )
        .all() as { name: string; strict: number }[];
      expect(tables.map((t) => t.name).sort()).toEqual(
        [
          'bill_billers',
          'bill_payments',
          'cash_movements',
          'categories',
          'customers',
          'hub_link',
          'journal',
          'journal_closings',
          'device_key',
          'kiosk_help_requests',
          'kiosk_line_approvals',
          'kiosk_pin_tries',
          'kiosk_staff_pin',
          'offline_code_captures',
          'outbox',
          'print_jobs',
          'payment_attempts',
          'payment_transitions',
          'payments',
          'products',
          'refunds',
          'return_lines',
          'returns',
          'sale_lines',
          'sales',
          'shift_tally',
          'shifts',
          'staff',
          'staff_pin_tries',
          'sv_cards',
          'sv_transactions',
          'tax_rates',
          'terminal',
          'terminal_config',
          'z_sequence',
        ].sort(),
      );
      expect(tables.every((t) => t.strict === 1)).toBe(true);
    } finally {
      store.close();
    }
  });

  // One case per older version: build the database with only the first N migrations, fill it, upgrade it.
  for (let from = 0; from < codeSchemaVersion; from++) {
    test(`upgrades a database at version ${from} to ${codeSchemaVersion}, keeping its rows`, () => {
      const file = join(dir, `v${from}.db`);
      // a real till's history: each version's rows were written while it was that version
      for (let v = 0; v <= from; v++) {
        const old = openStore(file, { migrations: migrations.slice(0, v) });
        expect(old.db.pragma('user_version', { simple: true })).toBe(v);
        fixtures[v]?.put(old.db);
        old.close();
      }

      const store = openStore(file);
      try {
        expect(store.db.pragma('user_version', { simple: true })).toBe(codeSchemaVersion);
        for (let v = 1; v <= from; v++) fixtures[v]?.check(store.db);
        expect(store.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        store.close();
      }
    });
  }

  test('a failing migration rolls back every pending one: the file stays at its old version', () => {
    const file = join(dir, 'atomic.db');
    openStore(file, { migrations: [] }).close();
    const broken = [
      ...migrations,
      {
        version: codeSchemaVersion + 1,
        name: 'broken',
        sql: 'CREATE TABLE extra (x INTEGER) STRICT; SELECT nope();',
      },
    ];
    expect(() => openStore(file, { migrations: broken })).toThrow(/nope/);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  test('reopening a current database runs nothing and keeps the data', () => {
    const file = join(dir, 'again.db');
    const first = openStore(file);
    fixtures[1]!.put(first.db);
    first.close();
    const second = openStore(file);
    try {
      fixtures[1]!.check(second.db);
    } finally {
      second.close();
    }
  });
});
