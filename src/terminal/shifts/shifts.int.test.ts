import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import type { MethodName, ParamsOf, ResultOf } from '../../shared/contract.js';
import { createDispatcher } from '../../shared/dispatch.js';
import type { SaleDto } from '../../shared/dto.js';
import { outboxPayloadSchemas } from '../../shared/hub-api.js';
import type { ApiError } from '../../shared/result.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal.js';
import type { DrawerOpenReason } from './shift-service.js';

/** A whole shift through the contract on a real SQLite folder, wallet sales through the real sandbox gateway. */
const WATER = '6901234567892'; // 2.00 CNY

let dir: string;
let gateway: Gateway;
let client: ReturnType<typeof gatewayClient>;
let terminal: Terminal | undefined;
let drawer: DrawerOpenReason[];

async function open(extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  terminal = await openTerminal({
    dataDir: dir,
    gatewayUrl: gateway.url,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
    onDrawerOpen: (reason) => drawer.push(reason),
    ...extra,
  });
  return terminal;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-shift-'));
  drawer = [];
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
const markSent = (saleId: string) =>
  sql((db) =>
    db
      .prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, hub_seq = 1 WHERE idempotency_key = ?`)
      .run(new Date().toISOString(), `sale:${saleId}`),
  );

async function cashSale(tendered = 500): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  return call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered } });
}
async function walletSale(): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  const code = await client.issueCode({ wallet: 'wechat' });
  const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
  expect(attempt.state).toBe('succeeded');
  return call('sales.get', { saleId: sale.id });
}
/** ¥100 ×1, ¥20 ×1, ¥1 ×2 = ¥122.00 */
const float = [
  { value: 10_000, count: 1 },
  { value: 2_000, count: 1 },
  { value: 100, count: 2 },
];

describe('a full shift', () => {
  test('open with a float, sell in cash and wallet, cash in/out, refund, void, X = Z, variance to the fen', async () => {
    await open({ shiftConfig: { required: true, varianceToleranceMinor: 5 } });
    const refused = await fails('sale.start', {});
    expect(refused).toMatchObject({ code: 'shift.not_open' });
    expect((await call('shift.status', {})).open).toBeNull();

    const opened = await call('shift.open', { count: float });
    expect(opened.open).toMatchObject({ openingFloat: 12_200, openedBy: null });
    expect(opened.denominations.map((d) => d.value)).toEqual([10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10]);
    expect((await fails('shift.open', { count: float })).code).toBe('shift.already_open');

    const first = await cashSale(500);
    const second = await cashSale(1_000);
    const wallet = await walletSale();
    const voided = await call('sale.start', {});
    await call('sale.scan', { saleId: voided.id, barcode: WATER });
    await call('sale.void', { saleId: voided.id });
    await call('shift.cashMove', { kind: 'in', amount: 5_000, reason: 'coins from the bank' });
    await call('shift.cashMove', { kind: 'out', amount: 1_000, reason: 'window cleaner' });
    await call('shift.noSale', { reason: 'check a note' });
    markSent(first.id);
    await call('sale.refund', { saleId: first.id, reason: 'changed mind' });
    expect(drawer).toEqual(['shift-open', 'cash-in', 'cash-out', 'no-sale']);

    // every completed sale, void and refund belongs to the shift
    const shiftId = opened.open!.shiftId;
    expect(
      sql((db) => db.prepare(`SELECT count(*) FROM sales WHERE shift_id = ?`).pluck().get(shiftId)),
    ).toBe(4);
    expect(sql((db) => db.prepare(`SELECT shift_id FROM refunds`).pluck().get())).toBe(shiftId);

    const x = (await call('shift.xReport', {})).report;
    // float 122.00 + cash sales 4.00 - cash refund 2.00 + in 50.00 - out 10.00 = 164.00
    expect(x.totals.cash).toEqual({
      openingFloat: 12_200,
      sales: 400,
      refunds: 200,
      topUps: 0,
      cashIn: 5_000,
      cashOut: 1_000,
      noSales: 1,
      // the voided ticket had no paid part: nothing of it came into the drawer
      voidedParts: 0,
      expected: 16_400,
    });
    expect(x.totals.sales).toEqual({ count: 3, total: 600 });
    expect(x.totals.tenders).toEqual([
      { tender: 'cash', name: null, count: 2, amount: 400 },
      { tender: 'wallet', name: 'wechat', count: 1, amount: 200 },
    ]);
    expect(x.totals.refunds).toMatchObject({ count: 1, amount: 200 });
    expect(x.totals.voids).toEqual({ count: 1, amount: 200 });
    expect(x.totals.receipts).toEqual({ first: first.number, last: wallet.number });
    expect(second.number).toBe(first.number! + 1);
    expect(x.totals.taxes.reduce((s, t) => s + t.total, 0)).toBe(600);
    expect(x.totals.byHour.reduce((s, h) => s + h.amount, 0)).toBe(600);
    // the X report changes nothing: a second one is the same
    expect((await call('shift.xReport', {})).report).toEqual(x);

    // the blind count is ¥163.90: ten fen short of ¥164.00, over the 5-fen tolerance
    const count = [
      { value: 10_000, count: 1 },
      { value: 5_000, count: 1 },
      { value: 1_000, count: 1 },
      { value: 100, count: 3 },
      { value: 50, count: 1 },
      { value: 10, count: 4 },
    ];
    const short = await fails('shift.close', { count });
    expect(short).toMatchObject({ code: 'shift.note_required', details: { variance: -10 } });
    const z = await call('shift.close', { count, note: 'one jiao short' });
    expect(z.report.kind).toBe('Z');
    expect(z.report.totals).toEqual(x.totals);
    expect(z.report.close).toMatchObject({
      zNumber: 1,
      counted: 16_390,
      variance: -10,
      note: 'one jiao short',
    });
    expect(z.charts.salesByHour).toMatch(/^<svg/);
    expect(z.charts.tenderMix).toContain('微信支付');

    // the close is a shift.closed outbox entry the hub accepts, and the Z report stays readable
    const row = sql(
      (db) =>
        db.prepare(`SELECT kind, payload FROM outbox WHERE idempotency_key = ?`).get(`shift:${shiftId}`) as {
          kind: string;
          payload: string;
        },
    );
    expect(row.kind).toBe('shift.closed');
    expect(outboxPayloadSchemas['shift.closed'].parse(JSON.parse(row.payload))).toEqual(z);
    expect(await call('shift.get', { shiftId })).toEqual(z);
    expect(await call('shift.list', {})).toEqual([
      expect.objectContaining({ shiftId, zNumber: 1, counted: 16_390, variance: -10 }),
    ]);
    expect((await fails('sale.start', {})).code).toBe('shift.not_open');
    expect((await fails('shift.xReport', {})).code).toBe('shift.not_open');
  });

  test('the Z number continues across a reopen of the till, and after shifts are deleted', async () => {
    await open();
    const close = () => call('shift.close', { count: [{ value: 100, count: 1 }] });
    await call('shift.open', { count: [{ value: 100, count: 1 }] });
    expect((await close()).report.close?.zNumber).toBe(1);
    await terminal!.close();
    await open();
    expect((await call('shift.status', {})).nextZNumber).toBe(2);
    await call('shift.open', { count: [{ value: 100, count: 1 }] });
    expect((await close()).report.close?.zNumber).toBe(2);
    sql((db) => db.prepare(`DELETE FROM shifts`).run());
    await call('shift.open', { count: [{ value: 100, count: 1 }] });
    expect((await close()).report.close?.zNumber).toBe(3);
  });

  test('the close waits for an open ticket with items: it would complete outside the shift', async () => {
    await open();
    await call('shift.open', { count: float });
    const sale = await call('sale.start', {});
    const count = { count: float };
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    expect((await fails('shift.close', count)).code).toBe('shift.ticket_open');
    await call('sale.void', { saleId: sale.id });
    expect((await call('shift.close', count)).report.close?.variance).toBe(0);
  });

  test('a card top-up paid in cash belongs to the shift and to the expected cash', async () => {
    await open();
    await call('shift.open', { count: float });
    // what the stored-value service writes: pending before the card write, committed once it landed
    sql((db) => {
      db.prepare(
        `INSERT INTO sv_transactions (id, card_uid, scheme_id, kind, amount, currency, balance_before, balance_after,
           counter_before, counter_after, state, tendered, change, terminal_id, created_at, updated_at)
         VALUES ('t1', '04AABBCC', 'demo', 'topup', 3000, 'CNY', 0, 3000, 0, 1, 'pending', 5000, 2000, 'till', 'a', 'a')`,
      ).run();
      db.prepare(`UPDATE sv_transactions SET state = 'committed' WHERE id = 't1'`).run();
    });
    const x = (await call('shift.xReport', {})).report.totals;
    expect(x.topUps).toEqual({ count: 1, amount: 3_000 });
    expect(x.cash).toMatchObject({ topUps: 3_000, expected: 12_200 + 3_000 });
  });

  test('without shift.json sales need no shift; a bad count, amount or shift.json is refused, named', async () => {
    await open();
    const sale = await cashSale();
    expect(sale.state).toBe('completed');
    expect(
      sql((db) => db.prepare(`SELECT shift_id FROM sales WHERE id = ?`).pluck().get(sale.id)),
    ).toBeNull();
    expect((await fails('shift.open', { count: [{ value: 200, count: 1 }] })).code).toBe(
      'shift.count_invalid',
    );
    expect((await fails('shift.open', { count: [{ value: 100, count: 1.5 }] })).code).toBe('invalid_params');
    expect((await fails('shift.cashMove', { kind: 'in', amount: 100, reason: 'x' })).code).toBe(
      'shift.not_open',
    );
    await call('shift.open', { count: [] });
    expect((await fails('shift.cashMove', { kind: 'in', amount: 0, reason: 'x' })).code).toBe(
      'invalid_params',
    );
    expect((await fails('shift.cashMove', { kind: 'in', amount: 100, reason: ' ' })).code).toBe(
      'invalid_params',
    );
    await terminal!.close();
    terminal = undefined;
    writeFileSync(join(dir, 'shift.json'), JSON.stringify({ required: 'yes' }));
    await expect(open()).rejects.toMatchObject({ code: 'shift.config_invalid' });
    writeFileSync(join(dir, 'shift.json'), JSON.stringify({ required: true, varianceToleranceMinor: 100 }));
    await open();
    expect(await call('shift.status', {})).toMatchObject({ required: true });
  });
});
