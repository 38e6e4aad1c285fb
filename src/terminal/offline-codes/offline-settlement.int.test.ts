import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../e2e/sync/fault-proxy.js';
import { demoMerchant, startGateway, type Gateway } from '../../gateway/gateway.js';
import { issueEnrollCode } from '../../hub/enroll-code.js';
import { startHub, type RunningHub } from '../../hub/hub-server.js';
import type { HubStore } from '../../hub/hub-store.js';
import { pgBackend, sqliteBackend, type Backend } from '../../hub/hub-test-backends.js';
import { listIssuerKeys, pullIssuerKeys } from '../../hub/issuer-keys.js';
import { offlineCodesReport, settleOfflineCodes } from '../../hub/offline-code-settle.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';

/**
 * Offline codes from the scan to the issuer's answer, every party real: the sandbox gateway as the issuer
 * (its own keys, users and signed codes), the hub on SQLite and on PostgreSQL, a till in-process, and our
 * fault proxy (e2e/sync/fault-proxy.ts) twice: between the till and the hub, and between the hub and the
 * issuer. Replies are dropped after the other side committed, answers fail with 5xx, bodies are cut: each
 * record still reaches the hub once and is settled once, and the one the issuer refuses is the merchant's
 * debt in the report.
 */
const TART = '6934666013538'; // 6.00 CNY
const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);
console.log(`offline settlement faults: SEED=${seed}`);

const pgOrReason = await pgBackend();
if (typeof pgOrReason === 'string') console.log(`skipping the PostgreSQL hub: ${pgOrReason}`);
const backends: Backend[] = [sqliteBackend(), ...(typeof pgOrReason === 'string' ? [] : [pgOrReason])];
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway({ test: true, log: () => {} });
});
afterAll(() => gateway.close());

