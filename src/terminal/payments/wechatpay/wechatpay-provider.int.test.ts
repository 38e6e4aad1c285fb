import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { money } from '../../../core/money.js';
import { billColumns, billSummaryColumns } from '../../../gateway/wechatpay/wechatpay-bill.js';
import { parseWechatBill } from '../../../hub/settlement/wechat-bill.js';
import { decodeXml, encodeXml, toWechatNo } from '../../../shared/wechatpay-wire.js';
import { requestRaw } from '../http-json.js';
import type { PaymentProvider } from '../provider.js';
import { signV2 } from './wechatpay-crypto.js';
import { loadWechatpayCredentials, type WechatpayCredentials } from './wechatpay-credentials.js';
import { createWechatpayProvider } from './wechatpay-provider.js';
import { startWechatSimulator, type WechatSimulator } from './wechatpay.test-util.js';

/**
 * The WeChat Pay adapter against `tillpoint gateway --dialect wechatpay` over real HTTPS on 127.0.0.1 (a
 * certificate from a test CA): WeChat's own wire format both ways, and the simulator's ledger as the judge
 * of what money moved.
 */
let sim: WechatSimulator;
let creds: WechatpayCredentials;
let provider: PaymentProvider;
let logs: string[];

const make = (over: Partial<WechatpayCredentials> = {}) =>
  createWechatpayProvider({
    id: 'wechatpay',
    url: sim.gateway.url,
    credentials: { ...creds, ...over },
    notifyUrl: 'https://tillpoint.invalid/wechatpay/notify',
    deviceIp: '127.0.0.1',
    log: (line, details) => logs.push(`${line} ${JSON.stringify(details ?? null)}`),
    requestTimeoutMs: 3_000,
  });

beforeAll(async () => {
  sim = await startWechatSimulator();
  creds = loadWechatpayCredentials(sim.parsedEntry(), 0, 'providers.json', sim.dir);
  provider = make();
}, 60_000);
afterAll(() => sim?.close());
beforeEach(() => {
  logs = [];
});

const issue = (behaviour: Record<string, unknown> = {}) =>
  sim.client.issueCode({ wallet: 'wechat', behaviour: 'success', ...behaviour });
const charge = (authCode: string, amount = 200, outTradeNo = randomUUID(), p = provider) =>
  p
    .chargeCode({ outTradeNo, authCode, amount: money(amount, 'CNY'), description: '测试', timeoutMs: 3_000 })
    .then((outcome) => ({ outcome, id: outTradeNo }));
