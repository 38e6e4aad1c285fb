import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { paymentOptionsDto, type PaymentAttemptDto, type SaleDto } from '../../shared/dto.js';
import { blankNtag215, MemoryPort } from '../nfc/memory-port.test-util.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import { callsOf } from '../call.test-util.js';
import { bankQrProvider, gatewayProvider } from '../payments/providers.test-util.js';

/**
 * The offline risk limits through the whole terminal: a real SQLite data folder, the REAL sandbox
 * gateway on 127.0.0.1 for wallet payments, a static bank QR, and a stored-value card in memory (an NTAG215
 * behind the NfcPort interface; the pcscd tests cover the reader itself). No hub is enrolled, so every
 * completed sale stays unsynced until the test marks its outbox row sent, as the sync client would.
 */
const WATER = '6901234567892'; // 2.00 CNY

let dir: string;
let gateway: Gateway;
let client: ReturnType<typeof gatewayClient>;
let terminal: Terminal | undefined;
let port: MemoryPort;
/** the terminal's clock runs with the real one, this far ahead (age limits are tested by moving it) */
let offsetMs: number;
let logs: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-offline-'));
  gateway = await startGateway({ test: true, log: () => {} });
  client = gatewayClient(gateway.url);
  port = new MemoryPort();
  offsetMs = 0;
  logs = [];
  writeFileSync(
    join(dir, 'providers.json'),
    JSON.stringify({ providers: [gatewayProvider(gateway.url), bankQrProvider] }),
  );
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

const writePolicy = (json: unknown) => writeFileSync(join(dir, 'offline-policy.json'), JSON.stringify(json));

async function open(extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
    nfc: { port },
    // the demo card key: these tests are about the limits, not the key
    demo: true,
    now: () => new Date(Date.now() + offsetMs),
    log: (line) => logs.push(line),
    ...extra,
  });
  return terminal;
}
const { call, fails } = callsOf(() => terminal);

