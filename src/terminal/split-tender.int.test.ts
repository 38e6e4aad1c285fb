import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../gateway/gateway.js';
import { gatewayClient } from '../gateway/test-client.js';
import type { MethodName, ParamsOf, ResultOf } from '../shared/contract.js';
import { createDispatcher } from '../shared/dispatch.js';
import { saleDto, type SaleDto } from '../shared/dto.js';
import { outboxPayloadSchemas } from '../shared/hub-api.js';
import type { ApiError } from '../shared/result.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from './terminal.js';

/**
 * Split tender through the terminal API on a real SQLite data folder, with the REAL sandbox gateway on
 * 127.0.0.1 for the wallet parts: parts on an open sale, a declined part, voiding with paid parts, and the
 * cash rounding (抹零) in the sale and in the shift's X and Z reports.
 */
const BAIJIU = '6914333018929'; // 28.00 CNY, tax included
const TART = '6934666013538'; // 6.00 CNY, 13 % VAT included

let dir: string;
let gateway: Gateway;
let client: ReturnType<typeof gatewayClient>;
let terminal: Terminal | undefined;

async function open(extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    gatewayUrl: gateway.url,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
    ...extra,
  });
  return terminal;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-split-'));
  gateway = await startGateway({ test: true, log: () => {}, ledgerFile: join(dir, 'gateway-ledger.db') });
  client = gatewayClient(gateway.url);
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

const dispatch = (name: MethodName, params: unknown) =>
  createDispatcher(terminal!.handlers, () => {})(name, params);
async function call<M extends MethodName>(name: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const result = await dispatch(name, params);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ResultOf<M>;
}
async function fails(name: MethodName, params: unknown): Promise<ApiError> {
  const result = await dispatch(name, params);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
  return result.error;
}
function sql<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(terminal!.dbFile);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const outbox = () =>
  sql(
    (db) =>
      db.prepare('SELECT id, idempotency_key AS key, kind, payload FROM outbox ORDER BY id').all() as {
        id: number;
        key: string;
        kind: string;
        payload: string;
      }[],
  );

async function ticket(barcode: string, count: number): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  for (let i = 0; i < count; i++) await call('sale.scan', { saleId: sale.id, barcode });
  return call('sales.get', { saleId: sale.id });
}

