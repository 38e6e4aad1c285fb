import { escapeReceiptText, receiptMoney, receiptTime, taxRateName, type ReceiptShop } from './receipt.js';
import type { ShiftReport, ShiftTender, TenderGroup } from './shift-report.js';

/**
 * A shift's X or Z report as a ReceiptLine document, for the receipt printer: built from the same report
 * (ShiftTotals) the shift screen shows, so paper and screen never disagree. No charts on paper.
 */

/** The report's words in one language (src/shared/i18n/shift-report-en.ts, shift-report-zh-CN.ts). */
export interface ShiftReportLabels {
  readonly xTitle: string;
  readonly zTitle: string;
  readonly duplicate: string;
  readonly taxId: string;
  readonly terminal: string;
  readonly zNumber: string;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly closedAt: string;
  readonly closedBy: string;
  readonly printedAt: string;
  readonly sales: string;
  readonly tenders: string;
  readonly refunds: string;
  readonly voids: string;
  readonly discounts: string;
  readonly promotions: string;
  readonly topUps: string;
  readonly billPayments: string;
  readonly billRefundsOwed: string;
  readonly taxes: string;
  readonly firstReceipt: string;
  readonly lastReceipt: string;
  readonly cashDrawer: string;
  readonly openingFloat: string;
  readonly cashSales: string;
  readonly cashRefunds: string;
  readonly cashTopUps: string;
  readonly cashIn: string;
  readonly cashOut: string;
  readonly expected: string;
  readonly counted: string;
  readonly variance: string;
  readonly note: string;
  readonly noSales: string;
  readonly signature: string;
  readonly cash: string;
  readonly storedValue: string;
  readonly bankQr: string;
  /** "{count}" is replaced: "3 sales" */
  readonly count: string;
  /** wallet ids ('wechat', 'alipay', ...) to their names; an unknown wallet prints its id */
  readonly wallets: Readonly<Record<string, string>>;
}

export interface ShiftReportDocumentInput {
  readonly report: ShiftReport;
  readonly shop: ReceiptShop;
  readonly terminalName: string;
  readonly labels: ShiftReportLabels;
  /** a Z report printed again from the shift list: marked so it cannot pass for a second close */
  readonly duplicate: boolean;
  /** when an X report is printed (it has no close time) */
  readonly printedAt: string;
}

const row = (left: string, right: string): string =>
  `${escapeReceiptText(left)} | ${escapeReceiptText(right)}`;

function tenderName(g: TenderGroup, t: ShiftReportLabels): string {
  const names: Record<ShiftTender, string> = {
    cash: t.cash,
    wallet: t.wallets[g.name ?? ''] ?? g.name ?? '',
    'stored-value': t.storedValue,
    'bank-qr': g.name ? `${t.bankQr} ${g.name}` : t.bankQr,
  };
  return names[g.tender];
}

