import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PaymentAttemptDto } from '../../../shared/dto.js';
import { toWechatNo } from '../../../shared/wechatpay-wire.js';
import { openTerminal, type Terminal } from '../../terminal.js';
import { startWechatSimulator, type WechatSimulator } from './wechatpay.test-util.js';

/**
 * A till configured with providers.json for WeChat Pay (the simulator over HTTPS), driven through its own
 * handlers: the state machine on WeChat's answers, a bad signature on the way included.
 */
let sim: WechatSimulator;
let root: string;
let terminal: Terminal;
let logs: string[];
const changes: PaymentAttemptDto[] = [];

beforeAll(async () => {
  sim = await startWechatSimulator();
  root = mkdtempSync(join(tmpdir(), 'tillpoint-wxtill-'));
  const dataDir = join(root, 'till');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'providers.json'), JSON.stringify({ providers: [sim.entry()] }), {
    mode: 0o600,
  });
  logs = [];
  terminal = await openTerminal({
    dataDir,
    paymentPollIntervalsMs: [50, 100],
    log: (line, details) => logs.push(`${line} ${JSON.stringify(details ?? null)}`),
  });
  terminal.onEvent((event, payload) => {
    if (event === 'payment.changed') changes.push(payload as PaymentAttemptDto);
  });
}, 60_000);
afterAll(async () => {
  terminal?.close();
  await sim?.close();
  rmSync(root, { recursive: true, force: true });
});

async function ringUp() {
  const h = terminal.handlers;
  const sale = await h['sale.start']({});
  return sale.lines.length > 0 ? sale : h['sale.scan']({ saleId: sale.id, barcode: '6901234567892' });
}

async function until(attemptId: string, states: string[]) {
  for (let i = 0; i < 200; i += 1) {
    const a = await terminal.handlers['payment.get']({ attemptId });
    if (states.includes(a.state)) return a;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`attempt ${attemptId} never reached ${states.join('/')}`);
}

describe('a till on WeChat Pay', () => {
  test('a customer code pays the sale, recorded as WeChat Pay', async () => {
    const sale = await ringUp();
    const code = await sim.client.issueCode({ wallet: 'wechat' });
    const attempt = await terminal.handlers['payment.chargeCode']({
      saleId: sale.id,
      code,
      source: 'scanner',
    });
    expect(attempt).toMatchObject({ state: 'succeeded', wallet: 'wechat', providerId: 'wechatpay' });
    expect((await terminal.handlers['sales.get']({ saleId: sale.id })).state).toBe('completed');
  });

  test('a bad signature on the charge answer: unknown, never paid on its word; the query pays it once', async () => {
    const sale = await ringUp();
    const code = await sim.client.issueCode({ wallet: 'wechat' });
    await sim.client.signedPost('/sandbox/wechatpay/tamper', { answers: 1 });
    const first = await terminal.handlers['payment.chargeCode']({ saleId: sale.id, code, source: 'scanner' });
    expect(first.state).toBe('unknown');
    expect(first.reason?.code).toBe('wechatpay.bad_signature');
    const done = await until(first.id, ['succeeded', 'declined', 'reversed']);
    expect(done.state).toBe('succeeded');
    expect(changes.filter((c) => c.id === first.id).map((c) => c.state)).toEqual([
      'created',
      'charging',
      'unknown',
      'succeeded',
    ]);
    const ledger = await sim.client.ledger();
    expect(ledger.orders.find((o) => o.out_trade_no === toWechatNo(first.id))).toMatchObject({ charged: 1 });
    expect(logs.join('\n')).toMatch(/failed its v2 signature check/);
  });

  test('a declined code is declined in the cashier’s words; the sale stays open', async () => {
    const sale = await ringUp();
    const code = await sim.client.issueCode({ wallet: 'wechat', behaviour: 'insufficient' });
    const attempt = await terminal.handlers['payment.chargeCode']({
      saleId: sale.id,
      code,
      source: 'scanner',
    });
    expect(attempt).toMatchObject({ state: 'declined', reason: { code: 'wechatpay.not_enough' } });
    expect((await terminal.handlers['sales.get']({ saleId: sale.id })).state).toBe('open');
    await terminal.handlers['sale.void']({ saleId: sale.id });
  });

  test('the Native QR is shown, paid by the customer, and completes the sale', async () => {
    const sale = await ringUp();
    const shown = await terminal.handlers['payment.showQr']({ saleId: sale.id, providerId: 'wechatpay' });
    expect(shown.state).toBe('paying');
    expect(shown.qr?.payload).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    await sim.client.customerPays(toWechatNo(shown.id), { wallet: 'wechat' });
    expect((await until(shown.id, ['succeeded', 'declined', 'reversed'])).state).toBe('succeeded');
  });
});
