import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { issueEnrollCode } from '../../hub/enroll-code.js';
import { startHub, type RunningHub } from '../../hub/hub-server.js';
import type { HubStore } from '../../hub/hub-store.js';
import { openSqliteHubStore } from '../../hub/sqlite-store.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import { callsOf } from '../call.test-util.js';

/**
 * The sync client against the REAL hub (src/hub on SQLite) over 127.0.0.1: enrollment, draining, parking,
 * backoff with Retry-After, restart. The fault suite (sync-faults.int.test.ts) adds the network's faults.
 */
const WATER = '6901234567892';

let dir: string;
let hubDir: string;
let hubStore: HubStore;
let hub: RunningHub | null;
let terminal: Terminal | null;

const syncKnobs = { hubTimeoutMs: 2_000, idleIntervalMs: 60_000, random: () => 0.5 };

async function open(extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({ dataDir: dir, sync: syncKnobs, ...extra });
  return terminal;
}

const { call, fails } = callsOf(() => terminal);

async function sellCash(): Promise<string> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  const done = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 1_000 } });
  return done.id;
}

async function until<T>(
  what: string,
  fn: () => T | Promise<T>,
  ms = 10_000,
): Promise<Exclude<T, null | undefined | false>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function enroll(): Promise<void> {
  const code = await issueEnrollCode(hubStore);
  const health = await call('sync.enroll', { hubUrl: hub!.url, code });
  expect(health.enrolled).toBe(true);
}

const hubKeys = async () => (await hubStore.entriesAfter(0, 100_000)).map((e) => e.idempotencyKey).sort();
const outboxStates = () => {
  const db = new Database(terminal!.dbFile, { readonly: true });
  try {
    return db.prepare('SELECT idempotency_key AS key, state FROM outbox ORDER BY id').all() as {
      key: string;
      state: string;
    }[];
  } finally {
    db.close();
  }
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-sync-'));
  hubDir = mkdtempSync(join(tmpdir(), 'tillpoint-sync-hub-'));
  hubStore = openSqliteHubStore(join(hubDir, 'hub.db'));
  hub = await startHub({ port: 0, store: hubStore });
});
afterEach(async () => {
  await terminal?.close();
  terminal = null;
  await hub?.close();
  await hubStore.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(hubDir, { recursive: true, force: true });
});

