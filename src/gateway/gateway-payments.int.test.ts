import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyWalletCode } from '../core/wallet-code.js';
import { startGateway, type Gateway } from './gateway.js';
import { gatewayClient, rawRequest } from './test-client.js';

/** The wallets' semantics against the real server on 127.0.0.1, started with --test (one per test). */

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function start(test = true) {
  gateway = await startGateway({ log: () => {}, test });
  return gatewayClient(gateway.url);
}

const order = (authCode: string, amount = 1250) => ({
  out_trade_no: randomUUID(),
  auth_code: authCode,
  amount,
  currency: 'CNY',
});

type Client = Awaited<ReturnType<typeof start>>;
const rowOf = async (client: Client, outTradeNo: string) =>
  (await client.ledger()).orders.find((o) => o.out_trade_no === outTradeNo);

describe('customer codes (micropay)', () => {
  it('issues codes in each wallet format and charges them once', async () => {
    const client = await start();
    for (const wallet of ['wechat', 'alipay', 'unionpay', 'qqwallet', 'sandbox']) {
      const code = await client.issueCode({ wallet });
      expect(classifyWalletCode(code)).toBe(wallet);
      const body = order(code);
      const res = await client.micropay(body);
      expect(res).toMatchObject({
        status: 200,
        body: { trade_status: 'SUCCESS', wallet, amount: 1250, currency: 'CNY' },
      });
      expect(res.body.transaction_id).toMatch(/^\d{28}$/);
      expect(await rowOf(client, body.out_trade_no)).toMatchObject({ charged: 1, trade_status: 'SUCCESS' });
    }
  });

  it('is idempotent for the same out_trade_no and body, OUT_TRADE_NO_USED for a different one', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'wechat' }));
    const first = await client.micropay(body);
    expect(await client.micropay(body)).toEqual(first);
    for (const changed of [
      { amount: 1251 },
      { currency: 'USD' },
      { auth_code: await client.issueCode({ wallet: 'wechat' }) },
    ]) {
      expect(await client.micropay({ ...body, ...changed })).toMatchObject({
        status: 200,
        body: { code: 'OUT_TRADE_NO_USED' },
      });
    }
    expect(await rowOf(client, body.out_trade_no)).toMatchObject({ charged: 1, amount: 1250 });
  });

  it('refuses unknown, used and expired codes (expiry by /sandbox/clock)', async () => {
    const client = await start();
    expect((await client.micropay(order('134567890123456789'))).body).toMatchObject({
      trade_status: 'PAYERROR',
      code: 'AUTH_CODE_INVALID',
    });
    const used = await client.issueCode({ wallet: 'alipay' });
    await client.micropay(order(used));
    expect((await client.micropay(order(used))).body).toMatchObject({ code: 'AUTH_CODE_USED' });

    const expiring = await client.issueCode({ wallet: 'unionpay' });
    expect((await client.advanceClock(59_000)).status).toBe(200);
    const fresh = await client.issueCode({ wallet: 'unionpay' });
    await client.advanceClock(1_000);
    expect((await client.micropay(order(expiring))).body).toMatchObject({
      trade_status: 'PAYERROR',
      code: 'AUTH_CODE_EXPIRED',
      message: expect.stringContaining('refresh'),
    });
    expect((await client.micropay(order(fresh))).body).toMatchObject({ trade_status: 'SUCCESS' });
  });

  it('answers NOT_ENOUGH for insufficient funds and a too small balance', async () => {
    const client = await start();
    const broke = order(await client.issueCode({ wallet: 'wechat', behaviour: 'insufficient' }));
    expect((await client.micropay(broke)).body).toMatchObject({
      trade_status: 'PAYERROR',
      code: 'NOT_ENOUGH',
    });
    const small = order(await client.issueCode({ wallet: 'wechat', balance: 1000 }), 1001);
    expect((await client.micropay(small)).body).toMatchObject({ code: 'NOT_ENOUGH' });
    expect(await rowOf(client, broke.out_trade_no)).toMatchObject({ charged: 0, trade_status: 'PAYERROR' });
  });

  it('keeps a password code USERPAYING, then SUCCESS or PAYERROR', async () => {
    const client = await start();
    const paid = order(await client.issueCode({ wallet: 'wechat', behaviour: 'password', passwordMs: 300 }));
    const declined = order(
      await client.issueCode({ wallet: 'alipay', behaviour: 'password-declined', passwordMs: 300 }),
    );
    expect((await client.micropay(paid)).body).toMatchObject({ trade_status: 'USERPAYING' });
    expect((await client.micropay(declined)).body).toMatchObject({ trade_status: 'USERPAYING' });
    expect((await client.query(paid.out_trade_no)).body).toMatchObject({ trade_status: 'USERPAYING' });
    // the payers finish typing: the sandbox's business clock moves past passwordMs (no real wait)
    expect((await client.advanceClock(300)).status).toBe(200);
    expect((await client.query(paid.out_trade_no)).body).toMatchObject({
      trade_status: 'SUCCESS',
      amount: 1250,
      currency: 'CNY',
      transaction_id: expect.stringMatching(/^\d{28}$/),
    });
    expect((await client.query(declined.out_trade_no)).body).toMatchObject({
      trade_status: 'PAYERROR',
      code: 'PAYER_DECLINED',
    });
    expect(await rowOf(client, paid.out_trade_no)).toMatchObject({ charged: 1 });
    expect(await rowOf(client, declined.out_trade_no)).toMatchObject({ charged: 0 });
  });

  it('answers SYSTEMERROR while the charge went through; a query tells the truth', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'wechat', behaviour: 'systemerror' }));
    const res = await client.micropay(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 'SYSTEMERROR', message: expect.any(String) });
    expect((await client.query(body.out_trade_no)).body).toMatchObject({ trade_status: 'SUCCESS' });
    expect(await rowOf(client, body.out_trade_no)).toMatchObject({ charged: 1 });
  });

  it('answers a slow code after its delay', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'qqwallet', behaviour: 'slow', delayMs: 400 }));
    const started = performance.now();
    const res = await client.micropay(body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    expect(res.body).toMatchObject({ trade_status: 'SUCCESS', wallet: 'qqwallet' });
  });

  it('loses the reply after the charge: the client sees a hang-up, the ledger shows SUCCESS charged 1', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'sandbox', behaviour: 'lost-reply' }));
    await expect(client.micropay(body)).rejects.toThrow(/socket hang up/);
    expect(await rowOf(client, body.out_trade_no)).toMatchObject({ trade_status: 'SUCCESS', charged: 1 });
    // The retry answers the order's state without charging again.
    expect((await client.micropay(body)).body).toMatchObject({ trade_status: 'SUCCESS' });
    expect(await rowOf(client, body.out_trade_no)).toMatchObject({ charged: 1 });
  });
});