async function saleOf(waters = 1): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  const scanned = await call('sale.scan', { saleId: sale.id, barcode: WATER });
  return waters === 1
    ? scanned
    : call('sale.setQuantity', { saleId: sale.id, lineId: scanned.lines[0]!.id, quantity: waters });
}
async function settled(attemptId: string): Promise<PaymentAttemptDto> {
  const until = Date.now() + 8_000;
  for (;;) {
    const a = await call('payment.get', { attemptId });
    if (['succeeded', 'declined', 'reversed'].includes(a.state)) return a;
    if (Date.now() > until) throw new Error(`attempt still ${a.state}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One wallet sale paid with a customer code at the gateway. */
async function walletSale(waters = 1): Promise<SaleDto> {
  const sale = await saleOf(waters);
  const code = await client.issueCode({ wallet: 'wechat' });
  const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
  expect((await settled(attempt.id)).state).toBe('succeeded');
  return call('sales.get', { saleId: sale.id });
}
/** One static bank QR sale, confirmed by the cashier. */
async function staticQrSale(): Promise<SaleDto> {
  const sale = await saleOf();
  const attempt = await call('payment.showQr', { saleId: sale.id, providerId: 'bank-qr' });
  expect(attempt.state).toBe('paying');
  expect((await call('payment.confirmByCashier', { attemptId: attempt.id })).state).toBe('succeeded');
  return call('sales.get', { saleId: sale.id });
}
async function cashSale(): Promise<SaleDto> {
  const sale = await saleOf();
  const done = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 500 } });
  expect(done.state).toBe('completed');
  return done;
}
/** A stored-value sale from the card on the reader. */
async function cardSale(sale?: SaleDto): Promise<SaleDto> {
  const s = sale ?? (await saleOf());
  const session = await call('svcard.payBegin', { saleId: s.id });
  expect(session.state).toBe('ready');
  const done = await call('svcard.confirm', { sessionId: session.id });
  expect(done.state).toBe('done');
  return call('sales.get', { saleId: s.id });
}
async function issueCard(amount: number): Promise<void> {
  port.place(blankNtag215());
  const session = await call('svcard.topUpBegin', { amount, tendered: amount });
  expect(session.state).toBe('ready');
  expect((await call('svcard.confirm', { sessionId: session.id })).state).toBe('done');
}

async function options(saleId: string) {
  return paymentOptionsDto.parse(await call('payment.options', { saleId }));
}

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'tillpoint.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
/** What the sync client does once the hub accepted a sale's row. */
const markSynced = (saleId: string) =>
  withDb((db) =>
    db
      .prepare(`UPDATE outbox SET state = 'sent', sent_at = ? WHERE idempotency_key = ?`)
      .run(new Date().toISOString(), `sale:${saleId}`),
  );
const markParked = (saleId: string) =>
  withDb((db) =>
    db
      .prepare(
        `UPDATE outbox SET state = 'parked', last_error = '{"code":"x","message":"y"}' WHERE idempotency_key = ?`,
      )
      .run(`sale:${saleId}`),
  );
/** What the sync client stores for a config.set of the hub (table terminal_config, 0004_sync.sql). */
const hubPushes = (value: unknown, seq: number) =>
  withDb((db) =>
    db
      .prepare(
        `INSERT INTO terminal_config (key, value, seq, updated_at) VALUES ('offline.policy', ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, seq = excluded.seq`,
      )
      .run(JSON.stringify(value), seq, new Date().toISOString()),
  );
const count = (sql: string) => withDb((db) => db.prepare(sql).pluck().get() as number);

describe('offline risk limits per tender', () => {
  test('wallet count from offline-policy.json: refused with offline.limit_count once reached, before anything is sent; parked still counts; cash completes; synced frees it', async () => {
    writePolicy({ tenders: { wallet: { maxCount: 2 } } });
    await open();
    const first = await walletSale();
    const sale = await saleOf();
    expect((await options(sale.id)).offline.wallet).toMatchObject({
      allowed: true,
      countLeft: 1,
      limited: true,
    });
    await call('sale.void', { saleId: sale.id });
    const second = await walletSale();
    markParked(second.id); // the hub refused it: it is not at the hub either

    const third = await saleOf();
    const before = (await options(third.id)).offline;
    expect(before.wallet).toMatchObject({
      allowed: false,
      countLeft: 0,
      refusal: { code: 'offline.limit_count', details: { tender: 'wallet', maxCount: 2, count: 2 } },
    });
    // the other tenders have no limit of their own
    expect(before['static-qr']).toMatchObject({ allowed: true, limited: false });
    expect(before['stored-value']).toMatchObject({ allowed: true, limited: false });

    const attempts = count('SELECT count(*) FROM payment_attempts');
    const orders = (await client.ledger()).orders.length;
    const code = await client.issueCode({ wallet: 'wechat' });
    expect((await fails('payment.chargeCode', { saleId: third.id, code, source: 'scanner' })).code).toBe(
      'offline.limit_count',
    );
    // the provider QR is a wallet payment too
    expect((await fails('payment.showQr', { saleId: third.id, providerId: 'sandbox' })).code).toBe(
      'offline.limit_count',
    );
    expect(count('SELECT count(*) FROM payment_attempts')).toBe(attempts);
    expect((await client.ledger()).orders.length).toBe(orders);
    // cash is never limited
    const paidCash = await call('sale.complete', {
      saleId: third.id,
      tender: { method: 'cash', tendered: 200 },
    });
    expect(paidCash.state).toBe('completed');

    markSynced(first.id);
    const fourth = await saleOf();
    expect((await options(fourth.id)).offline.wallet).toMatchObject({ allowed: true, countLeft: 1 });
    const attempt = await call('payment.chargeCode', {
      saleId: fourth.id,
      code: await client.issueCode({ wallet: 'alipay' }),
      source: 'scanner',
    });
    expect((await settled(attempt.id)).state).toBe('succeeded');
  });

  test('wallet amount and total: exact at the limit, refused one past it, with what is left shown', async () => {
    writePolicy({ tenders: { wallet: { maxAmount: 300, maxTotal: 600 } } });
    await open();
    const big = await saleOf(2); // 4.00
    const shown = (await options(big.id)).offline.wallet;
    expect(shown).toMatchObject({
      allowed: false,
      amountLeft: { amount: 300, currency: 'CNY' },
      totalLeft: { amount: 600, currency: 'CNY' },
      refusal: { code: 'offline.limit_amount' },
    });
    const code = await client.issueCode({ wallet: 'wechat' });
    expect((await fails('payment.chargeCode', { saleId: big.id, code, source: 'typed' })).code).toBe(
      'offline.limit_amount',
    );
    await call('sale.void', { saleId: big.id });

    await walletSale(); // 2.00 waiting
    await walletSale(); // 4.00 waiting
    const third = await saleOf(); // 2.00 more makes 6.00: exactly the total limit
    expect((await options(third.id)).offline.wallet).toMatchObject({
      allowed: true,
      totalLeft: { amount: 200 },
      amountLeft: { amount: 200 },
    });
    await call('sale.void', { saleId: third.id });
    await walletSale();
    const fourth = await saleOf();
    expect((await options(fourth.id)).offline.wallet).toMatchObject({
      allowed: false,
      totalLeft: { amount: 0 },
      refusal: { code: 'offline.limit_total' },
    });
    expect(
      (
        await fails('payment.chargeCode', {
          saleId: fourth.id,
          code: await client.issueCode({ wallet: 'wechat' }),
          source: 'scanner',
        })
      ).code,
    ).toBe('offline.limit_total');
  });

  test('static QR age: the hub value in terminal_config replaces the file while the till runs; a bad one keeps the file', async () => {
    writePolicy({ tenders: { 'static-qr': { maxCount: 1 } } });
    await open();
    await staticQrSale();
    const second = await saleOf();
    expect((await fails('payment.showQr', { saleId: second.id, providerId: 'bank-qr' })).code).toBe(
      'offline.limit_count',
    );

    // the hub's policy replaces the file's as a whole: no count limit, an hour of age instead
    hubPushes({ tenders: { 'static-qr': { maxAgeS: 3_600 } } }, 7);
    const headroom = (await options(second.id)).offline['static-qr'];
    expect(headroom).toMatchObject({ allowed: true, countLeft: null });
    expect(headroom.secondsLeft).toBeGreaterThan(3_590);
    expect(headroom.secondsLeft).toBeLessThanOrEqual(3_600);
    const attempt = await call('payment.showQr', { saleId: second.id, providerId: 'bank-qr' });
    await call('payment.confirmByCashier', { attemptId: attempt.id });

    offsetMs = 3_600_000 + 1_000; // the first bank QR sale is now an hour and a second old
    const third = await saleOf();
    const old = (await options(third.id)).offline;
    expect(old['static-qr']).toMatchObject({
      allowed: false,
      secondsLeft: 0,
      refusal: { code: 'offline.limit_age', details: { maxAgeS: 3_600 } },
    });
    expect(old.wallet.allowed).toBe(true);
    expect((await fails('payment.showQr', { saleId: third.id, providerId: 'bank-qr' })).code).toBe(
      'offline.limit_age',
    );

    // a value the schema refuses: the file's limits stay (never none), said once in the log
    hubPushes({ tenders: { 'static-qr': { maxAgeS: 'soon' } } }, 8);
    expect((await fails('payment.showQr', { saleId: third.id, providerId: 'bank-qr' })).code).toBe(
      'offline.limit_count',
    );
    await options(third.id);
    expect(logs.filter((l) => l.includes('offline.policy is not valid'))).toHaveLength(1);
  });

  test('stored value: svcard.payBegin refuses past a limit, confirm checks again before the write', async () => {
    writePolicy({ tenders: { 'stored-value': { maxCount: 2, maxAmount: 300 } } });
    await open();
    await issueCard(5_000);
    const big = await saleOf(2);
    expect((await fails('svcard.payBegin', { saleId: big.id })).code).toBe('offline.limit_amount');
    await call('sale.void', { saleId: big.id });
    await cardSale();

    // the limit changes between the tap and the confirm: nothing is written to the card
    const sale = await saleOf();
    const session = await call('svcard.payBegin', { saleId: sale.id });
    expect(session.state).toBe('ready');
    hubPushes({ tenders: { 'stored-value': { maxCount: 1 } } }, 3);
    const card = port.card!;
    const memory = Uint8Array.from(card.memory);
    const txs = count('SELECT count(*) FROM sv_transactions');
    expect((await fails('svcard.confirm', { sessionId: session.id })).code).toBe('offline.limit_count');
    expect(card.memory).toEqual(memory);
    expect(count('SELECT count(*) FROM sv_transactions')).toBe(txs);
    await call('svcard.cancel', { sessionId: session.id });
    expect((await fails('svcard.payBegin', { saleId: sale.id })).code).toBe('offline.limit_count');
    expect((await options(sale.id)).offline['stored-value']).toMatchObject({
      allowed: false,
      countLeft: 0,
      refusal: { code: 'offline.limit_count' },
    });
    // cash still completes the same ticket
    const cash = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 200 } });
    expect(cash.state).toBe('completed');
  });
});

describe('the merchant overdue policy', () => {
  test('refuse-non-cash: past the age limit every non-cash tender is refused with sync.overdue; cash completes', async () => {
    writePolicy({ ageLimitS: 3_600, pastLimit: 'refuse-non-cash' });
    await open();
    await issueCard(1_000); // a top-up is an unsynced entry too
    const sale = await saleOf();
    const soon = (await options(sale.id)).offline;
    for (const tender of ['wallet', 'static-qr', 'stored-value'] as const) {
      expect(soon[tender]).toMatchObject({ allowed: true, overdue: false, limited: true });
      expect(soon[tender].secondsLeft).toBeGreaterThan(3_590);
    }

    offsetMs = 3_600_000 + 1_000;
    const late = (await options(sale.id)).offline;
    for (const tender of ['wallet', 'static-qr', 'stored-value'] as const) {
      expect(late[tender]).toMatchObject({
        allowed: false,
        overdue: true,
        refusal: { code: 'sync.overdue' },
      });
    }
    const code = await client.issueCode({ wallet: 'wechat' });
    expect((await fails('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' })).code).toBe(
      'sync.overdue',
    );
    expect((await fails('payment.showQr', { saleId: sale.id, providerId: 'bank-qr' })).code).toBe(
      'sync.overdue',
    );
    expect((await fails('payment.showQr', { saleId: sale.id, providerId: 'sandbox' })).code).toBe(
      'sync.overdue',
    );
    expect((await fails('svcard.payBegin', { saleId: sale.id })).code).toBe('sync.overdue');
    const cash = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 200 } });
    expect(cash.state).toBe('completed');
  });

  test('warn: past the age limit non-cash tenders still take money (the red bar is the warning)', async () => {
    writePolicy({ ageLimitS: 3_600, pastLimit: 'warn' });
    await open();
    await cashSale();
    offsetMs = 3_600_000 + 1_000;
    const sale = await saleOf();
    expect((await options(sale.id)).offline.wallet).toMatchObject({
      allowed: true,
      overdue: true,
      limited: false,
      secondsLeft: null,
    });
    await call('sale.void', { saleId: sale.id });
    await walletSale();
    await staticQrSale();
    await issueCard(1_000);
    await cardSale();
  });
});

describe('offline-policy.json', () => {
  test('a mistake stops the start with a typed error naming the file and the place', async () => {
    writePolicy({ tenders: { wallet: { maxCount: -1 } } });
    const error = await open().then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error?.code).toBe('offline.config_invalid');
    expect(error?.message).toContain(join(dir, 'offline-policy.json'));
    expect(error?.message).toContain('tenders.wallet.maxCount');

    writeFileSync(join(dir, 'offline-policy.json'), '{ "tenders": ');
    await expect(open()).rejects.toMatchObject({ code: 'offline.config_invalid' });
    writePolicy({ tenders: { cash: { maxCount: 1 } } }); // cash is never limited: not a key
    await expect(open()).rejects.toMatchObject({ code: 'offline.config_invalid' });
  });
});
