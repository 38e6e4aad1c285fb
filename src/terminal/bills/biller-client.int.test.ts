import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { demoMerchant, startGateway, type Gateway } from '../../gateway/gateway.js';
import { rawRequest } from '../../gateway/test-client.js';
import { createBillerClient } from './biller-client.js';

/** The till's biller client against the sandbox biller in a real `tillpoint gateway` on 127.0.0.1. */

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function start(test = true) {
  gateway = await startGateway({ log: () => {}, test });
  const url = gateway.url;
  const client = createBillerClient({ url, merchantId: demoMerchant.id, key: demoMerchant.key });
  const fault = (mode: string, times = 1) =>
    rawRequest(url, 'POST', '/sandbox/biller/faults', JSON.stringify({ mode, times }));
  return { client, fault, url };
}

const payment = (over: Record<string, unknown> = {}) => ({
  out_order_no: `bill:${randomUUID()}`,
  charge_inst: 'state-grid',
  bill_key: '1601234567890',
  amount: 10_400,
  currency: 'CNY',
  charge_uniq_id: 'state-grid-1601234567890-2026-11',
  ...over,
});

describe('the sandbox biller', () => {
  it('lists its billers with their account formats, prepay and top-up denominations', async () => {
    const { client } = await start();
    const r = await client.billers();
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.value.map((b) => [b.charge_inst, b.prepay])).toEqual([
      ['state-grid', true],
      ['city-water', false],
      ['city-gas', false],
      ['mobile-topup', true],
    ]);
    expect(r.value.find((b) => b.charge_inst === 'mobile-topup')?.denominations).toEqual([
      1000, 3000, 5000, 10000,
    ]);
  });

  it('looks a bill up: amount, late fee, masked name, and the charge id the payment cites', async () => {
    const { client } = await start();
    expect(await client.search('city-gas', '2100000001')).toEqual({
      kind: 'ok',
      value: {
        charge_inst: 'city-gas',
        bill_key: '2100000001',
        amount: 8800,
        bill_fines: 264,
        bill_user_name: '**军',
        bill_date: '2026-10',
        due_date: '2026-11-25',
        charge_uniq_id: 'city-gas-2100000001-2026-10',
        currency: 'CNY',
      },
    });
    expect(await client.search('state-grid', '12345')).toMatchObject({
      kind: 'refused',
      code: 'BILL_KEY_INVALID',
    });
    expect(await client.search('state-grid', '1655555555555')).toMatchObject({
      kind: 'refused',
      code: 'BILL_NOT_FOUND',
    });
    expect(await client.search('nope', '1')).toMatchObject({ kind: 'refused', code: 'BILLER_UNKNOWN' });
  });

  it('pays once per out_order_no: the same request answers the same confirmation, another is refused', async () => {
    const { client } = await start();
    const p = payment();
    const first = await client.pay(p);
    expect(first).toMatchObject({ kind: 'ok', value: { status: 'SUCCESS' } });
    if (first.kind !== 'ok') return;
    expect(first.value.confirmation_no).toMatch(/^ST\d{8}\d{6}$/);
    expect(await client.pay(p)).toEqual(first);
    expect(await client.query(p.out_order_no)).toEqual(first);
    expect(await client.pay({ ...p, amount: 10_401 })).toMatchObject({
      kind: 'refused',
      status: 409,
      code: 'ORDER_NO_USED',
    });
    // the bill is paid now: another order for it is refused, not taken twice
    expect(await client.pay(payment())).toMatchObject({
      kind: 'ok',
      value: { status: 'REJECTED', reject_code: 'BILL_PAID' },
    });
    expect(await client.search('state-grid', '1601234567890')).toMatchObject({
      kind: 'ok',
      value: { amount: 0, charge_uniq_id: null },
    });
  });

  it('takes prepayments only where the biller allows them, and top-ups only in its denominations', async () => {
    const { client } = await start();
    const prepay = (charge_inst: string, bill_key: string, amount: number) =>
      client.pay(payment({ charge_inst, bill_key, amount, charge_uniq_id: null }));
    expect(await prepay('state-grid', '1650000000025', 5_000)).toMatchObject({
      kind: 'ok',
      value: { status: 'SUCCESS' },
    });
    expect(await prepay('city-gas', '2100000001', 5_000)).toMatchObject({
      kind: 'ok',
      value: { status: 'REJECTED', reject_code: 'PREPAY_NOT_ACCEPTED' },
    });
    expect(await prepay('mobile-topup', '13800138000', 3_000)).toMatchObject({
      kind: 'ok',
      value: { status: 'SUCCESS' },
    });
    expect(await prepay('mobile-topup', '13800138000', 2_000)).toMatchObject({
      kind: 'ok',
      value: { status: 'REJECTED', reject_code: 'AMOUNT_INVALID' },
    });
    expect(await prepay('state-grid', '1609999999999', 5_000)).toMatchObject({
      kind: 'ok',
      value: { status: 'REJECTED', reject_code: 'ACCOUNT_REFUSED' },
    });
  });

  it('a lost reply after paying is an unknown outcome; asking again with the same key answers the payment', async () => {
    const { client, fault } = await start();
    expect((await fault('lose_reply')).status).toBe(200);
    const p = payment();
    expect(await client.pay(p)).toMatchObject({ kind: 'unknown' });
    const again = await client.pay(p);
    expect(again).toMatchObject({ kind: 'ok', value: { status: 'SUCCESS' } });
    expect(await fault('unavailable')).toMatchObject({ status: 200 });
    expect(await client.search('city-water', '310000001')).toMatchObject({
      kind: 'unknown',
      error: 'HTTP 503',
    });
  });

  it('refuses unsigned calls, and faults without --test; an unreachable biller is told apart', async () => {
    const { url, fault } = await start(false);
    expect((await rawRequest(url, 'POST', '/v1/bill/search', '{}')).status).toBe(401);
    expect((await fault('unavailable')).status).toBe(403);
    await gateway?.close();
    gateway = undefined;
    const client = createBillerClient({ url, merchantId: demoMerchant.id, key: demoMerchant.key });
    expect(await client.billers()).toMatchObject({ kind: 'unreachable' });
  });

  it('serves a page of demo bills with their GS1-128 payment slips as SVG', async () => {
    const { url } = await start();
    const page = await rawRequest(url, 'GET', '/biller/demo', null);
    expect(page.status).toBe(200);
    const html = String(page.body.text);
    expect(html).toContain('1601234567890');
    expect(html.match(/<svg /g)?.length).toBe(7);
    // the human-readable line under the bars (bwip-js includetext) carries the slip's AIs
    expect(html).toContain('(415)6900000000014(8020)1601234567890(3902)10400(12)261231');
  });
});