describe('sync to the hub', () => {
  test('an enrolled till sends each completed sale once and shows itself online', async () => {
    await open();
    expect((await call('sync.status', {})).enrolled).toBe(false);
    const before = await sellCash();
    await enroll();
    const ids = [before, await sellCash(), await sellCash()];
    await until('the queue to drain', async () => {
      const h = await call('sync.status', {});
      return h.queued === 0 && h.network === 'online';
    });
    expect(await hubKeys()).toEqual(ids.map((id) => `sale:${id}`).sort());
    const health = await call('sync.status', {});
    expect(health).toMatchObject({
      network: 'online',
      queued: 0,
      parked: 0,
      oldestQueuedAt: null,
      overdue: false,
    });
    expect(health.lastSyncAt).not.toBeNull();
    const status = await call('status.get', {});
    expect(status.network).toBe('online');
    expect(status.outboxQueued).toBe(0);
    expect(outboxStates().every((r) => r.state === 'sent')).toBe(true);
    // the hub's own record of what it took equals the terminal's
    const entries = await call('sync.entries', { states: ['sent'] });
    expect(entries.map((e) => e.receiptNumber).sort()).toEqual([1, 2, 3]);
    expect(entries[0]!.amount).toEqual({ amount: 200, currency: 'CNY' });
  });

  test('a wrong enrollment code is refused with a typed error; an unreachable hub says so', async () => {
    await open();
    const refused = await fails('sync.enroll', { hubUrl: hub!.url, code: 'NOPE-NOPE-NOPE' });
    expect(refused.code).toBe('sync.enroll_refused');
    const url = hub!.url;
    await hub!.close();
    hub = null;
    const offline = await fails('sync.enroll', { hubUrl: url, code: 'ABCD-EFGH-IJKL' });
    expect(offline.code).toBe('sync.offline');
    expect((await call('sync.status', {})).enrolled).toBe(false);
  });

  test('offline: sales queue up, the till backs off instead of spinning, and drains when the hub is back', async () => {
    await open();
    await enroll();
    const url = new URL(hub!.url);
    await hub!.close();
    hub = null;
    const ids = [await sellCash(), await sellCash()];
    const offline = await until('offline', async () => {
      const h = await call('sync.status', {});
      return h.network === 'offline' ? h : null;
    });
    expect(offline.queued).toBe(2);
    expect(offline.oldestQueuedAt).not.toBeNull();
    expect(offline.lastError?.code).toBe('sync.offline');
    expect(Date.parse(offline.nextAttemptAt!)).toBeGreaterThan(Date.now() - 1_000);
    // the hub comes back on the same port; "Sync now" does not wait out the backoff
    hub = await startHub({ port: Number(url.port), store: hubStore });
    const after = await call('sync.now', {});
    expect(after).toMatchObject({ network: 'online', queued: 0 });
    expect(await hubKeys()).toEqual(ids.map((id) => `sale:${id}`).sort());
  });

  test('503 with Retry-After: the next try waits at least that long, new sales do not cut it short', async () => {
    let requests = 0;
    const busy = http.createServer((req, res) => {
      requests += 1;
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' });
        res.end(JSON.stringify({ error: { code: 'hub.unavailable', message: 'database down' } }));
      });
    });
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    try {
      await open();
      await enroll();
      // re-point the link at the busy server (same credentials)
      const db = new Database(terminal!.dbFile);
      db.prepare('UPDATE hub_link SET hub_url = ?').run(
        `http://127.0.0.1:${(busy.address() as AddressInfo).port}`,
      );
      db.close();
      await sellCash();
      const h = await until('a failed round', async () => {
        const s = await call('sync.status', {});
        return s.lastError ? s : null;
      });
      // without the hub's MAC (this server has no secret, as a hub whose database is down cannot read one),
      // a 503 is still believed as far as it goes: nothing applied, try later
      expect(h.lastError).toEqual({ code: 'hub.unavailable', message: 'database down' });
      expect(h.network).toBe('online'); // the hub answered; it is busy, not unreachable
      expect(Date.parse(h.nextAttemptAt!) - Date.now()).toBeGreaterThan(25_000);
      const seen = requests;
      await sellCash();
      await sellCash();
      // proving that nothing is sent during the backoff takes time passing: no event marks "did not send"
      await new Promise((r) => setTimeout(r, 300));
      expect(requests).toBe(seen);
      expect((await call('sync.status', {})).queued).toBe(3);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  test('an entry the hub refuses is parked with its reason and never blocks the rest; retry and resolve', async () => {
    await open();
    const first = await sellCash();
    // an entry of a kind this hub does not know, between two good sales
    const db = new Database(terminal!.dbFile);
    db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES ('gift:1', 'giftcard.sold', '{"x":1}', ?)`,
    ).run(new Date().toISOString());
    db.close();
    const last = await sellCash();
    await enroll();
    const h = await until('drained', async () => {
      const s = await call('sync.status', {});
      return s.queued === 0 ? s : null;
    });
    expect(h.parked).toBe(1);
    expect(await hubKeys()).toEqual([`sale:${first}`, `sale:${last}`].sort());
    const [parked] = await call('sync.entries', { states: ['parked'] });
    expect(parked).toMatchObject({ idempotencyKey: 'gift:1', state: 'parked' });
    // the hub's reason code (src/hub/entry-checks.ts), which the till knows
    expect(parked!.reason?.code).toBe('hub.entry_unknown_kind');
    expect(parked!.reason?.message).toMatch(/giftcard\.sold/);
    // parked entries still count as unsynced: the age of the oldest is theirs
    expect(h.oldestQueuedAt).toBe(parked!.createdAt);

    const retried = await call('sync.retry', { entryId: parked!.id });
    expect(retried.state).toBe('queued');
    await until('parked again', async () => (await call('sync.status', {})).parked === 1);
    const resolved = await call('sync.resolve', {
      entryId: parked!.id,
      note: 'sold on paper, booked by hand',
    });
    expect(resolved).toMatchObject({ state: 'resolved', resolution: 'sold on paper, booked by hand' });
    expect((await call('sync.status', {})).parked).toBe(0);
    expect((await fails('sync.resolve', { entryId: parked!.id, note: 'again' })).code).toBe(
      'sync.not_parked',
    );
    expect((await fails('sync.retry', { entryId: 99_999 })).code).toBe('sync.entry_not_found');
  });

  test('same key with another payload is a conflict: parked, and the hub keeps the first', async () => {
    await open();
    await enroll();
    const id = await sellCash();
    await until('sent', () => outboxStates().every((r) => r.state === 'sent'));
    const db = new Database(terminal!.dbFile);
    db.prepare(
      `UPDATE outbox SET state = 'queued', sent_at = NULL, payload = json_set(payload, '$.number', 99)
       WHERE idempotency_key = ?`,
    ).run(`sale:${id}`);
    db.close();
    // a round already under way (a catalog pull, the retry timer) may have picked its batch before the
    // change: sync.now then runs another after it, so the parked entry is waited for, not read at once
    await call('sync.now', {});
    const [entry] = await until('parked', async () => {
      const parked = await call('sync.entries', { states: ['parked'] });
      return parked.length > 0 ? parked : (void (await call('sync.now', {})), null);
    });
    expect(entry?.reason?.code).toBe('sync.conflict');
    const [stored] = await hubStore.entriesAfter(0, 10);
    expect((JSON.parse(stored!.payload) as { number: number }).number).toBe(1);
  });

  test('a till clock far off: the hub refuses to sign it in, the till says to fix the clock and keeps selling', async () => {
    await open();
    await enroll();
    await terminal!.close();
    // the same till, its clock 20 minutes fast
    await open({ now: () => new Date(Date.now() + 20 * 60_000) });
    await sellCash();
    const h = await until('the hub refused', async () => {
      const s = await call('sync.status', {});
      return s.lastError ? s : null;
    });
    expect(h.lastError?.code).toBe('hub.clock_skew');
    expect(h.lastError?.message).toMatch(/clock/i);
    expect(h.queued).toBe(1);
    expect(await hubKeys()).toEqual([]);
    await sellCash();
    expect((await call('sync.status', {})).queued).toBe(2);
  });

  test('a restart resumes: the queue and the backoff are in SQLite', async () => {
    await open();
    await enroll();
    const url = new URL(hub!.url);
    await hub!.close();
    hub = null;
    const id = await sellCash();
    const offline = await until('offline', async () => {
      const s = await call('sync.status', {});
      return s.network === 'offline' ? s : null;
    });
    await terminal!.close();
    hub = await startHub({ port: Number(url.port), store: hubStore });
    await open();
    const reopened = await call('sync.status', {});
    expect(reopened.nextAttemptAt).toBe(offline.nextAttemptAt);
    await until('drained after restart', async () => (await call('sync.status', {})).queued === 0, 15_000);
    expect(await hubKeys()).toEqual([`sale:${id}`]);
  });
});

describe('catalog, prices and configuration from the hub', () => {
  const publish = (changes: { kind: string; payload: unknown }[]) =>
    hubStore.publishCatalog(
      changes.map((c) => ({ kind: c.kind, payload: JSON.stringify(c.payload) })),
      `publish-${Math.random()}`,
      new Date(),
    );
  const cursor = () => {
    const db = new Database(terminal!.dbFile, { readonly: true });
    try {
      return db.prepare('SELECT catalog_cursor FROM hub_link').pluck().get() as string;
    } finally {
      db.close();
    }
  };

  test('pulled with a cursor and applied: new products, new prices, the offline policy; a bad change is skipped', async () => {
    await open();
    await enroll();
    const [water] = await call('catalog.search', { query: WATER });
    const { lastSeq } = await publish([
      { kind: 'category.upsert', payload: { id: 'seasonal', name: 'Seasonal' } },
      { kind: 'product.upsert', payload: { ...water!, price: { amount: 250, currency: 'CNY' } } },
      // another currency: skipped, and it does not stop the changes after it
      {
        kind: 'product.upsert',
        payload: {
          ...water!,
          id: 'usd-1',
          sku: 'USD-1',
          barcode: null,
          price: { amount: 1, currency: 'USD' },
        },
      },
      {
        kind: 'product.upsert',
        payload: {
          id: 'mooncake',
          sku: 'MOON-1',
          name: 'Harvest Jelly',
          barcode: '6900000000017',
          categoryId: 'seasonal',
          price: { amount: 1_800, currency: 'CNY' },
          taxRateId: water!.taxRateId,
        },
      },
      {
        kind: 'config.set',
        payload: {
          key: 'offline.policy',
          value: { ageLimitS: 600, pastLimit: 'refuse-non-cash', tenders: {} },
        },
      },
    ]);
    await call('sync.now', {});
    expect(cursor()).toBe(String(lastSeq));
    expect((await call('catalog.search', { query: WATER }))[0]?.price.amount).toBe(250);
    expect((await call('catalog.search', { query: 'Harvest Jelly' }))[0]).toMatchObject({ id: 'mooncake' });
    const probe = await call('sale.start', {});
    expect((await fails('sale.addProduct', { saleId: probe.id, productId: 'usd-1' })).code).toBe(
      'catalog.unknown_product',
    );
    await call('sale.void', { saleId: probe.id });
    expect((await call('catalog.categories', {})).map((c) => c.id)).toContain('seasonal');
    // the red bar follows the hub's policy
    expect(await call('sync.status', {})).toMatchObject({ ageLimitS: 600, pastLimit: 'refuse-non-cash' });
    // a sale rings up at the new price
    const sale = await call('sale.start', {});
    expect((await call('sale.scan', { saleId: sale.id, barcode: '6900000000017' })).totals.total.amount).toBe(
      1_800,
    );

    // removed at the hub: gone from the till's search, while history keeps what was sold
    const removed = await publish([{ kind: 'product.remove', payload: { id: 'mooncake' } }]);
    await call('sync.now', {});
    expect(cursor()).toBe(String(removed.lastSeq));
    expect(await call('catalog.search', { query: 'Harvest Jelly' })).toEqual([]);
    expect((await call('sale.current', {}))?.lines[0]?.name).toBe('Harvest Jelly');
  });

  test('second names and needsStaff arrive from the hub; a change from an older hub without them clears them', async () => {
    await open();
    await enroll();
    const [water] = await call('catalog.search', { query: WATER });
    const { altName: _altName, needsStaff: _needsStaff, ...olderShape } = water!;
    await publish([
      { kind: 'category.upsert', payload: { id: 'wine', name: '葡萄酒', altName: 'Wine' } },
      {
        kind: 'product.upsert',
        payload: {
          ...olderShape,
          id: 'red-wine',
          sku: 'WIN-001',
          name: '长城干红葡萄酒 750ml',
          altName: 'Great Wall Dry Red 750 ml',
          needsStaff: 'age',
          barcode: null,
          categoryId: 'wine',
        },
      },
      // the whole row, as an older hub sends it: no second name, no needsStaff
      { kind: 'product.upsert', payload: olderShape },
    ]);
    await call('sync.now', {});
    expect(await call('catalog.search', { query: 'ccgh' })).toMatchObject([
      { id: 'red-wine', altName: 'Great Wall Dry Red 750 ml', needsStaff: 'age' },
    ]);
    expect(await call('catalog.search', { query: 'dry red' })).toMatchObject([{ id: 'red-wine' }]);
    expect(await call('catalog.categories', {})).toContainEqual({
      id: 'wine',
      name: '葡萄酒',
      altName: 'Wine',
    });
    expect((await call('catalog.search', { query: WATER }))[0]).toMatchObject({
      name: water!.name,
      altName: null,
      needsStaff: null,
    });
  });

  test('a cursor the hub does not know (a rebuilt hub) is read again from the start', async () => {
    await open();
    await enroll();
    const { lastSeq } = await publish([{ kind: 'category.upsert', payload: { id: 'new', name: 'New' } }]);
    const db = new Database(terminal!.dbFile);
    db.prepare(`UPDATE hub_link SET catalog_cursor = '999'`).run();
    db.close();
    const health = await call('sync.now', {});
    expect(health.lastError).toBeNull();
    expect(cursor()).toBe(String(lastSeq));
    expect((await call('catalog.categories', {})).map((c) => c.id)).toContain('new');
  });
});
