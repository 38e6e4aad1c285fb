import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { money } from '../../../core/money.js';
import type { PaymentAttemptDto, SaleDto } from '../../../shared/dto.js';
import { callsOf } from '../../call.test-util.js';
import { openTerminal, type Terminal } from '../../terminal.js';
import { loadAlipayKeys } from './alipay-keys.js';
import { createAlipayProvider } from './alipay-provider.js';
import { alipayEntry, startAlipaySim, type AlipaySim } from '../../../gateway/alipay/alipay-sim.test-util.js';

/**
 * The till against the Alipay simulator over real HTTPS (a test CA) on 127.0.0.1: every awkward case of
 * the sandbox in Alipay's protocol, each time judged by the simulator's ledger (what was really charged).
 */
const WATER = '6901234567892'; // 2.00 CNY

let sim: AlipaySim;
let dir: string;
let terminal: Terminal | undefined;
let logLines: string[];

beforeAll(async () => {
  sim = await startAlipaySim();
}, 30_000);
afterAll(async () => {
  await sim?.gateway.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-alipay-'));
});
afterEach(() => {
  terminal?.close();
  terminal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function open(timeoutMs = 4_000, extra: Record<string, unknown> = {}): Promise<Terminal> {
  writeFileSync(join(dir, 'providers.json'), JSON.stringify({ providers: [alipayEntry(sim, dir, extra)] }));
  logLines = [];
  terminal = await openTerminal({
    dataDir: dir,
    paymentTimeoutMs: timeoutMs,
    paymentPollIntervalsMs: [50, 100, 200],
    log: (line, details) => logLines.push(`${line} ${details === undefined ? '' : JSON.stringify(details)}`),
  });
  return terminal;
}

const { call } = callsOf(() => terminal);

async function saleWithWater(): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  return call('sale.scan', { saleId: sale.id, barcode: WATER });
}

async function settled(attemptId: string, timeoutMs = 8_000): Promise<PaymentAttemptDto> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const a = await call('payment.get', { attemptId });
    if (['succeeded', 'declined', 'reversed'].includes(a.state)) return a;
    if (Date.now() > until) throw new Error(`attempt still ${a.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function charge(behaviour: Record<string, unknown>, timeoutMs = 4_000) {
  await open(timeoutMs);
  const sale = await saleWithWater();
  const code = await sim.control.issueCode(behaviour);
  const first = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
  return { sale, first, final: await settled(first.id) };
}

async function expectKept(attemptId: string, kept: number) {
  const order = await sim.control.order(attemptId);
  expect(order?.charged ?? 0).toBeLessThanOrEqual(1);
  expect((order?.charged ?? 0) * (order?.amount ?? 0) - (order?.refunded_amount ?? 0)).toBe(kept);
  expect(order?.merchant_id ?? sim.gateway.alipay.appId).toBe(sim.gateway.alipay.appId);
}

describe('Alipay face-to-face payment through the till', () => {
  test('a customer code is paid at once (alipay.trade.pay 10000), Alipay’s trade_no recorded', async () => {
    const { sale, final } = await charge({ behaviour: 'success' });
    expect(final.state).toBe('succeeded');
    const db = new Database(terminal!.dbFile, { readonly: true });
    const transactionId = db
      .prepare('SELECT transaction_id FROM payment_attempts WHERE id = ?')
      .pluck()
      .get(final.id);
    db.close();
    // Alipay's trade_no: the date, 22, 18 digits
    expect(transactionId).toMatch(/^\d{8}22\d{18}$/);
    expect((await call('sales.get', { saleId: sale.id })).state).toBe('completed');
    await expectKept(final.id, 200);
  });

  test('password wait: 10003, then WAIT_BUYER_PAY on query, then paid', async () => {
    const { first, final } = await charge({ behaviour: 'password', passwordMs: 600 });
    expect(first.state).toBe('paying');
    expect(final.state).toBe('succeeded');
    await expectKept(final.id, 200);
  });

  test('the payer declines during the password wait: TRADE_CLOSED, nothing kept', async () => {
    const { final } = await charge({ behaviour: 'password-declined', passwordMs: 400 });
    expect(final.state).toBe('declined');
    expect(final.reason?.code).toBe('alipay.trade_closed');
    await expectKept(final.id, 0);
  });

  test('a decline (40004 ACQ.BUYER_BALANCE_NOT_ENOUGH) reaches the cashier in her words', async () => {
    const { final } = await charge({ behaviour: 'insufficient' });
    expect(final.state).toBe('declined');
    expect(final.reason).toMatchObject({ code: 'alipay.balance_not_enough' });
    expect(final.reason?.message).toContain('ACQ.BUYER_BALANCE_NOT_ENOUGH');
    await expectKept(final.id, 0);
  });

  test('ACQ.SYSTEM_ERROR with the charge taken: unknown, the query finds it paid', async () => {
    const { first, final } = await charge({ behaviour: 'systemerror' });
    expect(first.state).toBe('unknown');
    expect(final.state).toBe('succeeded');
    await expectKept(final.id, 200);
  });

  test('the reply is lost after the charge: unknown, the query finds it paid, charged once', async () => {
    const { final } = await charge({ behaviour: 'lost-reply' });
    expect(final.state).toBe('succeeded');
    await expectKept(final.id, 200);
  });

  test('an answer with a bad signature is never taken as paid: unknown, queried again', async () => {
    await sim.control.fault('alipay.trade.pay', 'bad-signature');
    const { first, final } = await charge({ behaviour: 'success' });
    expect(first.state).toBe('unknown');
    expect(final.state).toBe('succeeded');
    await expectKept(final.id, 200);
    expect(logLines.join('\n')).not.toMatch(/PRIVATE KEY|MII[A-Za-z0-9+/]{20}/);
  });

  test('an unsigned answer to a charge is unknown too', async () => {
    await sim.control.fault('alipay.trade.pay', 'unsigned');
    const { first, final } = await charge({ behaviour: 'insufficient' });
    expect(first.state).toBe('unknown');
    expect(final.state).toBe('declined');
    await expectKept(final.id, 0);
  });

  test('the password never comes: cancelled at the deadline (alipay.trade.cancel), a late payment impossible', async () => {
    const { final } = await charge({ behaviour: 'password', passwordMs: 30_000 }, 800);
    expect(final.state).toBe('reversed');
    const order = await sim.control.order(final.id);
    expect(order?.trade_status).toBe('REVOKED');
    await expectKept(final.id, 0);
  });

  test('a slow answer past the deadline: cancelled, and the money that did move is given back', async () => {
    const { final } = await charge({ behaviour: 'slow', delayMs: 2_000 }, 600);
    expect(final.state).toBe('reversed');
    await expectKept(final.id, 0);
  });

  test('the merchant QR (alipay.trade.precreate) is shown, paid from the phone, confirmed by query', async () => {
    await open();
    const sale = await saleWithWater();
    const options = await call('payment.options', { saleId: sale.id });
    expect(options.wallets.map((w) => w.wallet)).toEqual(['alipay']);
    const shown = await call('payment.showQr', { saleId: sale.id, providerId: 'alipay' });
    expect(shown.qr?.payload).toMatch(/^tillpoint-sandbox:\/\/pay\//);
    await sim.control.customerPays(shown.id);
    const final = await settled(shown.id);
    expect(final.state).toBe('succeeded');
    await expectKept(final.id, 200);
  });
});

describe('a refund at the till goes to Alipay', () => {
  test('sale.refund of an Alipay sale: alipay.trade.refund with the till’s refund id, the money back once', async () => {
    const { sale, final } = await charge({ behaviour: 'success' });
    expect(final.state).toBe('succeeded');
    // a refund waits for the sale to reach the hub: mark it sent, as the sync client would
    const db = new Database(terminal!.dbFile);
    db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, hub_seq = 1 WHERE idempotency_key = ?`).run(
      new Date().toISOString(),
      `sale:${sale.id}`,
    );
    db.close();
    const first = await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    const until = Date.now() + 8_000;
    let refund = first;
    while (refund.state === 'pending' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      refund = (await call('sales.get', { saleId: sale.id })).refund ?? refund;
    }
    expect(refund.state).toBe('refunded');
    expect(await sim.control.order(final.id)).toMatchObject({ refunded: 1, refunded_amount: 200 });
    // asked again, the same refund answers: nothing more leaves the shop's account
    await call('sale.refund', { saleId: sale.id, reason: 'returned' });
    expect(await sim.control.order(final.id)).toMatchObject({ refunded: 1, refunded_amount: 200 });
  });
});

