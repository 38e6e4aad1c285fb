import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { TillpointError } from '../../core/errors.js';
import { parseDecimal } from '../../core/money.js';
import type { SettlementLine } from '../../core/reconcile.js';
import { shanghaiTimeToIso } from './provider-time.js';

/**
 * Alipay's trade bill for a day (bill_type "trade", from alipay.data.dataservice.bill.downloadurl.query's
 * bill_download_url): a zip holding GBK CSV files, among them `<pid>_<yyyyMMdd>_业务明细.csv` with `#` lines
 * before and after the table (account, dates, totals), a header row and one row per trade or refund
 * (业务类型 交易 / 退款). Amounts are yuan with two decimals; a refund's are negative. Times are Beijing time.
 * The CSV may also come alone (already unzipped) in GBK or UTF-8.
 */
const COLUMNS = {
  tradeNo: '支付宝交易号',
  outTradeNo: '商户订单号',
  kind: '业务类型',
  completedAt: '完成时间',
  amount: '订单金额（元）',
  received: '商家实收（元）',
  refundNo: '退款批次号/请求号',
} as const;

/** The detail CSV's text from the downloaded bytes: a zip's 业务明细 entry, or a CSV as it is. */
export function alipayBillText(bytes: Uint8Array): string {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) return decode(bytes);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw badFile(`the zip cannot be read (${(error as Error).message})`);
  }
  // entry names are GBK too, and fflate reads them as Latin-1: decode them back to find the detail file
  const names = Object.keys(entries).map((raw) => ({
    raw,
    name: iconv.decode(Buffer.from(raw, 'latin1'), 'gbk'),
  }));
  const detail =
    names.find((n) => n.name.endsWith('业务明细.csv')) ??
    names.find((n) => n.raw.endsWith('.csv') && !n.name.includes('汇总'));
  if (!detail) throw badFile('the zip holds no 业务明细 (trade detail) CSV');
  return decode(entries[detail.raw] as Uint8Array);
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GBK as Alipay writes it. */
function decode(bytes: Uint8Array): string {
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const text = utf8.includes('\uFFFD') ? iconv.decode(Buffer.from(bytes), 'gbk') : utf8;
  return text.replace(/^\uFEFF/, '');
}

const badFile = (why: string, line?: number) =>
  new TillpointError(
    'reconcile.bad_file',
    `The Alipay settlement file cannot be read: ${why}${line === undefined ? '' : ` (line ${line})`}.`,
    { line },
  );

/** The trades and refunds of an Alipay trade detail CSV, amounts in minor units of `currency`. */
export function parseAlipayBill(text: string, currency: string): SettlementLine[] {
  const table = text.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 }));
  const rows = table.filter((r) => r.line.trim() !== '' && !r.line.startsWith('#'));
  const header = rows.shift();
  if (!header) throw badFile('no header row');
  const names = parseRow(header.line, header.number);
  const at = (name: string) => {
    const i = names.indexOf(name);
    if (i < 0) throw badFile(`the header has no column ${name}`, header.number);
    return i;
  };
  const col = {
    tradeNo: at(COLUMNS.tradeNo),
    outTradeNo: at(COLUMNS.outTradeNo),
    kind: at(COLUMNS.kind),
    completedAt: at(COLUMNS.completedAt),
    amount: at(COLUMNS.amount),
    refundNo: names.indexOf(COLUMNS.refundNo),
  };
  return rows.map(({ line, number }) => {
    const cells = parseRow(line, number);
    const cell = (i: number) => (cells[i] ?? '').trim();
    const kind = cell(col.kind);
    if (kind !== '交易' && kind !== '退款') throw badFile(`unknown 业务类型 "${kind}"`, number);
    let amount: number;
    try {
      amount = Math.abs(parseDecimal(cell(col.amount), currency).amount);
    } catch {
      throw badFile(`the amount "${cell(col.amount)}" is not a number`, number);
    }
    const refundNo = col.refundNo < 0 ? '' : cell(col.refundNo);
    return {
      kind: kind === '交易' ? ('payment' as const) : ('refund' as const),
      outTradeNo: cell(col.outTradeNo),
      outRefundNo: kind === '退款' && refundNo !== '' ? refundNo : null,
      providerTradeNo: cell(col.tradeNo),
      amount,
      currency,
      at: shanghaiTimeToIso(cell(col.completedAt), () =>
        badFile(`the time "${cell(col.completedAt)}" is not a time`, number),
      ),
    };
  });
}

function parseRow(line: string, number: number): string[] {
  // the bill's cells are never quoted in practice: a plain split is exact then, and 100x faster per line
  if (!line.includes('"')) return line.split(',').map((c) => c.trim());
  try {
    const [row] = parse(line, { relax_column_count: true, relax_quotes: true }) as string[][];
    return (row ?? []).map((c) => c.trim());
  } catch (error) {
    throw badFile((error as Error).message, number);
  }
}