async function order(id: string) {
  const ledger = await sim.client.ledger();
  return ledger.orders.find((o) => o.out_trade_no === toWechatNo(id)) as
    | { charged: number; refunded_amount: number; trade_status: string; kind: string; merchant_id: string }
    | undefined;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('customer code (API v2 micropay)', () => {
  test('pay: SUCCESS is succeeded with WeChat’s transaction id, charged once', async () => {
    const { outcome, id } = await charge(await issue());
    expect(outcome).toMatchObject({ status: 'succeeded', wallet: 'wechat' });
    expect(outcome.status === 'succeeded' && outcome.transactionId).toMatch(/^42\d{26}$/);
    expect(await order(id)).toMatchObject({ charged: 1, trade_status: 'SUCCESS', merchant_id: creds.mchid });
    // the same out_trade_no again (a retry after a crash) answers the same order, never a second charge
    expect((await provider.query(id)).status).toBe('succeeded');
    expect((await order(id))?.charged).toBe(1);
  });

  test('password wait: USERPAYING is paying, orderquery says paying, then paid', async () => {
    const { outcome, id } = await charge(await issue({ behaviour: 'password', passwordMs: 400 }));
    expect(outcome.status).toBe('paying');
    expect((await provider.query(id)).status).toBe('paying');
    await sleep(500);
    expect((await provider.query(id)).status).toBe('succeeded');
    expect((await order(id))?.charged).toBe(1);
  });

  test('decline: NOTENOUGH and an invalid code are declined in the cashier’s words, nothing charged', async () => {
    const poor = await charge(await issue({ behaviour: 'insufficient' }));
    expect(poor.outcome).toMatchObject({ status: 'declined', reason: { code: 'wechatpay.not_enough' } });
    expect(poor.outcome.status === 'declined' && poor.outcome.reason.message).toContain('NOTENOUGH');
    expect((await order(poor.id))?.charged).toBe(0);
    const bogus = await charge('134567890123456789');
    expect(bogus.outcome).toMatchObject({ status: 'declined', reason: { code: 'wallet.code_invalid' } });
  });

  test('system error with the charge taken: unknown, then the query finds it paid', async () => {
    const { outcome, id } = await charge(await issue({ behaviour: 'systemerror' }));
    expect(outcome).toMatchObject({ status: 'unknown' });
    expect((await provider.query(id)).status).toBe('succeeded');
    expect((await order(id))?.charged).toBe(1);
  });

  test('lost reply: unknown, then the query finds it paid', async () => {
    const { outcome, id } = await charge(await issue({ behaviour: 'lost-reply' }));
    expect(outcome.status).toBe('unknown');
    expect((await provider.query(id)).status).toBe('succeeded');
    expect((await order(id))?.charged).toBe(1);
  });

  test('slow answer past the timeout: timeout (never declined), the query finds it paid', async () => {
    const code = await issue({ behaviour: 'slow', delayMs: 800 });
    const id = randomUUID();
    const outcome = await provider.chargeCode({
      outTradeNo: id,
      authCode: code,
      amount: money(100, 'CNY'),
      timeoutMs: 300,
    });
    expect(outcome.status).toBe('timeout');
    expect((await provider.query(id)).status).toBe('succeeded');
  });

  test('reverse at the deadline: a payer still typing is reversed, nothing kept; a paid one is given back', async () => {
    const waiting = await charge(await issue({ behaviour: 'password', passwordMs: 30_000 }));
    expect(waiting.outcome.status).toBe('paying');
    expect(await provider.reverse(waiting.id)).toEqual({ status: 'reversed', refunded: false });
    expect(await order(waiting.id)).toMatchObject({ trade_status: 'REVOKED', charged: 0 });
    expect((await provider.query(waiting.id)).status).toBe('reversed');

    const paid = await charge(await issue());
    expect(await provider.reverse(paid.id)).toEqual({ status: 'reversed', refunded: true });
    expect(await order(paid.id)).toMatchObject({ trade_status: 'REVOKED', charged: 1, refunded_amount: 200 });
    // a charge that never arrived is reversed too, so a late one cannot land
    const never = randomUUID();
    expect((await provider.query(never)).status).toBe('not_found');
    expect((await provider.reverse(never)).status).toBe('reversed');
    expect((await charge(await issue(), 200, never)).outcome.status).toBe('reversed');
  });

  test('refund and partial refund (v2 refund, refundquery): the same out_refund_no never refunds twice', async () => {
    const { id } = await charge(await issue(), 300);
    const first = randomUUID();
    expect(await provider.refund({ outTradeNo: id, outRefundNo: first, amount: money(100, 'CNY') })).toEqual({
      status: 'refunded',
      refundedTotal: 100,
    });
    expect(await provider.refund({ outTradeNo: id, outRefundNo: first, amount: money(100, 'CNY') })).toEqual({
      status: 'refunded',
      refundedTotal: 100,
    });
    const rest = await provider.refund({
      outTradeNo: id,
      outRefundNo: randomUUID(),
      amount: money(200, 'CNY'),
    });
    expect(rest).toEqual({ status: 'refunded', refundedTotal: 300 });
    const tooMuch = await provider.refund({
      outTradeNo: id,
      outRefundNo: randomUUID(),
      amount: money(1, 'CNY'),
    });
    expect(tooMuch).toMatchObject({ status: 'failed', reason: { code: 'wechatpay.refund_refused' } });
    expect(await order(id)).toMatchObject({ refunded_amount: 300, trade_status: 'REFUND' });
  });
});

describe('merchant QR (API v3 Native)', () => {
  test('the QR is paid by the simulator’s customer; query, then a v3 refund', async () => {
    const id = randomUUID();
    const shown = await provider.createMerchantQr({
      outTradeNo: id,
      amount: money(500, 'CNY'),
      timeoutMs: 30_000,
    });
    expect(shown).toMatchObject({ status: 'shown' });
    expect(shown.status === 'shown' && shown.payload).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
    expect((await provider.query(id)).status).toBe('paying');
    const paid = await sim.client.customerPays(toWechatNo(id), { wallet: 'wechat' });
    expect(paid.status).toBe(200);
    expect(await provider.query(id)).toMatchObject({ status: 'succeeded', wallet: 'wechat' });
    const refund = await provider.refund({
      outTradeNo: id,
      outRefundNo: randomUUID(),
      amount: money(200, 'CNY'),
    });
    expect(refund).toEqual({ status: 'refunded', refundedTotal: 200 });
    expect(await order(id)).toMatchObject({ kind: 'precreate', charged: 1, refunded_amount: 200 });
  });

  test('an unpaid QR is closed at the deadline; a paid one is refunded in full', async () => {
    const unpaid = randomUUID();
    await provider.createMerchantQr({ outTradeNo: unpaid, amount: money(100, 'CNY'), timeoutMs: 30_000 });
    expect(await provider.reverse(unpaid)).toEqual({ status: 'reversed', refunded: false });
    expect(await order(unpaid)).toMatchObject({ trade_status: 'CLOSED', charged: 0 });
    expect((await sim.client.customerPays(toWechatNo(unpaid), { wallet: 'wechat' })).status).toBe(409);

    const paid = randomUUID();
    await provider.createMerchantQr({ outTradeNo: paid, amount: money(100, 'CNY'), timeoutMs: 30_000 });
    await sim.client.customerPays(toWechatNo(paid), { wallet: 'wechat' });
    // a till restarted since: it does not know the order was Native until orderquery says so
    expect(await make().reverse(paid)).toEqual({ status: 'reversed', refunded: true });
    expect(await order(paid)).toMatchObject({ charged: 1, refunded_amount: 100 });
  });
});

describe('answers that cannot be believed', () => {
  test('a v2 answer with a bad signature is unknown (never paid), logged without keys, queried again', async () => {
    await sim.client.signedPost('/sandbox/wechatpay/tamper', { answers: 1 });
    const { outcome, id } = await charge(await issue());
    expect(outcome).toMatchObject({ status: 'unknown', reason: { code: 'wechatpay.bad_signature' } });
    expect(logs.join('\n')).toMatch(/failed its v2 signature check/);
    expect(logs.join('\n')).not.toContain(creds.apiV2Key);
    expect((await provider.query(id)).status).toBe('succeeded');
    expect((await order(id))?.charged).toBe(1);
  });

  test('a v3 answer with a bad signature is unknown; the next query is believed', async () => {
    const id = randomUUID();
    await sim.client.signedPost('/sandbox/wechatpay/tamper', { answers: 1 });
    const shown = await provider.createMerchantQr({
      outTradeNo: id,
      amount: money(100, 'CNY'),
      timeoutMs: 30_000,
    });
    expect(shown).toMatchObject({ status: 'unknown', reason: { code: 'wechatpay.bad_signature' } });
    expect(logs.join('\n')).toMatch(/failed its v3 signature check/);
    expect((await provider.query(id)).status).toBe('paying');
  });

  test('an answer signed by another platform key is unknown', async () => {
    const stranger = make({
      platformKeys: new Map([[sim.gateway.wechatpay!.platformSerial, creds.merchantKey]]),
    });
    const shown = await stranger.createMerchantQr({
      outTradeNo: randomUUID(),
      amount: money(100, 'CNY'),
      timeoutMs: 30_000,
    });
    expect(shown.status).toBe('unknown');
  });

  test('a wrong API v2 key is refused by WeChat before any business: declined, nothing recorded', async () => {
    const { outcome, id } = await charge(
      await issue(),
      200,
      randomUUID(),
      make({ apiV2Key: 'x'.repeat(32) }),
    );
    expect(outcome).toMatchObject({ status: 'declined', reason: { code: 'wechatpay.merchant_refused' } });
    expect(await order(id)).toBeUndefined();
  });

  test('a v3 request signed with another key is refused (401 SIGN_ERROR, itself signed): declined, no order', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const id = randomUUID();
    const shown = await make({ merchantKey: privateKey }).createMerchantQr({
      outTradeNo: id,
      amount: money(100, 'CNY'),
      timeoutMs: 30_000,
    });
    expect(shown).toMatchObject({ status: 'declined', reason: { code: 'wechatpay.merchant_refused' } });
    expect(shown.status === 'declined' && shown.reason.message).toContain('SIGN_ERROR');
    expect(await order(id)).toBeUndefined();
  });

  test('a server certificate the till does not trust is unreachable: nothing was sent', async () => {
    const { outcome, id } = await charge(await issue(), 200, randomUUID(), make({ ca: undefined }));
    expect(outcome.status).toBe('unreachable');
    expect(await order(id)).toBeUndefined();
  });
});