describe('reverse and refund', () => {
  it('reverses a paid order by refunding it, idempotently; a later charge gets ORDER_REVERSED', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'wechat' }));
    await client.micropay(body);
    expect((await client.reverse(body.out_trade_no)).body).toEqual({ result: 'REVERSED', refunded: true });
    expect((await client.reverse(body.out_trade_no)).body).toEqual({ result: 'REVERSED', refunded: true });
    expect((await client.query(body.out_trade_no)).body).toMatchObject({ trade_status: 'REVOKED' });
    expect((await client.micropay(body)).body).toMatchObject({ code: 'ORDER_REVERSED' });
    expect(await rowOf(client, body.out_trade_no)).toMatchObject({
      trade_status: 'REVOKED',
      charged: 1,
      refunded: 1,
      refunded_amount: 1250,
    });
  });

  it('records a reverse of an unknown out_trade_no, so a late charge with it is refused', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'wechat' }));
    expect((await client.reverse(body.out_trade_no)).body).toEqual({ result: 'REVERSED', refunded: false });
    expect((await client.micropay(body)).body).toMatchObject({ code: 'ORDER_REVERSED' });
    const ledger = await client.ledger();
    expect(ledger.orders).toEqual([]);
    expect(ledger.reversed_unknown).toEqual([
      { out_trade_no: body.out_trade_no, merchant_id: 'm-demo', reversed_at: expect.any(String) },
    ]);
  });

  it('reverses a USERPAYING order without moving money', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'wechat', behaviour: 'password', passwordMs: 100 }));
    await client.micropay(body);
    expect((await client.reverse(body.out_trade_no)).body).toEqual({ result: 'REVERSED', refunded: false });
    // past the moment the payer would have finished typing: still nothing charged
    expect((await client.advanceClock(150)).status).toBe(200);
    expect(await rowOf(client, body.out_trade_no)).toMatchObject({ trade_status: 'REVOKED', charged: 0 });
  });

  it('refunds by out_refund_no idempotently and never more than paid', async () => {
    const client = await start();
    const body = order(await client.issueCode({ wallet: 'alipay' }), 1000);
    await client.micropay(body);
    const r1 = { out_trade_no: body.out_trade_no, out_refund_no: 'r-1', amount: 600 };
    expect((await client.refund(r1)).body).toEqual({ refund_status: 'SUCCESS', refunded_total: 600 });
    expect((await client.refund(r1)).body).toEqual({ refund_status: 'SUCCESS', refunded_total: 600 });
    const r2 = { out_trade_no: body.out_trade_no, out_refund_no: 'r-2', amount: 401 };
    expect((await client.refund(r2)).body).toMatchObject({ code: 'REFUND_EXCEEDS' });
    expect((await client.refund({ ...r2, amount: 400 })).body).toEqual({
      refund_status: 'SUCCESS',
      refunded_total: 1000,
    });
    expect((await client.query(body.out_trade_no)).body).toMatchObject({ trade_status: 'REFUND' });
    expect(await rowOf(client, body.out_trade_no)).toMatchObject({
      charged: 1,
      refunded: 2,
      refunded_amount: 1000,
    });
    expect((await client.refund({ ...r1, out_trade_no: 'nope' })).body).toMatchObject({
      code: 'OUT_REFUND_NO_USED',
    });
    expect((await client.refund({ ...r1, out_trade_no: 'nope', out_refund_no: 'r-3' })).body).toMatchObject({
      code: 'ORDER_NOT_EXIST',
    });
  });
});

