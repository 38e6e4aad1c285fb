import { fenText } from '../../shared/wechatpay-wire.js';
import type { GatewayLedger } from '../ledger.js';
import { openidOf, refundIdOf, tradeType } from './wechatpay-v2.js';

/**
 * A day's trade bill as WeChat Pay API v2 `downloadbill` serves it (bill_type ALL, the column set since
 * 2018-11): a header row, one row per payment and per refund with every cell prefixed by a backquote (so
 * spreadsheets keep long numbers as text), then a summary header and one summary row; CRLF line ends,
 * amounts in yuan with two decimals, times in Beijing time. The day is the Beijing calendar day.
 */
export const billColumns = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
  '微信退款单号',
  '商户退款单号',
  '退款金额',
  '充值券退款金额',
  '退款类型',
  '退款状态',
  '商品名称',
  '商户数据包',
  '手续费',
  '费率',
  '订单金额',
  '申请退款金额',
  '费率备注',
] as const;

export const billSummaryColumns = [
  '总交易单数',
  '应结订单总金额',
  '退款总金额',
  '充值券退款总金额',
  '手续费总金额',
  '订单总金额',
  '申请退款总金额',
] as const;

/** The simulated fee: 0.60 % of each payment, rounded to the fen (a refund gives its share back). */
export const feeOf = (fen: number): number => Math.round((fen * 6) / 1000);
const beijingMs = 8 * 3_600_000;
const stamp = (ms: number) => new Date(ms + beijingMs).toISOString().slice(0, 19).replace('T', ' ');
const dayOf = (ms: number) => new Date(ms + beijingMs).toISOString().slice(0, 10).replaceAll('-', '');

export type BillType = 'ALL' | 'SUCCESS' | 'REFUND' | 'REVOKED';

/** The bill of `billDate` (yyyyMMdd), or null when the day has no trade (WeChat: "No Bill Exist"). */
export function tradeBill(
  ledger: GatewayLedger,
  merchant: { mchid: string; appid: string },
  billDate: string,
  billType: BillType,
): string | null {
  const { orders, refunds } = ledger.books();
  const rows: {
    at: number;
    cells: string[];
    settled: number;
    refund: number;
    fee: number;
    ordered: number;
    asked: number;
  }[] = [];
  const mine = orders.filter((o) => o.merchantId === merchant.mchid);
  for (const o of mine) {
    if (o.transactionId === null || o.charged === 0) continue;
    const paidAt = o.paidAt ?? o.createdAt;
    if (dayOf(paidAt) !== billDate) continue;
    // a payment reversed after it was taken is listed as REVOKED (WeChat: the same out_trade_no)
    const state = o.reverseRefunded ? 'REVOKED' : 'SUCCESS';
    if (
      billType === 'REFUND' ||
      (billType === 'SUCCESS' && state !== 'SUCCESS') ||
      (billType === 'REVOKED' && state !== 'REVOKED')
    )
      continue;
    const fee = feeOf(o.amount);
    rows.push({
      at: paidAt,
      settled: o.amount,
      refund: 0,
      fee,
      ordered: o.amount,
      asked: 0,
      cells: [
        stamp(paidAt),
        merchant.appid,
        o.merchantId,
        '0',
        '',
        o.transactionId,
        o.outTradeNo,
        openidOf(o),
        tradeType(o),
        state,
        'OTHERS',
        o.currency,
        fenText(o.amount),
        '0.00',
        '0',
        '0',
        '0.00',
        '0.00',
        '',
        '',
        'Tillpoint',
        '',
        fenText(fee),
        '0.60%',
        fenText(o.amount),
        '0.00',
        '',
      ],
    });
  }
  if (billType === 'ALL' || billType === 'REFUND') {
    for (const r of refunds) {
      if (r.merchantId !== merchant.mchid || r.at === undefined || dayOf(r.at) !== billDate) continue;
      const o = mine.find((x) => x.outTradeNo === r.outTradeNo);
      if (!o) continue;
      const fee = -feeOf(r.amount);
      rows.push({
        at: r.at,
        settled: 0,
        refund: r.amount,
        fee,
        ordered: 0,
        asked: r.amount,
        cells: [
          stamp(r.at),
          merchant.appid,
          o.merchantId,
          '0',
          '',
          o.transactionId ?? '',
          o.outTradeNo,
          openidOf(o),
          tradeType(o),
          'REFUND',
          'OTHERS',
          o.currency,
          '0.00',
          '0.00',
          refundIdOf(o.merchantId, r.outRefundNo),
          r.outRefundNo,
          fenText(r.amount),
          '0.00',
          'ORIGINAL',
          'SUCCESS',
          'Tillpoint',
          '',
          fenText(fee),
          '0.60%',
          '0.00',
          fenText(r.amount),
          '',
        ],
      });
    }
  }
  if (rows.length === 0) return null;
  rows.sort((a, b) => a.at - b.at);
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const lines = [
    billColumns.join(','),
    ...rows.map((r) => r.cells.map((c) => `\`${c}`).join(',')),
    billSummaryColumns.join(','),
    [
      String(rows.length),
      fenText(sum((r) => r.settled)),
      fenText(sum((r) => r.refund)),
      '0.00',
      fenText(sum((r) => r.fee)),
      fenText(sum((r) => r.ordered)),
      fenText(sum((r) => r.asked)),
    ]
      .map((c) => `\`${c}`)
      .join(','),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
