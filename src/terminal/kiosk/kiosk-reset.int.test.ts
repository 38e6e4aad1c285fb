import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { callsOf } from '../call.test-util.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { kioskSeed, until, WATER } from './kiosk.test-util.js';

/**
 * kiosk.reset against the real sandbox gateway: a basket is given up (idle, or the customer's Cancel)
 * without ever voiding a sale whose payment may still take money, and without money kept for it.
 */
let dir: string;
let gateway: Gateway;
let client: ReturnType<typeof gatewayClient>;
let terminal: Terminal | undefined;
const { call } = callsOf(() => terminal);

async function open(pollIntervalsMs = [50, 100]): Promise<void> {
  await terminal?.close();
  terminal = await openTerminal({
    dataDir: dir,
    seed: kioskSeed,
    kiosk: true,
    demo: true,
    gatewayUrl: gateway.url,
    paymentTimeoutMs: 20_000,
    paymentAnswerWithinMs: 2_000,
    paymentPollIntervalsMs: pollIntervalsMs,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-kiosk-reset-'));
  gateway = await startGateway({ test: true, log: () => {} });
  client = gatewayClient(gateway.url);
  await open();
});
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

async function basket() {
  const sale = await call('sale.start', {});
  return call('sale.scan', { saleId: sale.id, barcode: WATER });
}

/** What the gateway kept for an attempt (charged minus refunded), 0 when it never saw it. */
async function kept(attemptId: string): Promise<number> {
  const ledger = await client.ledger();
  const order = ledger.orders.find((o) => o.out_trade_no === attemptId) as
    { charged: number; refunded: number } | undefined;
  return order ? order.charged - order.refunded : 0;
}

describe('kiosk.reset', () => {
  test('while the customer types their wallet password: reversing, never voided; then voided', async () => {
    const sale = await basket();
    const code = await client.issueCode({ wallet: 'alipay', behaviour: 'password', passwordMs: 30_000 });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('paying');

    const first = await call('kiosk.reset', { saleId: sale.id, reason: 'idle' });
    expect(first).toMatchObject({
      outcome: 'reversing',
      sale: { state: 'open' },
      attempt: { id: attempt.id, state: 'reversing' },
    });
    // asked again at once: still reversing (not voided), or voided once the reverse was confirmed
    const again = await call('kiosk.reset', { saleId: sale.id, reason: 'idle' });
    expect(again.outcome).toBe(again.attempt?.state === 'reversing' ? 'reversing' : 'voided');
    if (again.outcome === 'voided') expect(again.attempt?.state).toBe('reversed');

    await until(
      'the reverse',
      () => call('payment.get', { attemptId: attempt.id }),
      (a) => a.state === 'reversed',
    );
    const second = await call('kiosk.reset', { saleId: sale.id, reason: 'idle' });
    expect(second).toMatchObject({
      outcome: 'voided',
      sale: { state: 'voided' },
      attempt: { state: 'reversed' },
    });
    expect(await call('kiosk.reset', { saleId: sale.id, reason: 'idle' })).toMatchObject({
      outcome: 'nothing',
      sale: { id: sale.id, state: 'voided' },
    });
    expect(await kept(attempt.id)).toBe(0);
  });

  test('an attempt whose outcome is unknown (charged at the gateway) is reversed, not voided', async () => {
    // the till asks about the unknown outcome only after 5 s: the reset comes first
    await open([5_000]);
    const sale = await basket();
    const code = await client.issueCode({ wallet: 'wechat', behaviour: 'systemerror' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('unknown');
    const reset = await call('kiosk.reset', { saleId: sale.id, reason: 'customer' });
    expect(reset).toMatchObject({
      outcome: 'reversing',
      sale: { state: 'open' },
      attempt: { state: 'reversing' },
    });
    await until(
      'the reverse',
      () => call('payment.get', { attemptId: attempt.id }),
      (a) => a.state === 'reversed',
    );
    expect(await call('kiosk.reset', { saleId: sale.id, reason: 'customer' })).toMatchObject({
      outcome: 'voided',
      sale: { state: 'voided' },
    });
    // the gateway had taken the money; the reverse gave it back
    const order = (await client.ledger()).orders.find((o) => o.out_trade_no === attempt.id);
    expect(order).toMatchObject({ charged: 1 });
    expect(await kept(attempt.id)).toBe(0);
  });

  test('a paid basket is completed, never voided', async () => {
    const sale = await basket();
    const code = await client.issueCode({ wallet: 'wechat' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt.state).toBe('succeeded');
    const reset = await call('kiosk.reset', { saleId: sale.id, reason: 'idle' });
    expect(reset).toMatchObject({
      outcome: 'completed',
      sale: { id: sale.id, state: 'completed' },
      attempt: { id: attempt.id, state: 'succeeded' },
    });
    expect(reset.sale?.receiptCode).toMatch(/^[0-9A-Z]{5}-1-[0-9A-Z]$/);
    expect((await call('sales.get', { saleId: sale.id })).state).toBe('completed');
    expect(await kept(attempt.id)).toBe(1);
  });

  test('a basket without a payment is voided; a card payment waiting for a tap is cancelled first', async () => {
    let sale = await basket();
    expect(await call('kiosk.reset', { saleId: sale.id, reason: 'idle' })).toMatchObject({
      outcome: 'voided',
      sale: { state: 'voided' },
      attempt: null,
    });

    sale = await basket();
    const session = await call('svcard.payBegin', { saleId: sale.id });
    expect(session.state).toBe('waiting');
    const reset = await call('kiosk.reset', { saleId: sale.id, reason: 'customer' });
    expect(reset).toMatchObject({ outcome: 'voided', sale: { state: 'voided' } });
    expect((await call('svcard.get', { sessionId: session.id })).state).toBe('cancelled');
  });

  test('no basket to give up: nothing', async () => {
    expect(
      await call('kiosk.reset', { saleId: '0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01', reason: 'idle' }),
    ).toEqual({ outcome: 'nothing', sale: null, attempt: null });
  });
});
