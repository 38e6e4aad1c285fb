import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { requireService } from '../../e2e/require-service.js';
import type { HubStore } from './hub-store.js';
import { pgUnavailableReason, pgUrl } from './hub-test-backends.js';
import { hubMigrations, hubSchemaVersion } from './migrations/index.js';
import { demoMerchant, startGateway } from '../gateway/gateway.js';
import { startHub } from './hub-server.js';
import { copyCapturedEntries } from './offline-code-settle.js';
import { openPgHubStore } from './pg-store.js';
import { openSqliteHubStore } from './sqlite-store.js';

/**
 * Migration 0006 (offline code records) on a hub database from before it, on SQLite and PostgreSQL: the
 * captured entries it already holds are copied into the book, and the issuer's answers change only pending
 * records, once.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-hub-offcodes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TERMINAL = '00000000-0000-4000-8000-000000000001';
const record = (n: number) => ({
  recordId: `00000000-0000-4000-8000-00000000010${n}`,
  saleId: `00000000-0000-4000-8000-00000000020${n}`,
  paymentId: `00000000-0000-4000-8000-00000000030${n}`,
  issuerId: 'sandbox',
  keyId: 'sbx-sm2-1',
  userId: 'U1',
  counter: n,
  amount: { amount: 600, currency: 'CNY' },
  code: 'TPOC1.x',
  issuedAt: '2026-12-01T08:00:00.000Z',
  capturedAt: '2026-12-01T08:00:05.000Z',
});

async function checkBook(store: HubStore): Promise<void> {
  expect(await copyCapturedEntries(store)).toBe(2);
  expect(await copyCapturedEntries(store)).toBe(0); // copied once
  const rows = await store.offlineCodeRecords();
  expect(rows.map((r) => [r.recordId, r.status, r.amount, r.counter])).toEqual([
    [record(1).recordId, 'pending', 600, 1],
    [record(2).recordId, 'pending', 600, 2],
  ]);
  const at = new Date('2026-12-02T00:00:00Z');
  expect(
    await store.settleOfflineCodeRecords(
      [
        { recordId: record(1).recordId, status: 'accepted', reason: null },
        { recordId: record(2).recordId, status: 'rejected', reason: 'account_frozen' },
      ],
      at,
    ),
  ).toBe(2);
  // a late second answer (another batch's retry) changes nothing
  expect(
    await store.settleOfflineCodeRecords(
      [{ recordId: record(1).recordId, status: 'rejected', reason: 'x' }],
      at,
    ),
  ).toBe(0);
  const after = await store.offlineCodeRecords();
  expect(after.map((r) => [r.status, r.reason, r.settledAt])).toEqual([
    ['accepted', null, at.toISOString()],
    ['rejected', 'account_frozen', at.toISOString()],
  ]);
  expect(await store.pendingOfflineCodeRecords(10)).toEqual([]);
}

const pgReachable = requireService('PostgreSQL', await pgUnavailableReason()) === null;

describe('hub migration 0006_offline_codes', () => {
  it('SQLite: a version 4 database with captured entries upgrades, and they reach the book', async () => {
    const file = path.join(dir, 'v4.db');
    const db = new Database(file);
    for (const m of hubMigrations.slice(0, 4)) db.exec(m.sqlite);
    db.pragma('user_version = 4');
    db.prepare(
      `INSERT INTO terminals (id, name, secret, enrolled_at) VALUES (?, 'till', 'secret', '2026-01-01T00:00:00.000Z')`,
    ).run(TERMINAL);
    const add = db.prepare(
      `INSERT INTO entries (terminal_id, idempotency_key, kind, payload, payload_sha256, created_at, received_at)
       VALUES (?, ?, 'offline_code.captured', ?, 'x', '2026-12-01T08:00:05Z', '2026-12-01T08:00:06Z')`,
    );
    for (const n of [1, 2])
      add.run(TERMINAL, `offline-code:${record(n).recordId}`, JSON.stringify(record(n)));
    db.close();
    const store = openSqliteHubStore(file);
    try {
      await checkBook(store);
      // an entry whose hub_seq is below those already copied (PostgreSQL commits ingests out of order):
      // copied all the same, as the book is an anti-join and not a cursor
      const late = new Database(file);
      late
        .prepare(
          `INSERT INTO entries (hub_seq, terminal_id, idempotency_key, kind, payload, payload_sha256, created_at,
             received_at) VALUES (0, ?, ?, 'offline_code.captured', ?, 'x', '2026-12-01T08:00:05Z', '2026-12-01T08:00:07Z')`,
        )
        .run(TERMINAL, `offline-code:${record(3).recordId}`, JSON.stringify(record(3)));
      late.close();
      expect(await copyCapturedEntries(store)).toBe(1);
      expect((await store.offlineCodeRecords()).map((r) => r.hubSeq)).toEqual([0, 1, 2]);
    } finally {
      await store.close();
    }
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(hubSchemaVersion);
    expect(() =>
      after
        .prepare(`SELECT 1 FROM offline_code_records WHERE status = 'pending' AND settled_at IS NULL`)
        .get(),
    ).not.toThrow();
    after.close();
  });

  it.skipIf(!pgReachable)(
    'PostgreSQL: a version 4 schema with captured entries upgrades likewise',
    async () => {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      const schema = `hub_test_${randomBytes(6).toString('hex')}`;
      try {
        await admin.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
        for (const m of hubMigrations.slice(0, 4)) await admin.query(m.pg);
        await admin.query(
          `CREATE TABLE hub_schema (version integer PRIMARY KEY, name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        for (const m of hubMigrations.slice(0, 4)) {
          await admin.query('INSERT INTO hub_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
        }
        await admin.query(`INSERT INTO terminals VALUES ($1, 'till', 'secret', now())`, [TERMINAL]);
        for (const n of [1, 2]) {
          await admin.query(
            `INSERT INTO entries (terminal_id, idempotency_key, kind, payload, payload_sha256, created_at, received_at)
           VALUES ($1, $2, 'offline_code.captured', $3, 'x', now(), now())`,
            [TERMINAL, `offline-code:${record(n).recordId}`, JSON.stringify(record(n))],
          );
        }
        const store = await openPgHubStore({ connectionString: pgUrl, schema });
        try {
          await checkBook(store);
        } finally {
          await store.close();
        }
        const versions = await admin.query<{ version: number }>(
          'SELECT version FROM hub_schema ORDER BY version',
        );
        expect(versions.rows.map((r) => r.version)).toEqual(hubMigrations.map((m) => m.version));
      } finally {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    },
  );
});

describe('hub --issuer', () => {
  it('settles in the background: a record the issuer did not sign comes back rejected', async () => {
    const file = path.join(dir, 'loop.db');
    await openSqliteHubStore(file).close();
    const db = new Database(file);
    db.prepare(
      `INSERT INTO terminals (id, name, secret, enrolled_at) VALUES (?, 'till', 'secret', '2026-01-01T00:00:00.000Z')`,
    ).run(TERMINAL);
    db.prepare(
      `INSERT INTO entries (terminal_id, idempotency_key, kind, payload, payload_sha256, created_at, received_at)
       VALUES (?, ?, 'offline_code.captured', ?, 'x', '2026-12-01T08:00:05Z', '2026-12-01T08:00:06Z')`,
    ).run(TERMINAL, `offline-code:${record(1).recordId}`, JSON.stringify(record(1)));
    db.close();
    const gateway = await startGateway({ test: true, log: () => {} });
    const store = openSqliteHubStore(file);
    const hub = await startHub({
      port: 0,
      store,
      offlineIssuer: { url: gateway.url, merchantId: demoMerchant.id, key: demoMerchant.key, intervalMs: 50 },
    });
    try {
      await expect
        .poll(async () => (await store.offlineCodeRecords()).map((r) => [r.status, r.reason]), {
          timeout: 10_000,
        })
        .toEqual([['rejected', 'bad_signature']]);
    } finally {
      await hub.close();
      await gateway.close();
      await store.close();
    }
  });
});