describe('merchant QR (precreate) and the customer-pays control', () => {
  it('precreates idempotently, is paid by the customer, and a query sees it', async () => {
    const client = await start();
    const p = { out_trade_no: randomUUID(), amount: 880, currency: 'CNY' };
    const first = await client.precreate(p);
    expect(first.body).toMatchObject({
      trade_status: 'NOTPAY',
      qr_payload: expect.stringMatching(/^tillpoint-sandbox:\/\/pay\/[a-z0-9]{24}$/),
      expires_at: expect.any(String),
    });
    expect(await client.precreate(p)).toEqual(first);
    expect((await client.precreate({ ...p, amount: 881 })).body).toMatchObject({ code: 'OUT_TRADE_NO_USED' });
    expect((await client.query(p.out_trade_no)).body).toMatchObject({ trade_status: 'NOTPAY' });
    const paid = await client.customerPays(p.out_trade_no, { wallet: 'alipay' });
    expect(paid).toMatchObject({ status: 200, body: { trade_status: 'SUCCESS', wallet: 'alipay' } });
    expect(await client.customerPays(p.out_trade_no, { wallet: 'alipay' })).toEqual(paid);
    expect((await client.query(p.out_trade_no)).body).toMatchObject({
      trade_status: 'SUCCESS',
      wallet: 'alipay',
    });
    expect(await rowOf(client, p.out_trade_no)).toMatchObject({ charged: 1, kind: 'precreate' });
  });

  it('closes a precreated QR on reverse and after its lifetime', async () => {
    const client = await start();
    const a = { out_trade_no: randomUUID(), amount: 100, currency: 'CNY' };
    await client.precreate(a);
    expect((await client.reverse(a.out_trade_no)).body).toEqual({ result: 'REVERSED', refunded: false });
    expect(await client.customerPays(a.out_trade_no)).toMatchObject({
      status: 409,
      body: { code: 'ORDER_CLOSED' },
    });
    const b = { out_trade_no: randomUUID(), amount: 100, currency: 'CNY' };
    await client.precreate(b);
    await client.advanceClock(120_000);
    expect((await client.query(b.out_trade_no)).body).toMatchObject({ trade_status: 'CLOSED' });
    expect((await client.customerPays('no-such-order')).status).toBe(404);
  });

  it('asks which merchant when two precreated the same out_trade_no', async () => {
    gateway = await startGateway({ log: () => {}, merchants: [{ id: 'm-two', key: 'two-key-123' }] });
    const demo = gatewayClient(gateway.url);
    const two = gatewayClient(gateway.url, { id: 'm-two', key: 'two-key-123' });
    await demo.precreate({ out_trade_no: 'shared', amount: 100, currency: 'CNY' });
    await two.precreate({ out_trade_no: 'shared', amount: 200, currency: 'CNY' });
    expect(await demo.customerPays('shared')).toMatchObject({ status: 409, body: { code: 'PARAM_ERROR' } });
    expect((await demo.customerPays('shared', { merchant_id: 'm-two' })).status).toBe(200);
    expect((await two.query('shared')).body).toMatchObject({ trade_status: 'SUCCESS', amount: 200 });
    expect((await demo.query('shared')).body).toMatchObject({ trade_status: 'NOTPAY', amount: 100 });
    expect((await rawRequest(gateway.url, 'GET', '/sandbox/codes', null)).status).toBe(405);
  });

  it('works without --test: the customer-pays control is part of the demo', async () => {
    const client = await start(false);
    const p = { out_trade_no: randomUUID(), amount: 100, currency: 'EUR' };
    await client.precreate(p);
    expect((await client.customerPays(p.out_trade_no)).body).toMatchObject({ wallet: 'sandbox' });
  });
});

