import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../e2e/sync/fault-proxy.js';
import { startGateway } from '../gateway/gateway.js';
import { gatewayClient } from '../gateway/test-client.js';
import { issueEnrollCode } from '../hub/enroll-code.js';
import { startHub } from '../hub/hub-server.js';
import { openSqliteHubStore } from '../hub/sqlite-store.js';
import { refundDto, saleDto, type RefundDto, type SaleDto } from '../shared/dto.js';
import { outboxPayloadSchemas } from '../shared/hub-api.js';
import { openTerminal, type OpenTerminalOptions, type Terminal } from './terminal.js';
import { tillWithGateway } from './till-gateway.test-util.js';

/**
 * sale.refund on a real SQLite data folder against the REAL sandbox gateway on 127.0.0.1. The lead's sync
 * client moves outbox rows to 'sent' for real; here the test sets the state in SQL, as the hub's receipt would.
 */
const WATER = '6901234567892'; // 2.00 CNY

const till = tillWithGateway('refund');
const { call, fails, sql } = till;

async function open(extra: Partial<OpenTerminalOptions> = {}): Promise<Terminal> {
  till.terminal = await openTerminal({
    dataDir: till.dir,
    gatewayUrl: till.gateway.url,
    paymentTimeoutMs: 4_000,
    paymentPollIntervalsMs: [50, 100, 200],
    ...extra,
  });
  return till.terminal;
}

