import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from './gateway.js';
import { gatewayClient } from './test-client.js';

/** --ledger FILE: the books in a real SQLite file survive a restart of the gateway. */

let dir: string;
let gateway: Gateway | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-gateway-ledger-'));
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('gateway ledger file', () => {
  it('keeps orders, spent codes, refunds and reverses across a restart', async () => {
    const ledgerFile = path.join(dir, 'gateway.sqlite');
    gateway = await startGateway({ log: () => {}, test: true, ledgerFile });
    let client = gatewayClient(gateway.url);
    const code = await client.issueCode({ wallet: 'wechat', behaviour: 'lost-reply' });
    const unused = await client.issueCode({ wallet: 'alipay' });
    const body = { out_trade_no: randomUUID(), auth_code: code, amount: 700, currency: 'CNY' };
    await expect(client.micropay(body)).rejects.toThrow(/socket hang up/);
    await client.refund({ out_trade_no: body.out_trade_no, out_refund_no: 'r1', amount: 200 });
    const gone = randomUUID();
    await client.reverse(gone);
    const before = await client.ledger();
    await gateway.close();

    gateway = await startGateway({ log: () => {}, test: true, ledgerFile });
    client = gatewayClient(gateway.url);
    const after = await client.ledger();
    expect(after.orders).toEqual(before.orders);
    expect(after.reversed_unknown).toEqual(before.reversed_unknown);
    // The lost reply's charge is on disk: a retry answers it without charging again.
    expect((await client.micropay(body)).body).toMatchObject({ trade_status: 'REFUND' });
    expect(
      (await client.refund({ out_trade_no: body.out_trade_no, out_refund_no: 'r1', amount: 200 })).body,
    ).toEqual({ refund_status: 'SUCCESS', refunded_total: 200 });
    expect((await client.micropay({ ...body, out_trade_no: gone })).body).toMatchObject({
      code: 'ORDER_REVERSED',
    });
    expect((await client.micropay({ ...body, out_trade_no: randomUUID() })).body).toMatchObject({
      code: 'AUTH_CODE_USED',
    });
    expect(
      (await client.micropay({ out_trade_no: randomUUID(), auth_code: unused, amount: 1, currency: 'CNY' }))
        .body,
    ).toMatchObject({ trade_status: 'SUCCESS' });
    expect((await client.ledger()).orders.find((o) => o.out_trade_no === body.out_trade_no)).toMatchObject({
      charged: 1,
    });
  });

  it('refuses a damaged ledger file with a clear message and leaves it alone', async () => {
    const ledgerFile = path.join(dir, 'broken.sqlite');
    gateway = await startGateway({ log: () => {}, ledgerFile });
    await gatewayClient(gateway.url).reverse('x');
    await gateway.close();
    gateway = undefined;
    const db = new Database(ledgerFile);
    db.prepare('UPDATE gateway_ledger SET state = ?').run('{"codes": 1}');
    db.close();
    await expect(startGateway({ log: () => {}, ledgerFile })).rejects.toThrow(/is damaged/);
    const check = new Database(ledgerFile, { readonly: true });
    expect(check.prepare('SELECT state FROM gateway_ledger').pluck().get()).toBe('{"codes": 1}');
    check.close();
  });
});