/** The X report (the open shift so far) or the Z report (the close), as one ReceiptLine document. */
export function buildShiftReportDocument(input: ShiftReportDocumentInput): string {
  const { report, shop, labels: t } = input;
  const totals = report.totals;
  const money = (amount: number) => receiptMoney({ amount, currency: report.currency });
  const negative = (amount: number) => money(amount === 0 ? 0 : -amount);
  const time = (iso: string) => receiptTime(iso, shop.timeZone);
  const count = (n: number) => t.count.replace('{count}', String(n));
  const out: string[] = [];

  out.push(`^^${escapeReceiptText(shop.name)}`);
  if (shop.address) out.push(escapeReceiptText(shop.address));
  if (shop.taxId) out.push(row(t.taxId, shop.taxId));
  out.push(`^^"${escapeReceiptText(report.kind === 'Z' ? t.zTitle : t.xTitle)}"`);
  if (input.duplicate) out.push(`^^"${escapeReceiptText(t.duplicate)}"`);
  out.push('-');
  out.push(row(t.terminal, input.terminalName));
  if (report.close) out.push(`^${escapeReceiptText(t.zNumber)} | ^${report.close.zNumber}`);
  out.push(row(t.openedAt, time(report.openedAt)));
  if (report.openedBy) out.push(row(t.openedBy, report.openedBy.name));
  if (report.close) {
    out.push(row(t.closedAt, time(report.close.closedAt)));
    if (report.close.closedBy) out.push(row(t.closedBy, report.close.closedBy.name));
  }
  if (report.close === null || input.duplicate) out.push(row(t.printedAt, time(input.printedAt)));
  out.push('-');

  out.push(row(`${t.sales} (${count(totals.sales.count)})`, money(totals.sales.total)));
  if (totals.tenders.length > 0) {
    out.push(escapeReceiptText(t.tenders));
    for (const g of totals.tenders) out.push(row(`  ${tenderName(g, t)} (${g.count})`, money(g.amount)));
  }
  out.push(row(`${t.refunds} (${totals.refunds.count})`, negative(totals.refunds.amount)));
  for (const g of totals.refunds.byTender) {
    out.push(row(`  ${tenderName(g, t)} (${g.count})`, negative(g.amount)));
  }
  out.push(row(`${t.voids} (${totals.voids.count})`, money(totals.voids.amount)));
  out.push(row(t.discounts, negative(totals.discounts)));
  if (totals.promotions.length > 0) {
    out.push(escapeReceiptText(t.promotions));
    for (const p of totals.promotions) out.push(row(`  ${p.label} (${p.count})`, negative(p.amount)));
  }
  if (totals.topUps.count > 0) {
    out.push(row(`${t.topUps} (${totals.topUps.count})`, money(totals.topUps.amount)));
  }
  if (totals.billPayments && totals.billPayments.count > 0) {
    out.push(row(`${t.billPayments} (${totals.billPayments.count})`, money(totals.billPayments.amount)));
  }
  if (totals.billRefundsOwed && totals.billRefundsOwed.count > 0) {
    const owed = totals.billRefundsOwed;
    out.push(row(`${t.billRefundsOwed} (${owed.count})`, money(owed.amount)));
  }
  if (totals.taxes.length > 0) {
    out.push(escapeReceiptText(t.taxes));
    for (const tax of totals.taxes) {
      out.push(row(`  ${taxRateName(tax.name, tax.rateBps)} (${money(tax.total)})`, money(tax.tax)));
    }
  }
  const { first, last } = totals.receipts;
  out.push(row(t.firstReceipt, first === null ? '-' : String(first)));
  out.push(row(t.lastReceipt, last === null ? '-' : String(last)));
  out.push('-');

  const cash = totals.cash;
  out.push(escapeReceiptText(t.cashDrawer));
  out.push(row(`  ${t.openingFloat}`, money(cash.openingFloat)));
  out.push(row(`  ${t.cashSales}`, money(cash.sales)));
  out.push(row(`  ${t.cashRefunds}`, negative(cash.refunds)));
  if (cash.topUps !== 0) out.push(row(`  ${t.cashTopUps}`, money(cash.topUps)));
  out.push(row(`  ${t.cashIn}`, money(cash.cashIn)));
  out.push(row(`  ${t.cashOut}`, negative(cash.cashOut)));
  out.push(row(t.expected, money(cash.expected)));
  if (report.close) {
    out.push(row(t.counted, money(report.close.counted)));
    const v = report.close.variance;
    out.push(`^${escapeReceiptText(t.variance)} | ^${escapeReceiptText(v > 0 ? `+${money(v)}` : money(v))}`);
    if (report.close.note) out.push(row(t.note, report.close.note));
  }
  out.push(row(t.noSales, String(cash.noSales)));
  if (report.close) {
    out.push('');
    out.push(`${escapeReceiptText(t.signature)} | _`);
  }
  return `${out.join('\n')}\n`;
}