/** What the hub's acceptance does to the sale's outbox row (the lead's sync client, for real). */
function markSent(saleId: string): void {
  sql((db) =>
    db
      .prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, hub_seq = 1 WHERE idempotency_key = ?`)
      .run(new Date().toISOString(), `sale:${saleId}`),
  );
}
function setOutboxState(saleId: string, state: 'queued' | 'parked'): void {
  sql((db) =>
    db
      .prepare(`UPDATE outbox SET state = ?, sent_at = NULL WHERE idempotency_key = ?`)
      .run(state, `sale:${saleId}`),
  );
}

function refundOutbox(refundId: string): { kind: string; state: string; payload: unknown }[] {
  return sql((db) =>
    (
      db
        .prepare(`SELECT kind, state, payload FROM outbox WHERE idempotency_key = ?`)
        .all(`refund:${refundId}`) as { kind: string; state: string; payload: string }[]
    ).map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })),
  );
}
const refundRows = (saleId: string) =>
  sql(
    (db) =>
      db
        .prepare('SELECT id, state, tries, problem_code FROM refunds WHERE sale_id = ? ORDER BY rowid')
        .all(saleId) as { id: string; state: string; tries: number; problem_code: string | null }[],
  );
const journalKinds = (saleId: string) =>
  sql((db) => db.prepare('SELECT kind FROM journal WHERE sale_id = ? ORDER BY id').pluck().all(saleId));

async function cashSale(tendered = 500): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  return call('sale.complete', { saleId: sale.id, tender: { method: 'cash', tendered } });
}

async function walletSale(): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  await call('sale.scan', { saleId: sale.id, barcode: WATER });
  const code = await till.client.issueCode({ wallet: 'wechat' });
  const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
  expect(attempt.state).toBe('succeeded');
  return call('sales.get', { saleId: sale.id });
}

async function ledgerOrder(outTradeNo: string) {
  return (await till.client.ledger()).orders.find((o) => o.out_trade_no === outTradeNo);
}

async function settledRefund(saleId: string, timeoutMs = 8_000): Promise<RefundDto> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const refund = (await call('sales.get', { saleId })).refund;
    if (refund && refund.state !== 'pending') return refund;
    if (Date.now() > until)
      throw new Error(`refund still ${refund?.state ?? 'absent'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('sale.refund: only a sale the hub has', () => {
  test('refused while the sale is queued or parked, with the why and the what-to-do; allowed once sent', async () => {
    await open();
    const sale = await cashSale();

    const queued = await fails('sale.refund', { saleId: sale.id, reason: 'changed mind' });
    expect(queued).toMatchObject({
      code: 'sale.refund_unsynced',
      message:
        'This sale has not reached head office yet (it is waiting in the queue). Refunds are possible once it has synced; check the Sync screen.',
      details: { saleId: sale.id, outboxState: 'queued' },
    });

    setOutboxState(sale.id, 'parked');
    const parked = await fails('sale.refund', { saleId: sale.id, reason: 'changed mind' });
    expect(parked.code).toBe('sale.refund_unsynced');
    expect(parked.details).toMatchObject({ outboxState: 'parked' });
    expect(parked.message).toMatch(/parked.*Sync screen/);

    // nothing was written by the refusals
    expect(refundRows(sale.id)).toEqual([]);
    expect((await call('sales.get', { saleId: sale.id })).refund).toBeNull();

    markSent(sale.id);
    const refund = await call('sale.refund', { saleId: sale.id, reason: 'changed mind' });
    expect(refundDto.parse(refund)).toEqual(refund);
    expect(refund).toMatchObject({ state: 'refunded', saleId: sale.id });
  });

  test('open and voided tickets, unknown sales and empty reasons are refused with typed errors', async () => {
    await open();
    const open1 = await call('sale.start', {});
    await call('sale.scan', { saleId: open1.id, barcode: WATER });
    expect((await fails('sale.refund', { saleId: open1.id, reason: 'x' })).code).toBe(
      'sale.refund_not_completed',
    );
    const voided = await call('sale.void', { saleId: open1.id });
    const refusal = await fails('sale.refund', { saleId: voided.id, reason: 'x' });
    expect(refusal.code).toBe('sale.refund_not_completed');
    expect(refusal.message).toMatch(/voided and took no money/);
    expect((await fails('sale.refund', { saleId: randomUUID(), reason: 'x' })).code).toBe('sale.not_found');
    expect((await fails('sale.refund', { saleId: voided.id, reason: '   ' })).code).toBe('invalid_params');
  });

  test('a sale in another currency is refused', async () => {
    await open();
    const sale = await cashSale();
    markSent(sale.id);
    sql((db) => {
      db.prepare(`UPDATE sales SET currency = 'EUR' WHERE id = ?`).run(sale.id);
      db.prepare(`UPDATE payments SET currency = 'EUR' WHERE sale_id = ?`).run(sale.id);
    });
    const refusal = await fails('sale.refund', { saleId: sale.id, reason: 'x' });
    expect(refusal).toMatchObject({
      code: 'sale.refund_other_currency',
      details: { currency: 'EUR', tillCurrency: 'CNY' },
    });
  });
});

describe('cash and stored-value refunds', () => {
  test('cash: paid out of the drawer, with its sale.refunded outbox row and journal row; a repeat answers the same refund', async () => {
    await open();
    const sale = await cashSale(500);
    markSent(sale.id);
    const before = (await call('status.get', {})).outboxQueued;

    const refund = await call('sale.refund', { saleId: sale.id, reason: ' item damaged ' });
    expect(refund).toMatchObject({
      state: 'refunded',
      tender: 'cash',
      method: 'cash',
      // what the sale cost, not what was tendered
      amount: { amount: 200, currency: 'CNY' },
      reason: 'item damaged',
      attemptId: null,
      problem: null,
      pointsReversed: 0,
    });
    expect(refund.refundedAt).not.toBeNull();

    const again = await call('sale.refund', { saleId: sale.id, reason: 'another reason' });
    expect(again).toEqual(refund);
    expect(refundRows(sale.id)).toHaveLength(1);

    const [row, ...more] = refundOutbox(refund.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ kind: 'sale.refunded', state: 'queued', payload: refund });
    // the hub accepts it as it is
    expect(outboxPayloadSchemas['sale.refunded'].parse(row!.payload)).toEqual(refund);
    expect((await call('status.get', {})).outboxQueued).toBe(before + 1);
    expect(journalKinds(sale.id)).toEqual(['sale.started', 'sale.completed', 'sale.refunded']);

    // receipts and history show it
    const shown = await call('sales.get', { saleId: sale.id });
    expect(saleDto.parse(shown).refund).toEqual(refund);
    expect(shown.state).toBe('completed');
    expect((await call('sales.list', {}))[0]).toMatchObject({ id: sale.id, refund: 'refunded' });
  });

  test('a member’s points earned by the sale are taken back with the refund', async () => {
    await open();
    const [member] = await call('member.list', {});
    const sale = await call('sale.start', {});
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    await call('sale.scan', { saleId: sale.id, barcode: WATER });
    await call('sale.setCustomer', { saleId: sale.id, customerId: member!.id });
    const done = await call('sale.complete', {
      saleId: sale.id,
      tender: { method: 'cash', tendered: 10_000 },
    });
    expect(done.pointsEarned).toBeGreaterThan(0);
    const earned = (await call('member.list', {})).find((m) => m.id === member!.id)!.points;
    markSent(sale.id);
    const refund = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(refund.pointsReversed).toBe(done.pointsEarned);
    const after = (await call('member.list', {})).find((m) => m.id === member!.id)!.points;
    expect(after).toBe(earned - done.pointsEarned);
  });

  test('a stored-value card sale is refunded as cash (nothing is written to the card)', async () => {
    await open();
    const sale = await cashSale(200);
    // turn the cash payment into a card payment as the NFC flow records it (cards.pcsc.int.test.ts covers the taps)
    sql((db) => {
      const tx = randomUUID();
      db.prepare(
        `INSERT INTO sv_transactions (id, card_uid, scheme_id, kind, sale_id, amount, currency, balance_before,
           balance_after, counter_before, counter_after, state, terminal_id, created_at, updated_at)
         VALUES (?, '04A1B2C3D4E5F6', 'TPDM', 'debit', ?, 200, 'CNY', 1000, 800, 3, 4, 'committed', 't', ?, ?)`,
      ).run(tx, sale.id, sale.createdAt, sale.createdAt);
      db.prepare(
        `UPDATE payments SET method = 'stored-value', tendered = NULL, change = NULL, sv_transaction_id = ?
         WHERE sale_id = ?`,
      ).run(tx, sale.id);
    });
    markSent(sale.id);
    const refund = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(refund).toMatchObject({
      state: 'refunded',
      tender: 'stored-value',
      method: 'cash',
      amount: { amount: 200, currency: 'CNY' },
    });
    expect(refundOutbox(refund.id)).toHaveLength(1);
  });
});

describe('wallet refunds through the sandbox gateway', () => {
  test('pending is written before the gateway is asked; refunded with its outbox row; reaches the gateway once when called twice', async () => {
    await open();
    const sale = await walletSale();
    const payment = sale.payments[0]!;
    if (payment.method !== 'wallet') throw new Error('not a wallet payment');
    markSent(sale.id);

    // two calls at once (a double tap, or a retry racing the first): one refund, one gateway refund
    const [first, second] = await Promise.all([
      call('sale.refund', { saleId: sale.id, reason: 'returned' }),
      call('sale.refund', { saleId: sale.id, reason: 'returned' }),
    ]);
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      state: 'refunded',
      tender: 'wallet',
      method: 'wallet',
      attemptId: payment.attemptId,
      wallet: 'wechat',
      providerId: 'sandbox',
      amount: { amount: 200, currency: 'CNY' },
    });
    // and once more later (a reply lost on a dropped socket): the same refund, no new gateway call
    expect(await call('sale.refund', { saleId: sale.id, reason: 'returned' })).toEqual(first);

    expect(await ledgerOrder(payment.attemptId)).toMatchObject({
      trade_status: 'REFUND',
      charged: 1,
      refunded: 1,
      refunded_amount: 200,
    });
    expect(refundRows(sale.id)).toEqual([{ id: first.id, state: 'refunded', tries: 1, problem_code: null }]);
    expect(refundOutbox(first.id)).toEqual([{ kind: 'sale.refunded', state: 'queued', payload: first }]);
    expect(journalKinds(sale.id)).toEqual([
      'sale.started',
      'sale.completed',
      // the wallet payment's final state is a money event of its own (schema 16)
      'payment.final',
      'refund.started',
      'sale.refunded',
    ]);
  });

  test('gateway unreachable: the refund stays pending, and a later call completes it with the same refund number', async () => {
    await open();
    const sale = await walletSale();
    const payment = sale.payments[0]!;
    if (payment.method !== 'wallet') throw new Error('not a wallet payment');
    markSent(sale.id);
    const port = till.gateway.port;
    await till.gateway.close();

    const pending = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(pending).toMatchObject({
      state: 'pending',
      problem: { code: 'payment.offline' },
      refundedAt: null,
    });
    expect(refundOutbox(pending.id)).toEqual([]);
    const again = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(again).toMatchObject({ id: pending.id, state: 'pending' });
    expect(refundRows(sale.id)).toEqual([
      { id: pending.id, state: 'pending', tries: 2, problem_code: 'payment.offline' },
    ]);
    expect((await call('sales.list', {}))[0]).toMatchObject({ id: sale.id, refund: 'pending' });

    till.gateway = await startGateway({
      test: true,
      log: () => {},
      port,
      ledgerFile: join(till.dir, 'gateway-ledger.db'),
    });
    const done = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(done).toMatchObject({ id: pending.id, state: 'refunded', problem: null });
    expect(refundRows(sale.id)).toEqual([
      { id: pending.id, state: 'refunded', tries: 3, problem_code: null },
    ]);
    expect(await ledgerOrder(payment.attemptId)).toMatchObject({ refunded: 1, refunded_amount: 200 });
    expect(refundOutbox(pending.id)).toHaveLength(1);
  });

  test('a refund left pending is completed at the next start, with the same refund number', async () => {
    await open();
    const sale = await walletSale();
    const payment = sale.payments[0]!;
    if (payment.method !== 'wallet') throw new Error('not a wallet payment');
    markSent(sale.id);
    const port = till.gateway.port;
    await till.gateway.close();
    const pending = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(pending.state).toBe('pending');
    await till.terminal!.close();

    till.gateway = await startGateway({
      test: true,
      log: () => {},
      port,
      ledgerFile: join(till.dir, 'gateway-ledger.db'),
    });
    till.client = gatewayClient(till.gateway.url);
    await open();
    const done = await settledRefund(sale.id);
    expect(done).toMatchObject({ id: pending.id, state: 'refunded' });
    expect(await ledgerOrder(payment.attemptId)).toMatchObject({ refunded: 1, refunded_amount: 200 });
    expect(refundOutbox(pending.id)).toHaveLength(1);
  });

  test('a refund the gateway refuses is failed with its reason, moves no money, and may be tried again', async () => {
    await open();
    const sale = await walletSale();
    const payment = sale.payments[0]!;
    if (payment.method !== 'wallet') throw new Error('not a wallet payment');
    markSent(sale.id);
    // the order was reversed behind the till's back: the gateway refuses a refund of it
    await till.client.reverse(payment.attemptId);
    const failed = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(failed).toMatchObject({ state: 'failed', refundedAt: null });
    expect(failed.problem?.code).toBe('payment.provider_error');
    expect(refundOutbox(failed.id)).toEqual([]);
    expect(journalKinds(sale.id)).toContain('refund.failed');
    const retried = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(retried.id).not.toBe(failed.id);
    expect(retried.state).toBe('failed');
    expect((await call('sales.get', { saleId: sale.id })).refund?.id).toBe(retried.id);
  });
});

