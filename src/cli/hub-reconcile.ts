import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { TillpointError } from '../core/errors.js';
import { isCurrencyCode } from '../core/money.js';
import type { SettlementLine } from '../core/reconcile.js';
import type { HubStorageConfig } from '../hub/open-hub-store.js';
import { openHubStore } from '../hub/open-hub-store.js';
import { reconcileDay, reconciliationCsv } from '../hub/reconcile-day.js';
import { alipayBillText, parseAlipayBill } from '../hub/settlement/alipay-bill.js';
import { parseWechatBill } from '../hub/settlement/wechat-bill.js';
import { exitCodes, usageError, type ExitCode } from './cli-failure.js';
import { downloadSettlement } from './settlement-download.js';

export interface HubReconcileOptions {
  readonly provider?: string;
  readonly date?: string;
  /** the settlement file as downloaded from the provider's merchant platform */
  readonly file?: string;
  /** instead of --file: download it with the merchant's keys from this providers.json */
  readonly providers?: string;
  readonly format?: string;
  /** write the output here instead of stdout */
  readonly out?: string;
  readonly currency?: string;
}

/** Which provider's layout a settlement file has, from its first bytes. */
export function parseSettlementFile(bytes: Buffer, currency: string): SettlementLine[] {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const head = zip ? '' : new TextDecoder().decode(bytes.subarray(0, 400)).replace(/^\uFEFF/, '');
  if (zip || head.startsWith('#') || head.includes('支付宝交易号')) {
    return parseAlipayBill(alipayBillText(bytes), currency);
  }
  if (head.startsWith('交易时间') && head.includes('商户订单号')) {
    return parseWechatBill(new TextDecoder().decode(bytes), currency);
  }
  throw new TillpointError(
    'reconcile.bad_file',
    'The file is neither an Alipay trade bill nor a WeChat Pay ALL bill. Download it again from the provider.',
  );
}

/**
 * `tillpoint hub reconcile --provider ID --date YYYY-MM-DD --file F [--format json|csv] [--out F]`: the
 * provider's settlement file for that day (Beijing time) matched against the payments and refunds the tills
 * reported. The run is kept at the hub (`hub report --reconciliations`); the findings go to stdout (or --out)
 * as JSON or CSV. Exit code 0 when everything matched, 1 when something needs the operator.
 */
export async function hubReconcileCommand(
  config: HubStorageConfig,
  opts: HubReconcileOptions,
): Promise<ExitCode> {
  if (opts.provider === undefined || opts.date === undefined) throw usageError('usage.reconcileNeeds');
  if ((opts.file === undefined) === (opts.providers === undefined)) throw usageError('usage.reconcileNeeds');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date) || Number.isNaN(Date.parse(`${opts.date}T00:00:00Z`))) {
    throw usageError('usage.reconcileDate', { value: opts.date });
  }
  const format = opts.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw usageError('usage.reconcileFormat', { value: format });
  const currency = opts.currency ?? 'CNY';
  if (!isCurrencyCode(currency)) throw usageError('usage.reconcileCurrency', { value: currency });
  const bytes =
    opts.file === undefined
      ? await downloadSettlement(opts.providers ?? '', opts.provider, opts.date)
      : readFileSync(opts.file);
  const lines = parseSettlementFile(Buffer.from(bytes), currency);
  const store = await openHubStore(config);
  try {
    const result = await reconcileDay(store, {
      providerId: opts.provider,
      day: opts.date,
      currency,
      lines,
      source: opts.file ?? 'download',
      now: new Date(),
    });
    const text = format === 'csv' ? reconciliationCsv(result) : `${JSON.stringify(result, null, 2)}\n`;
    if (opts.out === undefined) process.stdout.write(text);
    else await writeFile(opts.out, text);
    const open = result.findings.filter((f) => f.kind !== 'matched').length;
    return open === 0 ? exitCodes.ok : exitCodes.failure;
  } finally {
    await store.close();
  }
}
