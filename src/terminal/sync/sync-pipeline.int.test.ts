import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { issueEnrollCode } from '../../hub/enroll-code.js';
import { startHub, type RunningHub } from '../../hub/hub-server.js';
import type { HubStore } from '../../hub/hub-store.js';
import { openSqliteHubStore } from '../../hub/sqlite-store.js';
import { hubPaths } from '../../shared/hub-api.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';

/**
 * The drain's pipeline (sync-client.ts drain) against the REAL hub on SQLite over 127.0.0.1, seen from a
 * pass-through proxy in front of it: one batch in flight, and batch N+1 reaches the hub only after N's
 * answer is committed in the till (a void's refunds must never overtake its payments). The batches that the
 * hub took whole are marked by one statement over the id range: each row gets the hub's own seq.
 */
const WATER = '6901234567892';
const SALES = 45;
const PER_BATCH = 10;

let dir: string;
let hubDir: string;
let hubStore: HubStore;
let hub: RunningHub;
let proxy: http.Server;
let terminal: Terminal | null = null;

const { call } = callsOf(() => terminal);

interface Seen {
  readonly keys: string[];
  /** requests in flight through the proxy when this one arrived */
  readonly concurrent: number;
  /** the till's state, when this one arrived, of every key an earlier batch carried */
  readonly earlierStates: string[];
}

function tillStates(keys: readonly string[]): string[] {
  if (keys.length === 0) return [];
  const db = new Database(terminal!.dbFile, { readonly: true });
  try {
    const state = db.prepare('SELECT state FROM outbox WHERE idempotency_key = ?').pluck();
    return keys.map((k) => state.get(k) as string);
  } finally {
    db.close();
  }
}

/** Forwards every request to the hub as is; records each outbox batch as it arrives. */
function startProxy(target: string, seen: Seen[]): Promise<string> {
  let inFlight = 0;
  const forwarded: string[] = [];
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === hubPaths.outbox) {
        const keys = (
          JSON.parse(body.toString('utf8')) as { entries: { idempotencyKey: string }[] }
        ).entries.map((e) => e.idempotencyKey);
        seen.push({ keys, concurrent: inFlight, earlierStates: tillStates(forwarded) });
        forwarded.push(...keys);
      }
      inFlight += 1;
      const upstream = http.request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: req.headers, agent: false },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => (inFlight -= 1));
        },
      );
      upstream.end(body);
    });
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)),
  );
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-pipeline-'));
  hubDir = mkdtempSync(join(tmpdir(), 'tillpoint-pipeline-hub-'));
  hubStore = openSqliteHubStore(join(hubDir, 'hub.db'));
  hub = await startHub({ port: 0, store: hubStore });
});
afterEach(async () => {
  await terminal?.close();
  terminal = null;
  await new Promise((r) => proxy.close(r));
  await hub.close();
  await hubStore.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(hubDir, { recursive: true, force: true });
});

test('batch N+1 reaches the hub only after N is settled in the till, one request at a time', async () => {
  terminal = await openTerminal({
    dataDir: dir,
    sync: { hubTimeoutMs: 5_000, idleIntervalMs: 600_000, random: () => 0.5, maxItems: PER_BATCH },
  });
  // queued while not enrolled: the drain after enrolling sends them in batches of PER_BATCH
  for (let i = 0; i < SALES; i++) {
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 1_000 } });
  }
  const seen: Seen[] = [];
  const url = await startProxy(hub.url, seen);
  const code = await issueEnrollCode(hubStore);
  await call('sync.enroll', { hubUrl: url, code });
  const health = await call('sync.now', {});
  expect(health.queued).toBe(0);

  const batches = seen.filter((s) => s.keys.length > 0);
  expect(batches.map((b) => b.keys.length)).toEqual([10, 10, 10, 10, 5]);
  for (const b of batches) {
    expect(b.concurrent).toBe(0);
    // every entry of every earlier batch was already committed as sent when this batch arrived
    expect(b.earlierStates.every((s) => s === 'sent')).toBe(true);
  }
  // each row carries the hub's seq for its key (the range statement's id + offset)
  const hubSeqs = new Map(
    (await hubStore.entriesAfter(0, 1_000)).map((e) => [e.idempotencyKey, e.hubSeq] as const),
  );
  const db = new Database(terminal.dbFile, { readonly: true });
  try {
    const rows = db.prepare(`SELECT idempotency_key AS key, hub_seq AS hubSeq, state FROM outbox`).all() as {
      key: string;
      hubSeq: number;
      state: string;
    }[];
    expect(rows).toHaveLength(SALES);
    for (const r of rows) {
      expect(r.state).toBe('sent');
      expect(r.hubSeq).toBe(hubSeqs.get(r.key));
    }
  } finally {
    db.close();
  }
});