describe('a refund whose reply was lost, while the till runs (fault proxy between till and gateway)', () => {
  let proxy: FaultProxy;
  beforeEach(async () => {
    proxy = await startFaultProxy({ target: till.gateway.url });
  });
  afterEach(async () => {
    await till.terminal?.close();
    till.terminal = undefined;
    await proxy.close();
  });

  /** A wallet sale at the hub, then its refund with the gateway's reply lost after the gateway refunded. */
  async function lostRefundReply(): Promise<{ sale: SaleDto; attemptId: string; pending: RefundDto }> {
    const sale = await walletSale();
    const payment = sale.payments[0]!;
    if (payment.method !== 'wallet') throw new Error('not a wallet payment');
    markSent(sale.id);
    await proxy.setPlan({ mode: 'fixed', fault: { kind: 'drop-reply' } });
    const pending = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(pending).toMatchObject({ state: 'pending', problem: { code: 'payment.provider_error' } });
    // the gateway did refund; only its answer got lost
    expect(await ledgerOrder(payment.attemptId)).toMatchObject({ refunded: 1, refunded_amount: 200 });
    await proxy.setPlan({ mode: 'fixed', fault: { kind: 'pass' } });
    return { sale, attemptId: payment.attemptId, pending };
  }

  /** Settled with the same refund number, one refund at the gateway, one outbox row. */
  async function expectSettledOnce(saleId: string, attemptId: string, pending: RefundDto, withinMs: number) {
    const done = await settledRefund(saleId, withinMs);
    expect(done).toMatchObject({ id: pending.id, state: 'refunded', problem: null });
    expect(refundRows(saleId)).toEqual([{ id: pending.id, state: 'refunded', tries: 2, problem_code: null }]);
    expect(await ledgerOrder(attemptId)).toMatchObject({ refunded: 1, refunded_amount: 200 });
    expect(refundOutbox(pending.id)).toHaveLength(1);
  }

  test('the gateway answers a payment again: the pending refund is asked again at once and settles', async () => {
    await open({ gatewayUrl: proxy.url });
    const { sale, attemptId, pending } = await lostRefundReply();
    // nothing asks about it yet: no sale.refund call, no restart
    await new Promise((r) => setTimeout(r, 300));
    expect(refundRows(sale.id)[0]).toMatchObject({ state: 'pending', tries: 1 });
    // the next wallet payment the gateway answers wakes it (well before its own 10 s retry)
    await walletSale();
    await expectSettledOnce(sale.id, attemptId, pending, 3_000);
  });

  test('the hub answers again: the pending refund is asked again at once and settles', async () => {
    const hubStore = openSqliteHubStore(join(till.dir, 'hub.db'));
    const hub = await startHub({ port: 0, store: hubStore });
    try {
      await open({
        gatewayUrl: proxy.url,
        sync: { hubTimeoutMs: 2_000, idleIntervalMs: 60_000, random: () => 0.5 },
      });
      const { sale, attemptId, pending } = await lostRefundReply();
      // the hub is reached (for the first time here): the sync client's reconnect wakes the refund
      await call('sync.enroll', { hubUrl: hub.url, code: await issueEnrollCode(hubStore) });
      await expectSettledOnce(sale.id, attemptId, pending, 3_000);
    } finally {
      await till.terminal?.close();
      till.terminal = undefined;
      await hub.close();
      await hubStore.close();
    }
  });

  test('with nothing else happening, it is asked again on its own after 10 s', async () => {
    await open({ gatewayUrl: proxy.url });
    const { sale, attemptId, pending } = await lostRefundReply();
    await new Promise((r) => setTimeout(r, 8_000));
    expect(refundRows(sale.id)[0]).toMatchObject({ state: 'pending', tries: 1 });
    await expectSettledOnce(sale.id, attemptId, pending, 6_000);
  }, 20_000);
});

