import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { decodeMpm } from '../../core/emv-mpm.js';
import { startGateway, type Gateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import type { PaymentAttemptDto, SaleDto } from '../../shared/dto.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { callsOf } from '../call.test-util.js';
import { bankQrProvider, gatewayProvider as sharedGatewayProvider } from './providers.test-util.js';

/** Merchant-presented QR codes (provider precreate and static EMV), tender promotions, providers.json. */
const WATER = '6901234567892'; // 2.00 CNY

let dir: string;
let gateway: Gateway;
let client: ReturnType<typeof gatewayClient>;
let terminal: Terminal | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-qr-'));
  gateway = await startGateway({ test: true, log: () => {} });
  client = gatewayClient(gateway.url);
});
afterEach(async () => {
  terminal?.close();
  terminal = undefined;
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

const writeProviders = (json: unknown) => writeFileSync(join(dir, 'providers.json'), JSON.stringify(json));
const gatewayProvider = (extra: Record<string, unknown> = {}) => sharedGatewayProvider(gateway.url, extra);

async function open(paymentTimeoutMs = 4_000): Promise<Terminal> {
  terminal = await openTerminal({ dataDir: dir, paymentTimeoutMs, paymentPollIntervalsMs: [50, 100] });
  return terminal;
}
const { call, fails } = callsOf(() => terminal);
async function saleWithWater(quantity = 1): Promise<SaleDto> {
  const sale = await call('sale.start', {});
  const withWater = await call('sale.scan', { saleId: sale.id, barcode: WATER });
  return quantity === 1
    ? withWater
    : call('sale.setQuantity', { saleId: sale.id, lineId: withWater.lines[0]!.id, quantity });
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

describe('merchant QR and provider config', () => {
  test('provider QR: shown with its expiry, paid by the customer at the gateway, detected by query', async () => {
    writeProviders({ providers: [gatewayProvider()] });
    await open();
    const sale = await saleWithWater();
    const options = await call('payment.options', { saleId: sale.id });
    expect(options.merchantQr).toEqual([
      { providerId: 'sandbox', label: 'Sandbox gateway', kind: 'merchant-qr' },
    ]);
    const attempt = await call('payment.showQr', { saleId: sale.id, providerId: 'sandbox' });
    expect(attempt).toMatchObject({ state: 'paying', kind: 'merchant-qr', wallet: null });
    expect(attempt.qr?.payload).toMatch(/^tillpoint-sandbox:\/\/pay\//);
    expect(Date.parse(attempt.qr!.expiresAt)).toBeGreaterThan(Date.now());
    // the cashier's word does not count for a provider QR
    expect((await fails('payment.confirmByCashier', { attemptId: attempt.id })).code).toBe(
      'payment.illegal_transition',
    );
    const paid = await client.customerPays(attempt.id, { wallet: 'alipay' });
    expect(paid.status).toBe(200);
    const done = await settled(attempt.id);
    expect(done).toMatchObject({ state: 'succeeded', confirmation: 'provider' });
    const completed = await call('sales.get', { saleId: sale.id });
    expect(completed.state).toBe('completed');
    expect(completed.payments[0]).toMatchObject({
      method: 'wallet',
      wallet: 'alipay',
      providerId: 'sandbox',
    });
  });

  test('static bank QR: an EMV MPM with the amount (initiation 12), confirmed by the cashier as such', async () => {
    writeProviders({ providers: [bankQrProvider] });
    await open();
    const sale = await saleWithWater(3);
    const attempt = await call('payment.showQr', { saleId: sale.id, providerId: 'bank-qr' });
    expect(attempt).toMatchObject({ state: 'paying', kind: 'static-qr', wallet: 'duitnow' });
    const decoded = decodeMpm(attempt.qr!.payload);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.tags['01']).toBe('12');
    expect(decoded.tags['54']).toBe('6.00');
    expect(decoded.tags['53']).toBe('156');
    expect(decoded.tags['62']).toEqual({ '05': attempt.id.replaceAll('-', '').slice(0, 25) });
    const confirmed = await call('payment.confirmByCashier', { attemptId: attempt.id });
    expect(confirmed).toMatchObject({ state: 'succeeded', confirmation: 'cashier' });
    const completed = await call('sales.get', { saleId: sale.id });
    expect(completed.payments[0]).toMatchObject({
      method: 'wallet',
      wallet: 'duitnow',
      confirmation: 'cashier',
    });
    expect((await fails('payment.confirmByCashier', { attemptId: attempt.id })).code).toBe(
      'payment.illegal_transition',
    );
  });

  test('one deadline rule: a provider QR and a bank QR end at start + paymentTimeoutS (after a restart too), and the QR shows no later expiry', async () => {
    // the gateway's QR is valid 120 s and the bank QR's expiresInS is longer than the 3 s timeout
    writeProviders({ providers: [gatewayProvider(), { ...bankQrProvider, expiresInS: 300 }] });
    await open(3_000);
    const deadlineOf = (attemptId: string) => {
      const db = new Database(terminal!.dbFile, { readonly: true });
      try {
        return db
          .prepare('SELECT deadline_at FROM payment_attempts WHERE id = ?')
          .pluck()
          .get(attemptId) as string;
      } finally {
        db.close();
      }
    };

    const sale = await saleWithWater();
    const shown = await call('payment.showQr', { saleId: sale.id, providerId: 'sandbox' });
    expect(shown.state).toBe('paying');
    const deadline = Date.parse(deadlineOf(shown.id));
    expect(deadline).toBe(Date.parse(shown.createdAt) + 3_000);
    expect(Date.parse(shown.qr!.expiresAt)).toBeLessThanOrEqual(deadline);
    // the till stops (a crash leaves the attempt as committed) and starts again before the deadline
    await terminal!.close();
    await open(3_000);
    expect((await call('payment.get', { attemptId: shown.id })).state).toBe('paying');
    expect((await fails('sale.scan', { saleId: sale.id, barcode: WATER })).code).toBe(
      'payment.attempt_in_progress',
    );
    // at the deadline the till closes the order itself and the ticket unlocks
    const ended = await settled(shown.id);
    expect(ended).toMatchObject({ state: 'reversed', reason: { code: 'payment.timeout' } });
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(Date.parse(ended.updatedAt) - deadline).toBeLessThan(2_000);
    expect((await call('sale.scan', { saleId: sale.id, barcode: WATER })).lines[0]!.quantity).toBe(2);

    const bank = await call('payment.showQr', { saleId: sale.id, providerId: 'bank-qr' });
    const bankDeadline = Date.parse(deadlineOf(bank.id));
    expect(bankDeadline).toBe(Date.parse(bank.createdAt) + 3_000);
    expect(bank.qr!.expiresAt).toBe(new Date(bankDeadline).toISOString());
    const bankEnded = await settled(bank.id);
    expect(bankEnded).toMatchObject({ state: 'reversed', reason: { code: 'payment.timeout' } });
    expect(Date.parse(bankEnded.updatedAt) - bankDeadline).toBeLessThan(2_000);
  });

  test('a tender promotion is shown before paying, charged, and recorded with the payment', async () => {
    writeProviders({
      providers: [gatewayProvider()],
      promotions: [
        { wallet: 'alipay', label: '5 % off with Alipay', discount: { kind: 'percent', bps: 500 } },
      ],
    });
    await open();
    const sale = await saleWithWater(5); // 10.00
    const options = await call('payment.options', { saleId: sale.id });
    expect(options.wallets.find((w) => w.wallet === 'alipay')?.promotion).toEqual({
      label: '5 % off with Alipay',
      discount: { amount: 50, currency: 'CNY' },
    });
    expect(options.wallets.find((w) => w.wallet === 'wechat')?.promotion).toBeNull();
    const code = await client.issueCode({ wallet: 'alipay' });
    const attempt = await call('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' });
    expect(attempt).toMatchObject({ state: 'succeeded', amount: { amount: 950, currency: 'CNY' } });
    const ledger = await client.ledger();
    expect(ledger.orders.find((o) => o.out_trade_no === attempt.id)).toMatchObject({
      amount: 950,
      charged: 1,
    });
    const completed = await call('sales.get', { saleId: sale.id });
    expect(completed.totals.total.amount).toBe(1000);
    expect(completed.payments[0]).toMatchObject({
      method: 'wallet',
      amount: { amount: 950 },
      promotion: { label: '5 % off with Alipay', discount: { amount: 50, currency: 'CNY' } },
    });
  });

  test('routes pick the provider per wallet; a wallet no provider takes is unconfigured', async () => {
    writeProviders({
      providers: [
        gatewayProvider({ id: 'main', wallets: ['wechat'] }),
        gatewayProvider({ id: 'second', wallets: ['wechat', 'alipay'], merchantQr: false }),
      ],
      routes: { wechat: 'second' },
    });
    await open();
    const sale = await saleWithWater();
    const options = await call('payment.options', { saleId: sale.id });
    expect(options.wallets.map((w) => [w.wallet, w.providerId])).toEqual([
      ['wechat', 'second'],
      ['alipay', 'second'],
    ]);
    expect(options.merchantQr.map((q) => q.providerId)).toEqual(['main']);
    const code = await client.issueCode({ wallet: 'unionpay' });
    expect((await fails('payment.chargeCode', { saleId: sale.id, code, source: 'scanner' })).code).toBe(
      'wallet.unconfigured',
    );
    expect((await fails('payment.showQr', { saleId: sale.id, providerId: 'second' })).code).toBe(
      'payment.unknown_provider',
    );
  });

  test('an invalid providers.json is refused at start with where the mistake is', async () => {
    writeProviders({ providers: [gatewayProvider({ url: 'not a url' })] });
    await expect(openTerminal({ dataDir: dir })).rejects.toMatchObject({
      code: 'payment.config_invalid',
      message: expect.stringContaining('providers.0.url'),
    });
    writeProviders({ providers: [gatewayProvider()], routes: { unionpay: 'sandbox' } });
    await expect(openTerminal({ dataDir: dir })).rejects.toMatchObject({ code: 'payment.config_invalid' });
    writeFileSync(join(dir, 'providers.json'), '{ not json');
    await expect(openTerminal({ dataDir: dir })).rejects.toMatchObject({ code: 'payment.config_invalid' });
  });
});