describe('split tender', () => {
  test('¥50 cash, the rest by wallet: two payments, one sale.completed row; the ticket is locked between', async () => {
    await open();
    const sale = await ticket(BAIJIU, 3); // 84.00
    expect(sale.remaining).toEqual({ amount: 8_400, currency: 'CNY' });

    const part = await call('sale.payCash', { saleId: sale.id, tendered: 5_000, amount: 5_000 });
    expect(part).toMatchObject({ state: 'open', number: null });
    expect(part.paid).toEqual({ amount: 5_000, currency: 'CNY' });
    expect(part.remaining).toEqual({ amount: 3_400, currency: 'CNY' });
    expect(part.payments).toMatchObject([
      { method: 'cash', amount: { amount: 5_000 }, change: { amount: 0 } },
    ]);
    // the paid part fixes what the ticket sells
    expect((await fails('sale.scan', { saleId: sale.id, barcode: BAIJIU })).code).toBe('sale.partly_paid');
    expect(
      (await fails('sale.setTicketDiscount', { saleId: sale.id, discount: { kind: 'percent', bps: 500 } }))
        .code,
    ).toBe('sale.partly_paid');
    expect(outbox().filter((r) => r.kind === 'sale.completed')).toEqual([]);
    // a wallet part of more than is left is refused before anything is sent
    const tooMuch = await fails('payment.chargeCode', {
      saleId: sale.id,
      code: await client.issueCode({ wallet: 'wechat' }),
      source: 'scanner',
      amount: 3_401,
    });
    expect(tooMuch.code).toBe('tender.invalid_amount');

    const code = await client.issueCode({ wallet: 'wechat' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt).toMatchObject({ state: 'succeeded', amount: { amount: 3_400 } });
    const done = await call('sales.get', { saleId: sale.id });
    expect(done.state).toBe('completed');
    expect(done.number).not.toBeNull();
    expect(done.payments.map((p) => [p.method, p.amount.amount])).toEqual([
      ['cash', 5_000],
      ['wallet', 3_400],
    ]);
    expect(done.remaining).toEqual({ amount: 0, currency: 'CNY' });
    const completed = outbox().filter((r) => r.kind === 'sale.completed');
    expect(completed).toHaveLength(1);
    const payload = outboxPayloadSchemas['sale.completed'].parse(JSON.parse(completed[0]!.payload));
    expect(payload.payments).toHaveLength(2);
    expect((await client.ledger()).orders.find((o) => o.out_trade_no === attempt.id)).toMatchObject({
      amount: 3_400,
    });
  });

  test('a declined wallet part leaves the sale open with its cash part kept', async () => {
    await open();
    const sale = await ticket(BAIJIU, 2); // 56.00
    await call('sale.payCash', { saleId: sale.id, tendered: 2_000, amount: 1_600 });
    const code = await client.issueCode({ wallet: 'unionpay', behaviour: 'insufficient' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'typed' });
    expect(attempt.state).toBe('declined');
    const after = await call('sales.get', { saleId: sale.id });
    expect(after).toMatchObject({ state: 'open', remaining: { amount: 4_000 }, paid: { amount: 1_600 } });
    expect(after.payments).toMatchObject([
      { method: 'cash', amount: { amount: 1_600 }, change: { amount: 400 } },
    ]);
    // the rest in cash completes it
    const done = await call('sale.payCash', { saleId: sale.id, tendered: 5_000 });
    expect(done).toMatchObject({ state: 'completed', remaining: { amount: 0 } });
    expect(done.payments.map((p) => p.amount.amount)).toEqual([1_600, 4_000]);
  });

  test('void with cash and wallet parts: both given back, the sale voided, the hub sees payments first', async () => {
    await open();
    const sale = await ticket(BAIJIU, 3); // 84.00
    await call('sale.payCash', { saleId: sale.id, tendered: 5_000, amount: 5_000 });
    const code = await client.issueCode({ wallet: 'alipay' });
    const attempt = await call('payment.chargeCode', {
      saleId: sale.id,
      code,
      source: 'scanner',
      amount: 1_000,
    });
    expect(attempt.state).toBe('succeeded');
    expect(await call('sales.get', { saleId: sale.id })).toMatchObject({
      state: 'open',
      remaining: { amount: 2_400 },
    });

    const voided = await call('sale.void', { saleId: sale.id });
    expect(voided.state).toBe('voided');
    const rows = sql(
      (db) =>
        db
          .prepare(
            'SELECT id, tender, method, amount, state, return_id FROM refunds WHERE sale_id = ? ORDER BY rowid',
          )
          .all(sale.id) as { id: string; tender: string; method: string; amount: number; state: string }[],
    );
    expect(rows).toMatchObject([
      { tender: 'cash', method: 'cash', amount: 5_000, state: 'refunded', return_id: null },
      { tender: 'wallet', method: 'wallet', amount: 1_000, state: 'refunded', return_id: null },
    ]);
    expect((await client.ledger()).orders.find((o) => o.out_trade_no === attempt.id)).toMatchObject({
      refunded_amount: 1_000,
    });
    // the voided sale's wallet refund is listed like any other
    const listed = await call('refund.list', {});
    expect(
      listed
        .filter((r) => r.saleId === sale.id)
        .map((r) => r.method)
        .sort(),
    ).toEqual(['cash', 'wallet']);

    // the hub's order: the voided sale with its payments, then the refunds of its parts
    const entries = outbox().filter((r) => r.kind === 'sale.voided' || r.kind === 'sale.refunded');
    expect(entries.map((r) => r.kind)).toEqual(['sale.voided', 'sale.refunded', 'sale.refunded']);
    expect(entries[0]!.key).toBe(`void:${sale.id}`);
    const voidPayload = outboxPayloadSchemas['sale.voided'].parse(JSON.parse(entries[0]!.payload));
    expect(voidPayload.payments.map((p) => p.method)).toEqual(['cash', 'wallet']);
    for (const e of entries.slice(1)) outboxPayloadSchemas['sale.refunded'].parse(JSON.parse(e.payload));
    expect(outbox().some((r) => r.kind === 'sale.completed')).toBe(false);
    // a voided ticket is not refunded again
    expect((await fails('sale.refund', { saleId: sale.id, reason: 'x' })).code).toBe(
      'sale.refund_not_completed',
    );
  });
});

describe('cash rounding (抹零)', () => {
  /** ¥100 ×1 = ¥100.00 */
  const float = [{ value: 10_000, count: 1 }];
  /** tarts with 0.64 off each, so the total ends in fen the rule can round (the demo's prices end in jiao) */
  const tarts = async (count: number): Promise<SaleDto> => {
    const sale = await ticket(TART, count);
    return call('sale.setTicketDiscount', {
      saleId: sale.id,
      discount: { kind: 'amount', amount: 64 * count },
    });
  };

  test('down-0.10: the cash due is rounded, the payment records it, X = Z and the drawer is right to the fen', async () => {
    await open({
      cashRounding: { CNY: 'down-0.10' },
      shiftConfig: { required: true, varianceToleranceMinor: 0 },
    });
    expect((await call('terminal.info', {})).cashRounding).toBe('down-0.10');
    await call('shift.open', { count: float });

    // one tart less 0.64: 5.36, cash takes 5.30
    const one = await tarts(1);
    expect(one.totals.total.amount).toBe(536);
    const paid = await call('sale.complete', { saleId: one.id, tender: { method: 'cash', tendered: 1_000 } });
    expect(paid.state).toBe('completed');
    expect(paid.payments).toMatchObject([
      {
        method: 'cash',
        amount: { amount: 530 },
        tendered: { amount: 1_000 },
        change: { amount: 470 },
        rounding: { amount: -6 },
      },
    ]);
    expect(saleDto.parse(paid).paid).toEqual({ amount: 536, currency: 'CNY' });

    // two tarts (10.72) in two cash parts: the first to the fen, the last rounded (4.72 -> 4.70)
    const two = await tarts(2);
    const part = await call('sale.payCash', { saleId: two.id, tendered: 600, amount: 600 });
    expect(part.payments).toMatchObject([{ amount: { amount: 600 }, rounding: { amount: 0 } }]);
    const rest = await call('sale.payCash', { saleId: two.id, tendered: 470 });
    expect(rest.state).toBe('completed');
    expect(rest.payments[1]).toMatchObject({
      amount: { amount: 470 },
      change: { amount: 0 },
      rounding: { amount: -2 },
    });

    // a ticket with a cash part, then voided: the part goes back out of the drawer
    const gone = await tarts(1);
    await call('sale.payCash', { saleId: gone.id, tendered: 500, amount: 300 });
    await call('sale.void', { saleId: gone.id });

    const x = (await call('shift.xReport', {})).report;
    expect(x.totals.rounding).toEqual({ count: 2, amount: -8 });
    expect(x.totals.cash).toMatchObject({ sales: 530 + 600 + 470, voidedParts: 300, refunds: 300 });
    // ¥100 float + what cash took for the two sales
    expect(x.totals.cash.expected).toBe(10_000 + 530 + 1_070);
    expect(x.totals.sales).toEqual({ count: 2, total: 536 + 1_072 });

    // the counted drawer: ¥100 + ¥10 + ¥5 + 10 jiao = ¥116.00
    const count = [
      { value: 10_000, count: 1 },
      { value: 1_000, count: 1 },
      { value: 500, count: 1 },
      { value: 10, count: 10 },
    ];
    const z = await call('shift.close', { count });
    expect(z.report.totals).toEqual(x.totals);
    expect(z.report.close).toMatchObject({ counted: 11_600, variance: 0 });
  });

  test('a bad cashRounding in shop.json is named at start and the till rounds nothing', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'shop.json'), JSON.stringify({ name: 'Shop', cashRounding: { CNY: 'up-1.00' } }));
    const lines: string[] = [];
    await open({ log: (line) => lines.push(line) });
    expect(lines.some((l) => /cashRounding is not valid/.test(l))).toBe(true);
    expect((await call('terminal.info', {})).cashRounding).toBe('none');
    const sale = await tarts(1);
    const done = await call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered: 536 } });
    expect(done.payments).toMatchObject([{ amount: { amount: 536 }, rounding: { amount: 0 } }]);
  });
});