describe('with the real hub and the sync client', () => {
  test('refused until the sync client has the sale at the hub; the hub then accepts the refund entry', async () => {
    const hubStore = openSqliteHubStore(join(till.dir, 'hub.db'));
    const hub = await startHub({ port: 0, store: hubStore });
    try {
      await open({ sync: { hubTimeoutMs: 2_000, idleIntervalMs: 60_000, random: () => 0.5 } });
      // sold while not enrolled: queued, so refused
      const sale = await cashSale();
      expect((await fails('sale.refund', { saleId: sale.id, reason: 'returned' })).code).toBe(
        'sale.refund_unsynced',
      );
      const code = await issueEnrollCode(hubStore);
      await call('sync.enroll', { hubUrl: hub.url, code });
      const until = Date.now() + 10_000;
      while ((await call('sync.status', {})).queued > 0) {
        if (Date.now() > until) throw new Error('the queue did not drain');
        await new Promise((r) => setTimeout(r, 25));
      }
      const refund = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
      expect(refund.state).toBe('refunded');
      // the hub accepted it (the sync client marks the row sent once the hub answered)
      while (refundOutbox(refund.id)[0]?.state !== 'sent') {
        if (Date.now() > until) throw new Error('the refund did not reach the hub');
        await new Promise((r) => setTimeout(r, 25));
      }
      const keys = (await hubStore.entriesAfter(0, 1_000)).map((e) => e.idempotencyKey);
      // the hub got the sale before its refund
      expect(keys.indexOf(`sale:${sale.id}`)).toBeGreaterThanOrEqual(0);
      expect(keys.indexOf(`sale:${sale.id}`)).toBeLessThan(keys.indexOf(`refund:${refund.id}`));
    } finally {
      await till.terminal?.close();
      till.terminal = undefined;
      await hub.close();
      await hubStore.close();
    }
  });
});