describe('refunds (alipay.trade.refund with out_request_no) and refund queries', () => {
  async function paidOrder() {
    const keys = loadAlipayKeys(alipayEntry(sim, dir), dir, 'test');
    const provider = createAlipayProvider({
      id: 'alipay',
      gatewayUrl: `${sim.gateway.url}/gateway.do`,
      appId: sim.gateway.alipay.appId,
      keys,
      requestTimeoutMs: 2_000,
    });
    const outTradeNo = crypto.randomUUID();
    const code = await sim.control.issueCode({ behaviour: 'success' });
    const paid = await provider.chargeCode({
      outTradeNo,
      authCode: code,
      amount: money(1_000, 'CNY'),
      timeoutMs: 3_000,
    });
    expect(paid.status).toBe('succeeded');
    return { provider, outTradeNo };
  }

  test('partial refunds add up, the same out_request_no refunds once, beyond the rest is refused', async () => {
    const { provider, outTradeNo } = await paidOrder();
    const cny = (n: number) => money(n, 'CNY');
    expect(await provider.refund({ outTradeNo, outRefundNo: 'r-1', amount: cny(300) })).toEqual({
      status: 'refunded',
      refundedTotal: 300,
    });
    expect(await provider.refund({ outTradeNo, outRefundNo: 'r-1', amount: cny(300) })).toEqual({
      status: 'refunded',
      refundedTotal: 300,
    });
    expect(await provider.refund({ outTradeNo, outRefundNo: 'r-2', amount: cny(500) })).toEqual({
      status: 'refunded',
      refundedTotal: 800,
    });
    const over = await provider.refund({ outTradeNo, outRefundNo: 'r-3', amount: cny(201) });
    expect(over).toMatchObject({ status: 'failed', reason: { code: 'alipay.refund_exceeds' } });
    const order = await sim.control.order(outTradeNo);
    expect(order).toMatchObject({ charged: 1, refunded: 2, refunded_amount: 800, trade_status: 'REFUND' });
    expect(await provider.query(outTradeNo)).toMatchObject({ status: 'succeeded' });
  });

  test('refund query (alipay.trade.fastpay.refund.query): a made refund, and one that never arrived', async () => {
    const { provider, outTradeNo } = await paidOrder();
    await provider.refund({ outTradeNo, outRefundNo: 'q-1', amount: money(250, 'CNY') });
    expect(await provider.refundQuery(outTradeNo, 'q-1')).toEqual({ status: 'refunded', refundedTotal: 250 });
    expect((await provider.refundQuery(outTradeNo, 'q-never')).status).toBe('unknown');
  });

  test('a refund whose reply is lost is settled by the refund query, and a retry refunds nothing more', async () => {
    const { provider, outTradeNo } = await paidOrder();
    await sim.control.fault('alipay.trade.refund', 'lost-reply');
    expect(await provider.refund({ outTradeNo, outRefundNo: 'l-1', amount: money(400, 'CNY') })).toEqual({
      status: 'refunded',
      refundedTotal: 400,
    });
    await provider.refund({ outTradeNo, outRefundNo: 'l-1', amount: money(400, 'CNY') });
    expect(await sim.control.order(outTradeNo)).toMatchObject({ refunded: 1, refunded_amount: 400 });
  });

  test('a refund with a bad answer signature is unknown unless the refund query proves it', async () => {
    const { provider, outTradeNo } = await paidOrder();
    await sim.control.fault('alipay.trade.refund', 'bad-signature');
    await sim.control.fault('alipay.trade.fastpay.refund.query', 'bad-signature');
    const outcome = await provider.refund({ outTradeNo, outRefundNo: 'b-1', amount: money(100, 'CNY') });
    expect(outcome.status).toBe('unknown');
    expect(await provider.refundQuery(outTradeNo, 'b-1')).toEqual({ status: 'refunded', refundedTotal: 100 });
  });
});
