import { parse } from 'csv-parse/sync';
import { TillpointError } from '../../core/errors.js';
import { parseDecimal } from '../../core/money.js';
import type { SettlementLine } from '../../core/reconcile.js';
import { fromWechatNo } from '../../shared/wechatpay-wire.js';
import { shanghaiTimeToIso } from './provider-time.js';

/**
 * WeChat Pay's v2 `downloadbill` (bill_type ALL) for a day: a header row, one row per order state (SUCCESS,
 * REFUND, REVOKED), every cell prefixed with a backquote, then two summary rows (总交易单数, ...), CRLF,
 * maybe a BOM. Amounts are yuan with two decimals; times are Beijing time.
 */
const COLUMNS = {
  at: '交易时间',
  transactionId: '微信订单号',
  outTradeNo: '商户订单号',
  state: '交易状态',
  currency: '货币种类',
  settled: '应结订单金额',
  refundNo: '商户退款单号',
  refundAmount: '退款金额',
  orderAmount: '订单金额',
  requestedRefund: '申请退款金额',
} as const;

/** The header row of an ALL bill (the columns since 2019; the first row of every day's file). */
export const WECHAT_ALL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';

const badFile = (why: string, line?: number) =>
  new TillpointError(
    'reconcile.bad_file',
    `The WeChat Pay settlement file cannot be read: ${why}${line === undefined ? '' : ` (line ${line})`}.`,
    { line },
  );

/** The payments and refunds of a WeChat Pay ALL bill, amounts in minor units. */
export function parseWechatBill(text: string, fallbackCurrency: string): SettlementLine[] {
  const body = text.replace(/^\uFEFF/, '');
  let rows: string[][];
  try {
    // the bill's cells are never quoted in practice: a plain split is exact then, and far faster
    rows = body.includes('"')
      ? (parse(body, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][])
      : body
          .split(/\r?\n/)
          .filter((line) => line.trim() !== '')
          .map((line) => line.split(','));
  } catch (error) {
    throw badFile((error as Error).message);
  }
  const clean = (c: string | undefined) => (c ?? '').trim().replace(/^`/, '').trim();
  const header = (rows.shift() ?? []).map(clean);
  const at = (name: string, required = true) => {
    const i = header.indexOf(name);
    if (i < 0 && required) throw badFile(`the header has no column ${name}`, 1);
    return i;
  };
  const col = {
    at: at(COLUMNS.at),
    transactionId: at(COLUMNS.transactionId),
    outTradeNo: at(COLUMNS.outTradeNo),
    state: at(COLUMNS.state),
    currency: at(COLUMNS.currency, false),
    settled: at(COLUMNS.settled),
    refundNo: at(COLUMNS.refundNo),
    refundAmount: at(COLUMNS.refundAmount),
    orderAmount: at(COLUMNS.orderAmount, false),
    requestedRefund: at(COLUMNS.requestedRefund, false),
  };
  const out: SettlementLine[] = [];
  for (const [index, row] of rows.entries()) {
    const number = index + 2;
    const cell = (i: number) => (i < 0 ? '' : clean(row[i]));
    // the summary rows end the table
    if (cell(0) === '总交易单数') break;
    const currency = cell(col.currency) === '' ? fallbackCurrency : cell(col.currency);
    const amountOf = (...candidates: number[]) => {
      const text = candidates.map(cell).find((c) => c !== '' && c !== '0' && c !== '0.00') ?? '0';
      try {
        return Math.abs(parseDecimal(text, currency).amount);
      } catch {
        throw badFile(`the amount "${text}" is not a number`, number);
      }
    };
    const base = {
      // the till sends its UUIDs without dashes (WeChat allows 32 characters): the hub knows them with
      outTradeNo: fromWechatNo(cell(col.outTradeNo)),
      providerTradeNo: cell(col.transactionId),
      currency,
      at: shanghaiTimeToIso(cell(col.at), () => badFile(`the time "${cell(col.at)}" is not a time`, number)),
    };
    const state = cell(col.state);
    const paid = amountOf(col.orderAmount, col.settled);
    if (state === 'SUCCESS') {
      out.push({ ...base, kind: 'payment', outRefundNo: null, amount: paid });
    } else if (state === 'REFUND') {
      const refundNo = cell(col.refundNo);
      out.push({
        ...base,
        kind: 'refund',
        outRefundNo: refundNo === '' ? null : fromWechatNo(refundNo),
        amount: amountOf(col.requestedRefund, col.refundAmount),
      });
    } else if (state === 'REVOKED') {
      // a paid order reversed: taken, then all of it given back under the order's own number
      out.push({ ...base, kind: 'payment', outRefundNo: null, amount: paid });
      out.push({ ...base, kind: 'refund', outRefundNo: null, amount: paid });
    } else {
      throw badFile(`unknown 交易状态 "${state}"`, number);
    }
  }
  return out;
}
