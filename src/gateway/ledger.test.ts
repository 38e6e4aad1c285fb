import { describe, expect, it } from 'vitest';
import { GatewayLedger } from './ledger.js';
import type { IssueCodeParams } from './params.js';

/** The books without HTTP: a hand-moved clock and fixed randomness. */
function books() {
  let now = Date.UTC(2026, 10, 22, 3, 0, 0);
  let seed = 7;
  const ledger = new GatewayLedger({
    now: () => now,
    randomInt: (n) => (seed = (seed * 31 + 11) % 9973) % n,
  });
  const code = (behaviour: IssueCodeParams['behaviour'] = 'success', extra: Partial<IssueCodeParams> = {}) =>
    ledger.issueCode({ wallet: 'wechat', behaviour, ...extra }).auth_code as string;
  const pay = (outTradeNo: string, authCode: string, amount = 1000) =>
    ledger.micropay('m', { out_trade_no: outTradeNo, auth_code: authCode, amount, currency: 'CNY' });
  const row = (outTradeNo: string) =>
    (ledger.ledger().orders as Record<string, unknown>[]).find((o) => o.out_trade_no === outTradeNo);
  return { ledger, code, pay, row, advance: (ms: number) => (now += ms) };
}

describe('GatewayLedger', () => {
  it('charges a good code once and answers a retry with the same order', () => {
    const b = books();
    const code = b.code();
    const first = b.pay('o1', code);
    expect(first.body).toMatchObject({ trade_status: 'SUCCESS', wallet: 'wechat', amount: 1000 });
    expect(b.pay('o1', code).body).toEqual(first.body);
    expect(b.row('o1')).toMatchObject({ charged: 1, trade_status: 'SUCCESS' });
  });

  it('spends a code on its first use and expires it at 60 s', () => {
    const b = books();
    const code = b.code();
    b.pay('o1', code);
    expect(b.pay('o2', code).body).toMatchObject({ trade_status: 'PAYERROR', code: 'AUTH_CODE_USED' });
    const late = b.code();
    b.advance(59_999);
    const early = b.code();
    b.advance(1);
    expect(b.pay('o3', late).body).toMatchObject({ code: 'AUTH_CODE_EXPIRED' });
    expect(b.pay('o4', early).body).toMatchObject({ trade_status: 'SUCCESS' });
  });

  it('settles a password code when its time is up, by the clock, not by being asked', () => {
    const b = books();
    const ok = b.code('password', { passwordMs: 3000 });
    const no = b.code('password-declined', { passwordMs: 3000 });
    expect(b.pay('ok', ok).body).toMatchObject({ trade_status: 'USERPAYING' });
    expect(b.pay('no', no).body).toMatchObject({ trade_status: 'USERPAYING' });
    b.advance(2999);
    expect(b.ledger.query('m', { out_trade_no: 'ok' }).body).toMatchObject({ trade_status: 'USERPAYING' });
    b.advance(1);
    expect(b.ledger.query('m', { out_trade_no: 'ok' }).body).toMatchObject({ trade_status: 'SUCCESS' });
    expect(b.ledger.query('m', { out_trade_no: 'no' }).body).toMatchObject({
      trade_status: 'PAYERROR',
      code: 'PAYER_DECLINED',
    });
    expect(b.row('ok')).toMatchObject({ charged: 1 });
    expect(b.row('no')).toMatchObject({ charged: 0 });
  });

  it('cancels a USERPAYING order on reverse: the password typed later moves no money', () => {
    const b = books();
    b.pay('o', b.code('password', { passwordMs: 1000 }));
    expect(b.ledger.reverse('m', { out_trade_no: 'o' }).body).toEqual({
      result: 'REVERSED',
      refunded: false,
    });
    b.advance(5000);
    expect(b.row('o')).toMatchObject({ trade_status: 'REVOKED', charged: 0, refunded: 0 });
  });

  it('takes the balance into account', () => {
    const b = books();
    const code = b.code('success', { balance: 999 });
    expect(b.pay('o', code, 1000).body).toMatchObject({ trade_status: 'PAYERROR', code: 'NOT_ENOUGH' });
    expect(b.pay('o2', b.code('success', { balance: 1000 }), 1000).body).toMatchObject({
      trade_status: 'SUCCESS',
    });
  });

  it('refunds the rest on reverse after a partial refund, and both stay idempotent', () => {
    const b = books();
    b.pay('o', b.code());
    const refund = { out_trade_no: 'o', out_refund_no: 'r1', amount: 300 };
    expect(b.ledger.refund('m', refund).body).toEqual({ refund_status: 'SUCCESS', refunded_total: 300 });
    expect(b.ledger.refund('m', refund).body).toEqual({ refund_status: 'SUCCESS', refunded_total: 300 });
    expect(b.ledger.refund('m', { ...refund, amount: 301 }).body).toMatchObject({
      code: 'OUT_REFUND_NO_USED',
    });
    expect(b.ledger.reverse('m', { out_trade_no: 'o' }).body).toEqual({ result: 'REVERSED', refunded: true });
    expect(b.ledger.reverse('m', { out_trade_no: 'o' }).body).toEqual({ result: 'REVERSED', refunded: true });
    expect(b.row('o')).toMatchObject({
      trade_status: 'REVOKED',
      charged: 1,
      refunded: 2,
      refunded_amount: 1000,
    });
  });

  it('closes a merchant QR after its lifetime and refuses to be paid then', () => {
    const b = books();
    const p = { out_trade_no: 'q', amount: 500, currency: 'CNY' };
    const first = b.ledger.precreate('m', p).body;
    expect(first.qr_payload).toMatch(/^tillpoint-sandbox:\/\/pay\/[a-z0-9]{24}$/);
    b.advance(120_000);
    expect(b.ledger.customerPays('q', { wallet: 'alipay' }).status).toBe(409);
    expect(b.row('q')).toMatchObject({ trade_status: 'CLOSED', charged: 0 });
  });
});