describe('downloadbill (API v2): the day in WeChat’s format, from the ledger', () => {
  test('header, backquoted cells, summary, CRLF; every payment and refund of the day', async () => {
    const { id } = await charge(await issue(), 1234);
    const refundId = randomUUID();
    await provider.refund({ outTradeNo: id, outRefundNo: refundId, amount: money(234, 'CNY') });
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
    const fields: Record<string, string> = {
      appid: creds.appid,
      mch_id: creds.mchid,
      nonce_str: randomUUID().replaceAll('-', ''),
      sign_type: 'HMAC-SHA256',
      bill_date: day,
      bill_type: 'ALL',
    };
    fields.sign = signV2(fields, creds.apiV2Key, 'HMAC-SHA256');
    const http = await requestRaw(
      'POST',
      new URL('/pay/downloadbill', sim.gateway.url),
      encodeXml(fields),
      {},
      3_000,
      {
        tls: { ca: sim.caPem },
        contentType: 'text/xml',
      },
    );
    expect(http.kind).toBe('reply');
    if (http.kind !== 'reply') return;
    const text = http.text;
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(billColumns.join(','));
    expect(lines.at(-2)).toBe(billSummaryColumns.join(','));
    const rows = lines.slice(1, -2).map((l) => l.split(','));
    for (const row of rows) {
      expect(row).toHaveLength(billColumns.length);
      for (const cell of row) expect(cell.startsWith('`')).toBe(true);
    }
    const mine = rows.filter((r) => r[6] === `\`${toWechatNo(id)}`);
    expect(mine.map((r) => [r[9], r[12], r[16]])).toEqual([
      ['`SUCCESS', '`12.34', '`0.00'],
      ['`REFUND', '`0.00', '`2.34'],
    ]);
    // the summary adds up what the rows say, and every paid order of the ledger is listed
    const summary = lines
      .at(-1)!
      .split(',')
      .map((c) => c.slice(1));
    expect(Number(summary[0])).toBe(rows.length);
    const cents = (col: number) => rows.reduce((s, r) => s + Math.round(Number(r[col]!.slice(1)) * 100), 0);
    expect(Math.round(Number(summary[1]) * 100)).toBe(cents(12));
    expect(Math.round(Number(summary[2]) * 100)).toBe(cents(16));
    const ledger = await sim.client.ledger();
    const paidOrders = ledger.orders
      .filter((o) => (o.charged as number) > 0)
      .map((o) => `\`${String(o.out_trade_no)}`);
    const paymentRows = rows.filter((r) => r[9] !== '`REFUND').map((r) => r[6]);
    expect([...paymentRows].sort()).toEqual([...paidOrders].sort());

    // the hub's reconciliation reads it back with the till's own ids (with their dashes)
    const settled = parseWechatBill(text, 'CNY').filter((l) => l.outTradeNo === id);
    expect(settled.map((l) => [l.kind, l.amount, l.outRefundNo])).toEqual([
      ['payment', 1234, null],
      ['refund', 234, refundId],
    ]);

    const none = await requestRaw(
      'POST',
      new URL('/pay/downloadbill', sim.gateway.url),
      encodeXml({
        ...fields,
        bill_date: '20200101',
        sign: signV2({ ...fields, bill_date: '20200101' }, creds.apiV2Key, 'HMAC-SHA256'),
      }),
      {},
      3_000,
      { tls: { ca: sim.caPem }, contentType: 'text/xml' },
    );
    expect(none.kind === 'reply' && decodeXml(none.text)).toEqual({
      ok: true,
      value: { return_code: 'FAIL', return_msg: 'No Bill Exist' },
    });
  });
});

describe('an expired code (last: it moves the simulator’s business clock)', () => {
  test('AUTHCODEEXPIRE is declined as wallet.code_expired, nothing charged', async () => {
    const code = await issue();
    await sim.client.advanceClock(61_000);
    const { outcome, id } = await charge(code);
    expect(outcome).toMatchObject({ status: 'declined', reason: { code: 'wallet.code_expired' } });
    expect(outcome.status === 'declined' && outcome.reason.message).toContain('AUTHCODEEXPIRE');
    expect((await order(id))?.charged).toBe(0);
  });
});
