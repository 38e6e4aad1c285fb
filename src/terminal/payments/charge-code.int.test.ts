import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { paymentAttemptDto, saleDto, type PaymentAttemptDto, type SaleDto } from '../../shared/dto.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import { callsOf } from '../call.test-util.js';
import { gatewayProvider } from './providers.test-util.js';

/**
 * Customer-code (barcode pay) charges against the REAL sandbox gateway on 127.0.0.1: every wallet
 * behaviour the gateway plays (password wait, decline, SYSTEMERROR, lost reply ...), and each time the terminal's record is compared with the gateway's ledger.
 */
const WATER = '6901234567892'; // 2.00 CNY

let dir: string;
let gateway: Gateway;
let client: ReturnType<typeof gatewayClient>;
let terminal: Terminal;
let events: { event: string; payload: unknown }[];

async function open(extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    gatewayUrl: gateway.url,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
    ...extra,
  });
  events = [];
  terminal.onEvent((event, payload) => events.push({ event, payload }));
  return terminal;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-pay-'));
  gateway = await startGateway({ test: true, log: () => {} });
  client = gatewayClient(gateway.url);
});
afterEach(async () => {
  terminal?.close();
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

const { call, fails } = callsOf(() => terminal);

async function saleWithWater(): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  return call('sale.scan', { saleId: sale.id, barcode: WATER });
}

const finalStates = ['succeeded', 'declined', 'reversed'];
async function settled(attemptId: string, timeoutMs = 8_000): Promise<PaymentAttemptDto> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const a = await call('payment.get', { attemptId });
    if (finalStates.includes(a.state)) return a;
    if (Date.now() > until) throw new Error(`attempt still ${a.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function ledgerRow(outTradeNo: string) {
  const ledger = await client.ledger();
  return ledger.orders.find((o) => o.out_trade_no === outTradeNo);
}

/** The states this attempt was shown in, in order (payment.changed events). */
const shown = (attemptId: string) =>
  events
    .filter((e) => e.event === 'payment.changed' && (e.payload as PaymentAttemptDto).id === attemptId)
    .map((e) => (e.payload as PaymentAttemptDto).state);

function transitions(attemptId: string): string[] {
  const db = new Database(terminal.dbFile, { readonly: true });
  try {
    return db
      .prepare('SELECT to_state FROM payment_transitions WHERE attempt_id = ? ORDER BY id')
      .pluck()
      .all(attemptId) as string[];
  } finally {
    db.close();
  }
}

function walletPayments(saleId: string): number {
  const db = new Database(terminal.dbFile, { readonly: true });
  try {
    return db
      .prepare(`SELECT count(*) FROM payments WHERE sale_id = ? AND method = 'wallet'`)
      .pluck()
      .get(saleId) as number;
  } finally {
    db.close();
  }
}

async function expectPaidOnce(attempt: PaymentAttemptDto, sale: SaleDto) {
  expect(attempt.state).toBe('succeeded');
  expect(attempt.confirmation).toBe('provider');
  const done = await call('sales.get', { saleId: sale.id });
  expect(saleDto.parse(done).state).toBe('completed');
  expect(done.payments).toHaveLength(1);
  expect(done.payments[0]).toMatchObject({
    method: 'wallet',
    attemptId: attempt.id,
    amount: { amount: 200, currency: 'CNY' },
    confirmation: 'provider',
  });
  expect(walletPayments(sale.id)).toBe(1);
  const row = await ledgerRow(attempt.id);
  expect(row).toMatchObject({
    trade_status: 'SUCCESS',
    charged: 1,
    refunded: 0,
    amount: 200,
    currency: 'CNY',
  });
  // the sale and its payment's final state (payment.final) wait for the hub
  expect((await call('status.get', {})).outboxQueued).toBe(2);
}

describe('customer code charges against the sandbox gateway', () => {
  test('success: paid on the first reply, sale completed with a wallet payment, shown after each commit', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'wechat' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(paymentAttemptDto.parse(attempt)).toEqual(attempt);
    expect(attempt).toMatchObject({
      state: 'succeeded',
      wallet: 'wechat',
      kind: 'customer-code',
      providerId: 'sandbox',
    });
    expect(attempt.maskedCode).toBe(`${code.slice(0, 4)}…${code.slice(-4)}`);
    await expectPaidOnce(attempt, sale);
    expect(shown(attempt.id)).toEqual(['created', 'charging', 'succeeded']);
    expect(transitions(attempt.id)).toEqual(['created', 'charging', 'succeeded']);
    expect(events.some((e) => e.event === 'status.changed')).toBe(true);
    // the full code is nowhere in the database
    const db = new Database(terminal.dbFile, { readonly: true });
    const dump = JSON.stringify([
      db.prepare('SELECT * FROM payment_attempts').all(),
      db.prepare('SELECT * FROM payment_transitions').all(),
      db.prepare('SELECT * FROM journal').all(),
    ]);
    const created = db.prepare(`SELECT data FROM payment_transitions WHERE event = 'create'`).pluck().get();
    db.close();
    expect(dump).not.toContain(code);
    expect(JSON.parse(created as string)).toEqual({
      saleId: sale.id,
      kind: 'customer-code',
      source: 'scanner',
    });
  });

  test('password, then paid: paying while the payer types, polled until SUCCESS', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'alipay', behaviour: 'password', passwordMs: 400 });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'camera' });
    expect(attempt.state).toBe('paying');
    // while it runs, the sale cannot change (the amount charged is fixed)
    expect((await fails('sale.scan', { saleId: sale.id, barcode: WATER })).code).toBe(
      'payment.attempt_in_progress',
    );
    expect((await fails('payment.chargeCode', { saleId: sale.id, code, source: 'typed' })).code).toBe(
      'payment.attempt_in_progress',
    );
    const done = await settled(attempt.id);
    await expectPaidOnce(done, sale);
    expect(shown(attempt.id)).toEqual(['created', 'charging', 'paying', 'succeeded']);
  });

  test('password, then declined: the sale stays open and can be paid in cash', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({
      wallet: 'wechat',
      behaviour: 'password-declined',
      passwordMs: 300,
    });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('paying');
    const done = await settled(attempt.id);
    expect(done.state).toBe('declined');
    expect(done.reason?.code).toBe('payment.declined');
    expect((await call('sales.get', { saleId: sale.id })).state).toBe('open');
    expect(await ledgerRow(attempt.id)).toMatchObject({ trade_status: 'PAYERROR', charged: 0 });
    const cash = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 200 } });
    expect(cash.state).toBe('completed');
  });

  test('insufficient funds: declined with the provider’s reason, nothing charged', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'unionpay', behaviour: 'insufficient' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('declined');
    expect(attempt.reason).toMatchObject({ code: 'payment.declined' });
    expect(attempt.reason?.message).toMatch(/enough funds/);
    expect(await ledgerRow(attempt.id)).toMatchObject({ charged: 0 });
    expect((await call('sales.get', { saleId: sale.id })).state).toBe('open');
  });

  test('SYSTEMERROR is an unknown outcome, never a decline: the query finds it paid', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'sandbox', behaviour: 'systemerror' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    const done = await settled(attempt.id);
    await expectPaidOnce(done, sale);
    expect(transitions(attempt.id)).toEqual(['created', 'charging', 'unknown', 'succeeded']);
  });

  test('a reply lost after the charge: queried, recorded once', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'qqwallet', behaviour: 'lost-reply' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    const done = await settled(attempt.id);
    await expectPaidOnce(done, sale);
    expect(transitions(attempt.id)).toEqual(['created', 'charging', 'unknown', 'succeeded']);
  });

  test('an answer slower than the timeout: the till reverses on its own and the gateway refunds', async () => {
    await open({ paymentTimeoutMs: 600 });
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'wechat', behaviour: 'slow', delayMs: 2_500 });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    const done = await settled(attempt.id);
    expect(done.state).toBe('reversed');
    expect(done.reason?.code).toBe('payment.timeout');
    expect(transitions(attempt.id)).toEqual(['created', 'charging', 'reversing', 'reversed']);
    expect(await ledgerRow(attempt.id)).toMatchObject({ trade_status: 'REVOKED', charged: 1, refunded: 1 });
    expect((await call('sales.get', { saleId: sale.id })).state).toBe('open');
    expect(walletPayments(sale.id)).toBe(0);
  });

  test('the deadline is providers.json paymentTimeoutS, unless openTerminal is given paymentTimeoutMs', async () => {
    writeFileSync(
      join(dir, 'providers.json'),
      JSON.stringify({
        providers: [gatewayProvider(gateway.url, { wallets: ['wechat'] })],
        paymentTimeoutS: 7,
      }),
    );
    /** deadline_at - created_at of the sale's attempt, then the attempt is cancelled */
    const deadlineAfter = async (): Promise<number> => {
      const sale = await saleWithWater();
      const code = await client.issueCode({ wallet: 'wechat', behaviour: 'password', passwordMs: 20_000 });
      const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
      expect(attempt.state).toBe('paying');
      const db = new Database(terminal.dbFile, { readonly: true });
      const row = db
        .prepare('SELECT created_at, deadline_at FROM payment_attempts WHERE id = ?')
        .get(attempt.id) as { created_at: string; deadline_at: string };
      db.close();
      await call('payment.cancel', { attemptId: attempt.id });
      expect((await settled(attempt.id)).state).toBe('reversed');
      await call('sale.void', { saleId: sale.id });
      return Date.parse(row.deadline_at) - Date.parse(row.created_at);
    };
    await open({ paymentTimeoutMs: undefined });
    expect(await deadlineAfter()).toBe(7_000);
    terminal.close();
    await open({ paymentTimeoutMs: 4_000 });
    expect(await deadlineAfter()).toBe(4_000);
  });

  test('an expired code and a reused code each get their own reason', async () => {
    await open();
    const sale = await saleWithWater();
    const stale = await client.issueCode({ wallet: 'alipay' });
    await client.advanceClock(61_000);
    const expired = await call('payment.chargeCode', { saleId: sale.id, code: stale, source: 'scanner' });
    expect(expired).toMatchObject({ state: 'declined', reason: { code: 'wallet.code_expired' } });

    const code = await client.issueCode({ wallet: 'alipay' });
    const paid = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(paid.state).toBe('succeeded');
    const next = await saleWithWater();
    const reused = await call('payment.chargeCode', { saleId: next.id, code, source: 'scanner' });
    expect(reused).toMatchObject({ state: 'declined', reason: { code: 'wallet.code_used' } });
    expect(await ledgerRow(reused.id)).toMatchObject({ charged: 0 });
  });

  test('the cashier cancels while the payer types: reversed at the gateway, the sale stays open', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'wechat', behaviour: 'password', passwordMs: 5_000 });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('paying');
    const cancelled = await call('payment.cancel', { attemptId: attempt.id });
    expect(cancelled).toMatchObject({ state: 'reversing', reason: { code: 'payment.cancelled' } });
    expect((await settled(attempt.id)).state).toBe('reversed');
    expect(await ledgerRow(attempt.id)).toMatchObject({ trade_status: 'REVOKED', charged: 0 });
    // nothing is left running: a new attempt may start
    const again = await client.issueCode({ wallet: 'wechat' });
    expect((await call('payment.chargeCode', { saleId: sale.id, code: again, source: 'typed' })).state).toBe(
      'succeeded',
    );
  });

  test('a restart resumes an unfinished attempt before openTerminal answers: paid while the till was down', async () => {
    await open();
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'wechat', behaviour: 'password', passwordMs: 300 });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('paying');
    terminal.close(); // the till stops while the payer types
    // the payer finishes while the till is down: the sandbox's clock moves past passwordMs (no real wait)
    expect((await client.advanceClock(300)).status).toBe(200);
    await open();
    // before any call: the database already says paid, and the sale is completed
    const db = new Database(terminal.dbFile, { readonly: true });
    const state = db.prepare('SELECT state FROM payment_attempts WHERE id = ?').pluck().get(attempt.id);
    const saleState = db.prepare('SELECT state FROM sales WHERE id = ?').pluck().get(sale.id);
    db.close();
    expect({ state, saleState }).toEqual({ state: 'succeeded', saleState: 'completed' });
    await expectPaidOnce(await call('payment.get', { attemptId: attempt.id }), sale);
  });

  test('not a payment code, an unconfigured wallet, a bad sale: typed errors, nothing written', async () => {
    await open({ gatewayUrl: undefined });
    const sale = await saleWithWater();
    expect(
      (await fails('payment.chargeCode', { saleId: sale.id, code: 'hello', source: 'typed' })).code,
    ).toBe('wallet.code_invalid');
    const code = await client.issueCode({ wallet: 'wechat' });
    const unconfigured = await fails('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(unconfigured.code).toBe('wallet.unconfigured');
    expect(unconfigured.message).toMatch(/WeChat Pay/);
    expect((await call('payment.options', { saleId: sale.id })).wallets).toEqual([]);
    expect(
      (await fails('payment.chargeCode', { saleId: sale.id, code: 'x'.repeat(129), source: 'typed' })).code,
    ).toBe('invalid_params');
  });

  test('offline: connection refused answers payment.offline at once, and the code is never queued', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    await open({ gatewayUrl: `http://127.0.0.1:${closedPort}` });
    const sale = await saleWithWater();
    const code = await client.issueCode({ wallet: 'wechat' });
    const started = Date.now();
    const error = await fails('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(error.code).toBe('payment.offline');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await call('payment.options', { saleId: sale.id })).online).toBe(false);
    // the attempt ended (declined, reason payment.offline): nothing will send the code later
    const db = new Database(terminal.dbFile, { readonly: true });
    const rows = db.prepare('SELECT state, reason_code FROM payment_attempts').all();
    db.close();
    expect(rows).toEqual([{ state: 'declined', reason_code: 'payment.offline' }]);
    // the code is still unused at the gateway, and the sale can be paid in cash
    expect((await client.ledger()).orders).toEqual([]);
    expect(
      (await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 500 } })).state,
    ).toBe('completed');
  });
});