let dir: string;
let hubStore: HubStore | undefined;
let hub: RunningHub | undefined;
let toHub: FaultProxy | undefined;
let toIssuer: FaultProxy | undefined;
let terminal: Terminal | undefined;
afterEach(async () => {
  await terminal?.close();
  await hub?.close();
  await toHub?.close();
  await toIssuer?.close();
  await hubStore?.close();
  terminal = hub = toHub = toIssuer = hubStore = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const { call } = callsOf(() => terminal);

async function until<T>(what: string, fn: () => T | Promise<T>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sandbox(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${gateway.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const tillKeys = () => {
  const db = new Database(terminal!.dbFile, { readonly: true });
  try {
    return db
      .prepare(`SELECT count(*) FROM terminal_config WHERE key LIKE 'offline_codes.key.%'`)
      .pluck()
      .get();
  } finally {
    db.close();
  }
};

describe.each(backends.map((b) => [b.name, b] as const))(
  'offline code settlement, hub on %s',
  (_name, backend) => {
    test('through faults both ways: every record reaches the hub once, is settled once, the refused one is a debt', async () => {
      dir = mkdtempSync(join(tmpdir(), 'tillpoint-offsettle-'));
      hubStore = await backend.open();
      hub = await startHub({ port: 0, store: hubStore });
      toHub = await startFaultProxy({ target: hub.url, seed });
      toIssuer = await startFaultProxy({ target: gateway.url, seed: seed + 1 });

      // the hub publishes the issuer's keys; the till pulls them with the catalog
      const published = await pullIssuerKeys(hubStore, gateway.url);
      expect(published.map((k) => k.algorithm).sort()).toEqual(['ecdsa-p256-sha256', 'sm2-sm3']);
      expect(await pullIssuerKeys(hubStore, gateway.url)).toEqual([]); // nothing changed: nothing published
      terminal = await openTerminal({
        dataDir: dir,
        sync: { hubTimeoutMs: 2_000, idleIntervalMs: 60_000, random: () => 0.5 },
      });
      await call('sync.enroll', { hubUrl: toHub.url, code: await issueEnrollCode(hubStore) });
      await until('the issuer keys at the till', async () => {
        await call('sync.now', {});
        return tillKeys() === 2;
      });

      // the customer's phone: a user with 50.00 of offline credit, and one the issuer will refuse
      const user = `U${seed}-${backend.name}`;
      const frozen = `F${seed}-${backend.name}`;
      await sandbox('/sandbox/offline/users', { userId: user, creditLimit: 5_000 });
      await sandbox('/sandbox/offline/users', {
        userId: frozen,
        creditLimit: 5_000,
        rejectWith: 'account_frozen',
      });
      const codes = (
        (await sandbox(`/sandbox/offline/users/${user}/codes`, { count: 4 })).codes as string[]
      ).concat(
        (await sandbox(`/sandbox/offline/users/${frozen}/codes`, { algorithm: 'ecdsa-p256-sha256' }))
          .codes as string[],
      );

      // the network to the hub goes bad while the till sells with the codes
      await toHub.setPlan({
        mode: 'sequence',
        faults: [
          { kind: 'drop-reply' },
          { kind: 'status', status: 503 },
          { kind: 'reset-mid-body' },
          { kind: 'drop-reply' },
        ],
      });
      const sales: string[] = [];
      for (const code of codes) {
        const sale = await call('sale.start', {});
        await call('sale.scan', { saleId: sale.id, barcode: TART });
        sales.push((await call('payment.offlineCode', { saleId: sale.id, code })).id);
      }
      await until('the till to drain its queue', async () => {
        await call('sync.now', {}).catch(() => undefined);
        const h = await call('sync.status', {});
        return h.queued === 0 && h.parked === 0;
      });
      const captured = await hubStore.entriesAfter(0, 1_000, 'offline_code.captured');
      expect(captured.map((e) => (JSON.parse(e.payload) as { saleId: string }).saleId).sort()).toEqual(
        [...sales].sort(),
      );

      // the issuer is reached through faults: a lost answer, a 502-like failure, then a clean line
      await toIssuer.setPlan({
        mode: 'sequence',
        faults: [{ kind: 'drop-reply' }, { kind: 'status', status: 500 }, { kind: 'reset-mid-body' }],
      });
      const link = {
        url: toIssuer.url,
        merchantId: demoMerchant.id,
        key: demoMerchant.key,
        timeoutMs: 3_000,
      };
      const rounds = [];
      for (let i = 0; i < 10; i++) {
        const round = await settleOfflineCodes(hubStore, link, () => new Date());
        rounds.push(round);
        if (round.error === null) break;
      }
      expect(rounds.at(-1)?.error).toBeNull();
      expect(rounds.length).toBeGreaterThan(1); // the faults did bite

      const report = await offlineCodesReport(hubStore);
      expect(report.records).toHaveLength(5);
      expect(report.records.filter((r) => r.status === 'accepted')).toHaveLength(4);
      expect(report.debts).toEqual([
        expect.objectContaining({
          userId: frozen,
          status: 'rejected',
          reason: 'account_frozen',
          amount: { amount: 600, currency: 'CNY' },
        }),
      ]);
      expect(report.totals).toEqual({ CNY: { accepted: 2_400, rejected: 600, pending: 0 } });
      // the issuer saw the first batch more than once (its answer was lost) and settled each record once
      const ids = new Set(report.records.map((r) => r.recordId));
      const atIssuer = (
        (await sandbox('/sandbox/offline/settlements')).records as {
          recordId: string;
          timesSeen: number;
          status: string;
        }[]
      ).filter((r) => ids.has(r.recordId));
      expect(atIssuer).toHaveLength(5);
      expect(Math.max(...atIssuer.map((r) => r.timesSeen))).toBeGreaterThan(1);
      expect(atIssuer.filter((r) => r.status === 'accepted')).toHaveLength(4);
      // the answers flow back to the till with its next sync round: shown with the captures
      await until('the till to learn how its codes settled', async () => {
        await call('sync.now', {});
        const captures = await call('offlineCodes.captures', {});
        return captures.every((c) => c.settlement !== 'unsettled');
      });
      const captures = await call('offlineCodes.captures', {});
      expect(captures.filter((c) => c.settlement === 'accepted')).toHaveLength(4);
      expect(captures.filter((c) => c.settlement === 'rejected')).toEqual([
        expect.objectContaining({ userId: frozen, rejectReason: 'account_frozen' }),
      ]);
      // a further round finds nothing to do and changes nothing
      expect(await settleOfflineCodes(hubStore, link, () => new Date())).toEqual({
        copied: 0,
        sent: 0,
        settled: 0,
        error: null,
      });
      expect((await listIssuerKeys(hubStore)).length).toBe(2);
    }, 60_000);
  },
);