describe('the ledger', () => {
  it('lists every order of every merchant with its money movements', async () => {
    gateway = await startGateway({
      log: () => {},
      test: true,
      merchants: [{ id: 'm-two', key: 'two-key-123' }],
    });
    const demo = gatewayClient(gateway.url);
    const two = gatewayClient(gateway.url, { id: 'm-two', key: 'two-key-123' });
    const paid = { ...order(await demo.issueCode({ wallet: 'unionpay' }), 999), out_trade_no: 'same-no' };
    const res = await demo.micropay(paid);
    await demo.refund({ out_trade_no: 'same-no', out_refund_no: 'rf', amount: 99 });
    // The same out_trade_no at another merchant is another order.
    await two.precreate({ out_trade_no: 'same-no', amount: 5, currency: 'JPY' });
    const ledger = await demo.ledger();
    expect(ledger.orders).toEqual([
      {
        out_trade_no: 'same-no',
        merchant_id: 'm-demo',
        kind: 'micropay',
        wallet: 'unionpay',
        amount: 999,
        currency: 'CNY',
        trade_status: 'REFUND',
        transaction_id: res.body.transaction_id,
        code: null,
        charged: 1,
        refunded: 1,
        refunded_amount: 99,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updated_at: expect.any(String),
      },
      expect.objectContaining({
        out_trade_no: 'same-no',
        merchant_id: 'm-two',
        kind: 'precreate',
        wallet: null,
        trade_status: 'NOTPAY',
        transaction_id: null,
        charged: 0,
      }),
    ]);
    expect((await two.query('same-no')).body).toMatchObject({ trade_status: 'NOTPAY', currency: 'JPY' });
  });
});

describe('--test gating', () => {
  it('accepts only plain successful codes without --test, 403 for scripting and the clock', async () => {
    const client = await start(false);
    const url = gateway!.url;
    const code = await client.issueCode({ wallet: 'wechat' });
    expect(classifyWalletCode(code)).toBe('wechat');
    for (const body of [
      { wallet: 'wechat', behaviour: 'systemerror' },
      { wallet: 'wechat', behaviour: 'password' },
      { wallet: 'wechat', balance: 5 },
      { wallet: 'wechat', delayMs: 5 },
    ]) {
      expect(await rawRequest(url, 'POST', '/sandbox/codes', JSON.stringify(body))).toMatchObject({
        status: 403,
        body: { code: 'TEST_MODE_REQUIRED' },
      });
    }
    expect(await client.advanceClock(1000)).toMatchObject({ status: 403 });
    expect((await rawRequest(url, 'POST', '/sandbox/codes', JSON.stringify({ wallet: 'cash' }))).status).toBe(
      400,
    );
    expect((await rawRequest(url, 'POST', '/sandbox/codes', '{oops')).status).toBe(400);
  });
});
