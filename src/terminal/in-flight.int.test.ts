import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../gateway/gateway.js';
import { gatewayClient } from '../gateway/test-client.js';
import { callsOf } from './call.test-util.js';
import { openTerminal, type Terminal } from './terminal.js';

/**
 * What is in flight, as integrators and operators see it: payment.list, refund.list and the counts in
 * sync.status, on a real data folder against the real sandbox gateway.
 */
const WATER = '6901234567892'; // 2.00 CNY

let dir: string;
let gateway: Gateway;
let terminal: Terminal | undefined;
const { call, fails } = callsOf(() => terminal);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-inflight-'));
  gateway = await startGateway({ test: true, log: () => {} });
  terminal = await openTerminal({
    dataDir: dir,
    gatewayUrl: gateway.url,
    paymentTimeoutMs: 6_000,
    paymentAnswerWithinMs: 2_000,
    paymentPollIntervalsMs: [50, 100],
  });
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const end = Date.now() + 8_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('payment.list shows attempts by state with their sale and deadline; sync.status counts the unfinished', async () => {
  const client = gatewayClient(gateway.url);
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  // the payer types a password for a while: the attempt is in flight
  const code = await client.issueCode({ wallet: 'alipay', behaviour: 'password', passwordMs: 1_500 });
  const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
  expect(attempt.state).toBe('paying');

  const inFlight = await call('payment.list', { states: ['created', 'charging', 'paying', 'unknown'] });
  expect(inFlight).toEqual([
    {
      ...attempt,
      updatedAt: expect.any(String),
      saleNumber: null,
      deadlineAt: new Date(Date.parse(attempt.createdAt) + 6_000).toISOString(),
    },
  ]);
  expect(inFlight[0]).toMatchObject({ saleId: sale.id, amount: { amount: 200, currency: 'CNY' } });
  expect(await call('sync.status', {})).toMatchObject({ unfinishedPayments: 1, pendingRefunds: 0 });

  await until(
    'the attempt',
    () => call('payment.get', { attemptId: attempt.id }),
    (a) => a.state === 'succeeded',
  );
  const completed = await call('sales.get', { saleId: sale.id });
  expect(await call('payment.list', { states: ['paying'] })).toEqual([]);
  expect(await call('payment.list', {})).toMatchObject([
    { id: attempt.id, state: 'succeeded', saleId: sale.id, saleNumber: completed.number },
  ]);
  expect(await call('sync.status', {})).toMatchObject({ unfinishedPayments: 0, pendingRefunds: 0 });
  expect((await fails('payment.list', { states: ['lost'] })).code).toBe('invalid_params');
  expect((await fails('payment.list', { limit: 0 })).code).toBe('invalid_params');
});

test('refund.list shows a pending wallet refund with its sale and tries; sync.status counts it', async () => {
  const client = gatewayClient(gateway.url);
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  const code = await client.issueCode({ wallet: 'wechat' });
  expect((await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' })).state).toBe(
    'succeeded',
  );
  const completed = await call('sales.get', { saleId: sale.id });
  // what the hub's receipt does to the sale's outbox row: refunds wait for it
  const db = new Database(terminal!.dbFile);
  db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, hub_seq = 1 WHERE idempotency_key = ?`).run(
    new Date().toISOString(),
    `sale:${sale.id}`,
  );
  db.close();
  await gateway.close();

  const refund = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
  expect(refund.state).toBe('pending');
  expect(await call('refund.list', { states: ['pending'] })).toEqual([
    { ...refund, saleNumber: completed.number, tries: 1 },
  ]);
  expect(await call('refund.list', { states: ['refunded', 'failed'] })).toEqual([]);
  expect(await call('sync.status', {})).toMatchObject({ unfinishedPayments: 0, pendingRefunds: 1 });
  expect((await fails('refund.list', { states: [] })).code).toBe('invalid_params');
  gateway = await startGateway({ test: true, log: () => {} });
});
