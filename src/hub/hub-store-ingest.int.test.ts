import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { requireService } from '../../e2e/require-service.js';
import { sha256Hex } from './hub-crypto.js';
import type { HubStore, IngestOutcome, ValidEntry } from './hub-store.js';
import { pgUnavailableReason, pgUrl } from './hub-test-backends.js';
import { openPgHubStore } from './pg-store.js';
import { openSqliteHubStore } from './sqlite-store.js';

/**
 * A batch goes into the store as one statement on PostgreSQL (pg-store.ts); these pin what that must keep of
 * one insert per entry: outcomes in batch order, hub_seq in batch order, a key twice in one batch.
 */

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function openSqlite(): Promise<HubStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillpoint-hub-ingest-'));
  const store = openSqliteHubStore(path.join(dir, 'hub.db'));
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

async function openPg(): Promise<HubStore> {
  const admin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
  await admin.connect();
  const schema = `hub_ingest_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const store = await openPgHubStore({ connectionString: pgUrl, schema });
  cleanups.push(async () => {
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });
  return store;
}

async function terminal(store: HubStore): Promise<string> {
  const id = randomUUID();
  const code = sha256Hex(randomUUID());
  const now = new Date();
  await store.createEnrollCode(code, now, new Date(now.getTime() + 60_000));
  expect(await store.enroll(code, { id, name: 'till', secret: 'x'.repeat(43) }, now)).toBe(true);
  return id;
}

function entry(key: string, total = 100): ValidEntry {
  const payload = JSON.stringify({ key, total });
  return {
    idempotencyKey: `sale:${key}`,
    kind: 'sale.completed',
    payload,
    payloadSha256: sha256Hex(`sale.completed\n${payload}`),
    createdAt: '2024-05-01T10:00:00.000Z',
  };
}

const seq = (o: IngestOutcome | undefined) => (o !== undefined && 'hubSeq' in o ? o.hubSeq : NaN);

// printed and skipped without PostgreSQL; under CI a failure (requireService)
const pgSkip = requireService('PostgreSQL', await pgUnavailableReason());
const stores: [string, () => Promise<HubStore>][] = [['SQLite', openSqlite]];
if (pgSkip === null) stores.push(['PostgreSQL', openPg]);

describe.each(stores)('%s store ingest', (_name, open) => {
  it('answers each entry in batch order; a key twice in one batch is applied once, from its first entry', async () => {
    const store = await open();
    const till = await terminal(store);
    const at = new Date();
    const first = await store.ingest(
      till,
      [entry('a'), entry('b'), entry('a'), entry('c'), entry('b', 999)],
      at,
    );
    expect(first.map((o) => o.status)).toEqual(['accepted', 'accepted', 'duplicate', 'accepted', 'conflict']);
    expect(seq(first[2])).toBe(seq(first[0]));
    expect(seq(first[0])).toBeLessThan(seq(first[1]));
    expect(seq(first[1])).toBeLessThan(seq(first[3]));
    expect(first[2]).toEqual({ ...first[0], status: 'duplicate' });

    const second = await store.ingest(till, [entry('c'), entry('d'), entry('a', 5), entry('a')], at);
    expect(second.map((o) => o.status)).toEqual(['duplicate', 'accepted', 'conflict', 'duplicate']);
    expect(seq(second[0])).toBe(seq(first[3]));
    expect(seq(second[1])).toBeGreaterThan(seq(first[3]));
    expect(await store.countEntries()).toBe(4);
    const stored = await store.entriesAfter(0, 10);
    expect(stored.map((e) => e.idempotencyKey)).toEqual(['sale:a', 'sale:b', 'sale:c', 'sale:d']);
    expect(JSON.parse(stored[1]!.payload)).toEqual({ key: 'b', total: 100 });
  });

  it('a batch of 500 entries comes back as 500 outcomes in order, hub_seq rising', async () => {
    const store = await open();
    const till = await terminal(store);
    const keys = Array.from({ length: 500 }, () => randomUUID());
    const out = await store.ingest(
      till,
      keys.map((k) => entry(k)),
      new Date(),
    );
    expect(out.every((o) => o.status === 'accepted')).toBe(true);
    const seqs = out.map(seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const again = await store.ingest(
      till,
      keys.map((k) => entry(k)),
      new Date(),
    );
    expect(again.map(seq)).toEqual(seqs);
    expect(again.every((o) => o.status === 'duplicate')).toBe(true);
  });
});
