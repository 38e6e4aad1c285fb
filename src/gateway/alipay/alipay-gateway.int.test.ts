import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { alipayAnswerText, alipaySignContent, alipayTimestamp } from '../../shared/alipay-sign.js';
import { alipayBillText, parseAlipayBill } from '../../hub/settlement/alipay-bill.js';
import { billColumns } from './alipay-bill.js';
import { startAlipaySim, type AlipaySim } from './alipay-sim.test-util.js';
import { simKeyFiles } from './alipay-sim-keys.js';
import { startGateway } from '../gateway.js';

/**
 * The Alipay dialect on the wire, with a hand-made client (node:crypto and the shared signing content):
 * what it refuses, that its answers are signed, and the day's bill it serves from its ledger.
 */
let sim: AlipaySim;
let appKey: KeyObject;
let alipayKey: KeyObject;

beforeAll(async () => {
  sim = await startAlipaySim();
  appKey = createPrivateKey(sim.gateway.alipay.appPrivateKeyPem);
  alipayKey = createPublicKey(sim.gateway.alipay.alipayPublicKeyPem);
}, 30_000);
afterAll(async () => {
  await sim?.gateway.close();
});

function post(form: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL('/gateway.do?charset=utf-8', sim.gateway.url),
      {
        method: 'POST',
        ca: sim.caPem,
        agent: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

async function call(method: string, biz: Record<string, unknown>, change: Record<string, string> = {}) {
  const params: Record<string, string> = {
    app_id: sim.gateway.alipay.appId,
    method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: alipayTimestamp(Date.now()),
    version: '1.0',
    biz_content: JSON.stringify(biz),
    ...change,
  };
  const sign = createSign('RSA-SHA256').update(alipaySignContent(params), 'utf8').sign(appKey, 'base64');
  const text = await post(new URLSearchParams({ sign, ...params, ...change }).toString());
  const answer = alipayAnswerText(text, method);
  if (!answer?.sign) throw new Error(`unsigned answer: ${text}`);
  expect(
    createVerify('RSA-SHA256').update(answer.content, 'utf8').verify(alipayKey, answer.sign, 'base64'),
  ).toBe(true);
  return {
    member: answer.member,
    raw: answer.content,
    body: JSON.parse(answer.content) as Record<string, string>,
  };
}

describe('the alipay dialect', () => {
  test('refuses what Alipay refuses, in its codes, with signed answers', async () => {
    const q = { out_trade_no: 'nothing-here' };
    expect((await call('alipay.trade.query', q, { app_id: '2021000000000000' })).body).toMatchObject({
      code: '40002',
      sub_code: 'isv.invalid-app-id',
    });
    expect((await call('alipay.trade.query', q, { sign: 'AAAA' })).body.sub_code).toBe(
      'isv.invalid-signature',
    );
    expect((await call('alipay.trade.query', q, { timestamp: '2020-01-01 00:00:00' })).body.sub_code).toBe(
      'isv.invalid-timestamp',
    );
    expect((await call('alipay.trade.query', q, { sign_type: 'RSA' })).body.sub_code).toBe(
      'isv.invalid-signature-type',
    );
    const unknown = await call('alipay.trade.nothing', q);
    expect(unknown.member).toBe('error_response');
    expect(unknown.body.sub_code).toBe('isv.invalid-method');
    expect((await call('alipay.trade.query', q)).body).toMatchObject({
      code: '40004',
      sub_code: 'ACQ.TRADE_NOT_EXIST',
    });
  });

  test('a paid answer is Alipay’s: trade_no, amounts in yuan, `/` escaped in the signed text', async () => {
    const code = await sim.control.issueCode({ behaviour: 'success' });
    const paid = await call('alipay.trade.pay', {
      out_trade_no: 'wire-1',
      scene: 'bar_code',
      auth_code: code,
      subject: 'a/b',
      total_amount: '12.30',
    });
    expect(paid.body).toMatchObject({ code: '10000', out_trade_no: 'wire-1', total_amount: '12.30' });
    expect(paid.body.trade_no).toMatch(/^\d{8}22\d{18}$/);
    const query = await call('alipay.trade.query', { out_trade_no: 'wire-1' });
    expect(query.body.trade_status).toBe('TRADE_SUCCESS');
    // Alipay escapes `/` in its answers; the signature covers the escaped text
    const qr = await call('alipay.trade.precreate', {
      out_trade_no: 'wire-qr',
      subject: 's',
      total_amount: '1.00',
    });
    expect(qr.raw).toContain('tillpoint-sandbox:\\/\\/pay\\/');
    expect(qr.body.qr_code).toMatch(/^tillpoint-sandbox:\/\/pay\//);
    expect((await sim.control.order('wire-1'))?.amount).toBe(1230);
  });

  test('the day’s bill: a zip holding a GBK CSV with # lines, one row per movement, built from the ledger', async () => {
    const pay = async (no: string, amount: string) => {
      const code = await sim.control.issueCode({ behaviour: 'success' });
      return call('alipay.trade.pay', {
        out_trade_no: no,
        scene: 'bar_code',
        auth_code: code,
        subject: 's',
        total_amount: amount,
      });
    };
    await pay('bill-1', '10.00');
    await pay('bill-2', '3.50');
    await call('alipay.trade.refund', {
      out_trade_no: 'bill-1',
      refund_amount: '2.50',
      out_request_no: 'rq-1',
    });
    await call('alipay.trade.cancel', { out_trade_no: 'bill-2' });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    // today's bill does not exist yet (Alipay serves a day once it is over)
    const early = await call('alipay.data.dataservice.bill.downloadurl.query', {
      bill_type: 'trade',
      bill_date: today,
    });
    expect(early.body.code).toBe('40004');
    await sim.control.advanceClock(86_400_000);
    const url = await call('alipay.data.dataservice.bill.downloadurl.query', {
      bill_type: 'trade',
      bill_date: today,
    });
    expect(url.body.bill_download_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/alipay\/bills\/[0-9a-f]{32}$/);
    const zip = await sim.control.get(new URL(url.body.bill_download_url!).pathname);
    // the entry name is GBK bytes (no UTF-8 flag), as in Alipay's zips
    const names = Object.keys(unzipSync(new Uint8Array(zip.bytes)));
    expect(names).toHaveLength(1);
    const entryName = iconv.decode(Buffer.from(names[0]!, 'latin1'), 'gbk');
    expect(entryName).toMatch(/^2088\d{12}_\d{8}_业务明细\.csv$/);
    const csv = iconv.decode(Buffer.from(Object.values(unzipSync(new Uint8Array(zip.bytes)))[0]!), 'gbk');
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('#支付宝业务明细查询');
    expect(lines.filter((l) => l.startsWith('#')).length).toBe(8);
    const header = lines.findIndex((l) => !l.startsWith('#'));
    expect(lines[header]).toBe(billColumns.join(','));
    const rows = lines
      .slice(header + 1)
      .filter((l) => !l.startsWith('#'))
      .map((l) => l.split(','));
    const mine = rows.filter((r) => r[1]?.startsWith('bill-'));
    expect(mine.map((r) => [r[1], r[2], r[11], r[21]])).toEqual([
      ['bill-1', '交易', '10.00', ''],
      ['bill-2', '交易', '3.50', ''],
      ['bill-1', '退款', '-2.50', 'rq-1'],
      ['bill-2', '退款', '-3.50', ''],
    ]);
    expect(mine[0]?.[22]).toBe('-0.06');
    expect(lines.some((l) => /^#交易合计：\d+笔，商家实收：￥[\d.]+元/.test(l))).toBe(true);
    expect(lines.some((l) => /^#退款合计：\d+笔，商家实收：￥-[\d.]+元/.test(l))).toBe(true);
    // the hub's reconciliation reads it as Alipay's own (src/hub/settlement/alipay-bill.ts)
    const settled = parseAlipayBill(alipayBillText(new Uint8Array(zip.bytes)), 'CNY').filter((l) =>
      l.outTradeNo.startsWith('bill-'),
    );
    expect(settled.map((l) => [l.kind, l.outTradeNo, l.outRefundNo, l.amount])).toEqual([
      ['payment', 'bill-1', null, 1000],
      ['payment', 'bill-2', null, 350],
      ['refund', 'bill-1', 'rq-1', 250],
      ['refund', 'bill-2', null, 350],
    ]);
    // a link is made per query: a made-up one is not served
    await expect(sim.control.get('/alipay/bills/00000000000000000000000000000000')).rejects.toThrow(/404/);
  });

  test('a --keys folder is made once (0600) and keeps the app id across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillpoint-alipay-keys-'));
    try {
      const first = await startGateway({ dialect: 'alipay', keysDir: dir, log: () => {} });
      await first.close();
      const second = await startGateway({ dialect: 'alipay', keysDir: dir, log: () => {} });
      await second.close();
      expect(second.alipay?.appId).toBe(first.alipay?.appId);
      expect(second.alipay?.appId).toMatch(/^\d{16}$/);
      for (const name of Object.values(simKeyFiles))
        expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
