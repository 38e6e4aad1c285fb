import { crc32, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { alipayAmount } from '../../shared/alipay-sign.js';
import type { LedgerState } from '../ledger.js';
import type { Order } from '../order.js';
import { alipayTradeNo } from './alipay-trade-no.js';

/**
 * The day's trade bill (业务明细) as Alipay serves it from the URL alipay.data.dataservice.bill.downloadurl
 * .query answers: a zip whose entry name and CSV text are GBK, with '#' header and footer lines around a
 * header row and one row per money movement (research notes, 2026-12-07). Built from the simulator's
 * ledger, so a reconciliation run against it finds exactly what the simulator charged and refunded.
 * The columns are documented in the README (gateway section) for the reconciliation code.
 */

export const billColumns = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
] as const;

/** The sandbox's service fee: 0.6 % of a payment, rounded to the fen, shown negative (Alipay's default rate). */
export const serviceFee = (amount: number): number => -Math.round((amount * 6) / 1000);

const beijingMs = (ms: number) => ms + 8 * 3_600_000;
const day = (ms: number) => new Date(beijingMs(ms)).toISOString().slice(0, 10);
const stamp = (ms: number) => new Date(beijingMs(ms)).toISOString().slice(0, 19).replace('T', ' ');
const chineseDate = (iso: string, time: string) =>
  `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日 ${time}`;

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

interface Row {
  at: number;
  cells: string[];
}

/** The Alipay account the bill is for: a 2088 partner id made from the app id (a sandbox never has one). */
export const partnerId = (appId: string) => `2088${appId.slice(-12)}`;

export function alipayBillCsv(state: LedgerState, appId: string, date: string, exportedAt: number): string {
  const orders = state.orders.filter((o) => o.merchantId === appId);
  const byNo = new Map(orders.map((o) => [o.outTradeNo, o]));
  const rows: Row[] = [];
  const base = (
    o: Order,
    type: '交易' | '退款',
    at: number,
    amount: number,
    requestNo: string,
    fee: number,
  ) => [
    alipayTradeNo(o) ?? '',
    o.outTradeNo,
    type,
    'Tillpoint sale',
    stamp(o.createdAt),
    stamp(at),
    '',
    '',
    '',
    '',
    'san***@sandbox.test',
    alipayAmount(amount),
    alipayAmount(amount),
    '0.00',
    '0.00',
    '0.00',
    '0.00',
    '0.00',
    '',
    '0.00',
    '0.00',
    requestNo,
    alipayAmount(fee),
    '0.00',
    '',
  ];
  for (const o of orders) {
    if (o.charged === 0) continue;
    const paidAt = o.paidAt ?? o.createdAt;
    if (day(paidAt) === date)
      rows.push({ at: paidAt, cells: base(o, '交易', paidAt, o.amount, '', serviceFee(o.amount)) });
  }
  const refundedByRecords = new Map<string, number>();
  for (const [key, r] of state.refunds) {
    const [merchant, refundNo] = key.split('\n');
    const o = byNo.get(r.outTradeNo);
    if (merchant !== appId || !o) continue;
    refundedByRecords.set(o.outTradeNo, (refundedByRecords.get(o.outTradeNo) ?? 0) + r.amount);
    const at = r.at ?? o.updatedAt;
    if (day(at) !== date) continue;
    // the ledger keys an Alipay refund as "<out_trade_no>|<out_request_no>"
    const requestNo = (refundNo ?? '').slice(r.outTradeNo.length + 1);
    rows.push({ at, cells: base(o, '退款', at, -r.amount, requestNo, -serviceFee(r.amount)) });
  }
  // a cancel (alipay.trade.cancel) of a paid order gives back what no refund had: one refund row, no request no
  for (const o of orders) {
    if (!o.reverseRefunded) continue;
    const rest = o.refundedAmount - (refundedByRecords.get(o.outTradeNo) ?? 0);
    if (rest > 0 && day(o.updatedAt) === date) {
      rows.push({ at: o.updatedAt, cells: base(o, '退款', o.updatedAt, -rest, '', -serviceFee(rest)) });
    }
  }
  rows.sort((a, b) => a.at - b.at);
  const sum = (type: string) => rows.filter((r) => r.cells[2] === type);
  const total = (rs: Row[]) =>
    alipayAmount(rs.reduce((n, r) => n + Math.round(Number(r.cells[12]) * 100), 0));
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const dashes = '-'.repeat(41);
  const lines = [
    '#支付宝业务明细查询',
    `#账号：[${partnerId(appId)}]`,
    `#起始日期：[${chineseDate(date, '00:00:00')}]   终止日期：[${chineseDate(next, '00:00:00')}]`,
    `#${dashes}业务明细列表${dashes}`,
    billColumns.join(','),
    ...rows.map((r) => r.cells.map(cell).join(',')),
    `#${dashes}业务明细列表结束${dashes}`,
    `#交易合计：${sum('交易').length}笔，商家实收：￥${total(sum('交易'))}元，商家优惠：￥0.00元`,
    `#退款合计：${sum('退款').length}笔，商家实收：￥${total(sum('退款'))}元，商家优惠：￥0.00元`,
    `#导出时间：[${chineseDate(day(exportedAt), stamp(exportedAt).slice(11))}]`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** One deflated entry in a zip (PKWARE APPNOTE 4.3), its name in GBK bytes without the UTF-8 flag, like Alipay's. */
export function zipOne(name: Buffer, data: Buffer, modifiedMs: number): Buffer {
  const packed = deflateRawSync(data);
  const d = new Date(beijingMs(modifiedMs));
  const dosTime = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(dosTime, 10);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(dosTime, 12);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralAt = local.length + name.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, name, packed, central, name, end]);
}

export function alipayBillZip(
  state: LedgerState,
  appId: string,
  date: string,
  exportedAt: number,
): { fileName: string; entryName: string; zip: Buffer } {
  const compact = date.replaceAll('-', '');
  const entryName = `${partnerId(appId)}_${compact}_业务明细.csv`;
  const csv = iconv.encode(alipayBillCsv(state, appId, date, exportedAt), 'gbk');
  return {
    fileName: `${partnerId(appId)}_${compact}.csv.zip`,
    entryName,
    zip: zipOne(iconv.encode(entryName, 'gbk'), csv, exportedAt),
  };
}
