/**
 * Settlement reconciliation of a 100,000-line day: WeChat Pay's ALL bill (text) and Alipay's trade bill (a
 * zip of GBK CSVs) parsed and matched against a SQLite hub holding the tills' 100,000 payments, as
 * `tillpoint hub reconcile` does (src/hub/reconcile-day.ts), beside the parse and the pure match alone.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { reconcile } from '../../src/core/reconcile.js';
import { openSqliteHubStore } from '../../src/hub/sqlite-store.js';
import { reconcileDay } from '../../src/hub/reconcile-day.js';
import { alipayBillText, parseAlipayBill } from '../../src/hub/settlement/alipay-bill.js';
import { parseWechatBill } from '../../src/hub/settlement/wechat-bill.js';
import { summarize, timeAsync, timeSync } from './stats.js';
import type { Row } from './run.js';

const LINES = 100_000;
const RUNS = 5;
const yuan = (fen: number) => (fen / 100).toFixed(2);
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export async function benchReconcile(scratch: string): Promise<Row[]> {
  const store = openSqliteHubStore(join(scratch, 'reconcile-hub.db'));
  try {
    const now = new Date();
    await store.createEnrollCode('bench-code', now, new Date(now.getTime() + 60_000));
    await store.enroll('bench-code', { id: 'till-1', name: 'Till 1', secret: 'bench-secret' }, now);
    const start = Date.parse('2026-12-07T00:00:00.000Z');
    const payments = Array.from({ length: LINES }, (_, i) => ({
      id: randomUUID(),
      saleId: randomUUID(),
      amount: 100 + (i % 500) * 7,
      at: new Date(start + i * 500).toISOString(),
    }));
    // the tills' reports, as the hub keeps them after ingest (one transaction per 5,000)
    for (let i = 0; i < LINES; i += 5_000) {
      await store.ingest(
        'till-1',
        payments.slice(i, i + 5_000).map((p) => {
          const payload = JSON.stringify({ id: p.id });
          return {
            idempotencyKey: `payment:${p.id}`,
            kind: 'payment.final',
            payload,
            payloadSha256: p.id,
            createdAt: p.at,
            payment: {
              attemptId: p.id,
              saleId: p.saleId,
              kind: 'customer-code',
              providerId: 'wx',
              wallet: 'wechat',
              amount: p.amount,
              currency: 'CNY',
              state: 'succeeded' as const,
              refunded: false,
              reasonCode: null,
              reasonMessage: null,
              finalAt: p.at,
            },
          };
        }),
        new Date(),
      );
    }
    const wechat = [
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
      ...payments.map(
        (p, i) =>
          `\`${beijing(Date.parse(p.at))},\`wx2421b1c4370ec43b,\`10000100,\`0,\`1000,\`42000${String(i).padStart(23, '0')},\`${p.id},\`oUpF8uMuAJO,\`MICROPAY,\`SUCCESS,\`CFT,\`CNY,\`${yuan(p.amount)},\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`商品,\`,\`0.00,\`0.60%,\`${yuan(p.amount)},\`0.00,\``,
      ),
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      `\`${LINES},\`0,\`0,\`0,\`0,\`0,\`0`,
    ].join('\r\n');
    const alipayCsv = [
      '#支付宝业务明细查询',
      '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
      ...payments.map(
        (p, i) =>
          `2026120722${String(i).padStart(18, '0')}\t,${p.id}\t,交易,商品,${beijing(Date.parse(p.at))},${beijing(Date.parse(p.at))},,,,,a***@alipay.com,${yuan(p.amount)},${yuan(p.amount)},0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,0.00,0.00,`,
      ),
      '#交易合计',
    ].join('\r\n');
    const alipayZip = zipSync({
      [iconv.encode('2088_20261207_业务明细.csv', 'gbk').toString('latin1')]: iconv.encode(alipayCsv, 'gbk'),
    });

    const whole: number[] = [];
    const alipayWhole: number[] = [];
    const parseOnly: number[] = [];
    const matchOnly: number[] = [];
    let matched = 0;
    const lines = parseWechatBill(wechat, 'CNY');
    const hubPayments = payments.map((p) => ({
      attemptId: p.id,
      terminalId: 'till-1',
      saleId: p.saleId,
      amount: p.amount,
      currency: 'CNY',
      state: 'succeeded' as const,
      refunded: false,
      finalAt: p.at,
    }));
    for (let i = 0; i < RUNS; i++) {
      whole.push(
        await timeAsync(async () => {
          const result = await reconcileDay(store, {
            providerId: 'wx',
            day: '2026-12-07',
            currency: 'CNY',
            lines: parseWechatBill(wechat, 'CNY'),
            source: 'bench',
            now: new Date(),
          });
          matched = result.counts.matched;
        }),
      );
      alipayWhole.push(
        await timeAsync(() =>
          reconcileDay(store, {
            providerId: 'wx',
            day: '2026-12-07',
            currency: 'CNY',
            lines: parseAlipayBill(alipayBillText(alipayZip), 'CNY'),
            source: 'bench',
            now: new Date(),
          }),
        ),
      );
      parseOnly.push(timeSync(() => void parseWechatBill(wechat, 'CNY')));
      matchOnly.push(timeSync(() => void reconcile(lines, hubPayments, [], () => true)));
    }
    if (matched !== LINES) throw new Error(`matched ${matched} of ${LINES} lines`);
    const f = (v: number) => `${(v / 1000).toFixed(2)} s`;
    const w = summarize(whole);
    const a = summarize(alipayWhole);
    return [
      {
        measure: `hub reconcile: WeChat Pay ALL bill of ${LINES.toLocaleString('en')} lines vs the hub (SQLite)`,
        n: w.n,
        median: f(w.median),
        p95: f(w.p95),
        goal: '<= 2 s',
        peer: `parse alone: median ${f(summarize(parseOnly).median)}; pure match alone: median ${f(summarize(matchOnly).median)}`,
      },
      {
        measure: `hub reconcile: Alipay trade bill (zip, GBK) of ${LINES.toLocaleString('en')} lines vs the hub`,
        n: a.n,
        median: f(a.median),
        p95: f(a.p95),
        goal: '<= 2 s',
        peer: 'the WeChat Pay row above (same hub, same payments)',
      },
    ];
  } finally {
    await store.close();
  }
}
