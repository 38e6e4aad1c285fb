import { toDecimalString } from './money.js';
import { refundReceiptCode } from './receipt-code.js';

/**
 * The receipt as one document: a ReceiptLine text (https://github.com/receiptline/receiptline) built here,
 * pure, from a completed sale (or its refund) and the shop's details. Every output renders this same text:
 * ESC/POS bytes for a thermal printer, SVG for the screen's preview, plain text for logs. Nothing here
 * depends on the printer's width: ReceiptLine lays the columns out for the printer's characters per line.
 */

export interface ReceiptMoney {
  readonly amount: number;
  readonly currency: string;
}

/** The shop's details printed at the top (`<data>/shop.json`). */
export interface ReceiptShop {
  readonly name: string;
  readonly address: string;
  readonly taxId: string;
  /** IANA time zone the receipt's date and time are printed in, e.g. Asia/Shanghai */
  readonly timeZone: string;
  readonly phone?: string | null | undefined;
  /** a last line of the shop's own (opening hours, a web address) */
  readonly footer?: string | null | undefined;
}

export interface ReceiptLine {
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: ReceiptMoney;
  readonly gross: ReceiptMoney;
  readonly lineDiscount: ReceiptMoney;
  readonly total: ReceiptMoney;
}

export interface ReceiptTax {
  readonly name: string;
  readonly rateBps: number;
  readonly inclusive: boolean;
  readonly tax: ReceiptMoney;
}

export type ReceiptPayment =
  | {
      readonly method: 'cash';
      readonly amount: ReceiptMoney;
      readonly tendered: ReceiptMoney;
      readonly change: ReceiptMoney;
      /** cash rounding (抹零): the rounded due less the due, negative when the shop wrote some off */
      readonly rounding?: ReceiptMoney | undefined;
    }
  | {
      readonly method: 'wallet';
      readonly wallet: string;
      readonly amount: ReceiptMoney;
      readonly promotion?: { readonly label: string; readonly discount: ReceiptMoney } | null | undefined;
    }
  | {
      readonly method: 'stored-value';
      readonly amount: ReceiptMoney;
      readonly cardUid: string;
      readonly balanceAfter: ReceiptMoney;
    };

/** What of a sale a receipt shows (the shape of the contract's SaleDto, which satisfies it). */
export interface ReceiptSale {
  readonly number: number | null;
  readonly completedAt: string | null;
  readonly receiptCode?: string | null | undefined;
  readonly lines: readonly ReceiptLine[];
  readonly totals: {
    readonly subtotal: ReceiptMoney;
    readonly discount: ReceiptMoney;
    readonly total: ReceiptMoney;
    readonly taxes: readonly ReceiptTax[];
  };
  readonly payments: readonly ReceiptPayment[];
  readonly customer: { readonly name: string } | null;
  readonly pointsEarned: number;
}

export interface ReceiptRefund {
  readonly amount: ReceiptMoney;
  readonly method: 'cash' | 'wallet';
  readonly wallet: string | null;
  readonly reason: string;
  readonly createdAt: string;
  readonly refundedAt: string | null;
  readonly pointsReversed: number;
}

/** The receipt's words in one language (src/shared/i18n/receipt-en.ts, receipt-zh-CN.ts). */
export interface ReceiptLabels {
  readonly taxId: string;
  readonly phone: string;
  readonly terminal: string;
  readonly receiptNumber: string;
  readonly date: string;
  readonly cashier: string;
  /** the mark on a reprint */
  readonly duplicate: string;
  /** the title of a refund receipt */
  readonly refund: string;
  readonly refundOf: string;
  readonly refundReason: string;
  readonly refundAmount: string;
  readonly refundToCash: string;
  readonly refundToWallet: string;
  readonly pointsReversed: string;
  readonly lineDiscount: string;
  readonly subtotal: string;
  readonly discount: string;
  readonly taxIncluded: string;
  readonly taxAdded: string;
  readonly total: string;
  readonly cash: string;
  readonly tendered: string;
  readonly change: string;
  /** cash rounding (抹零) */
  readonly rounding: string;
  readonly storedValue: string;
  readonly cardBalance: string;
  readonly promotion: string;
  readonly member: string;
  readonly pointsEarned: string;
  readonly receiptCode: string;
  /** the journal row (seq and short hash) */
  readonly journal: string;
  /** a utility bill's ticket: the money is held for the biller, and its confirmation number or "pending" */
  readonly billCollected: string;
  readonly billConfirmation: string;
  readonly billPending: string;
  readonly thanks: string;
  /** wallet ids ('wechat', 'alipay', ...) to their names; an unknown wallet prints its id */
  readonly wallets: Readonly<Record<string, string>>;
}

export interface ReceiptInput {
  readonly sale: ReceiptSale;
  readonly shop: ReceiptShop;
  readonly terminalName: string;
  readonly labels: ReceiptLabels;
  /** a reprint from history: marked so it cannot pass for a second purchase */
  readonly duplicate: boolean;
  /** the member of staff who took the payment (the sale's, or the refund's); null on a till without staff */
  readonly cashier: string | null;
  /** set: a refund receipt for this refund of the sale */
  readonly refund?: ReceiptRefund | null | undefined;
  /**
   * the journal row of the sale's completion (or of the refund), as `J#1234 a1b2c3d4` (journalReceiptRef in
   * src/core/journal-chain.ts): the paper names its place in the tamper-evident journal (NF525-style)
   */
  readonly journal?: string | null | undefined;
  /** the bill this ticket paid: its biller, account and the biller's confirmation number (null: pending) */
  readonly bill?: { readonly biller: string; readonly confirmationNo: string | null } | null | undefined;
}

/**
 * Money as a receipt prints it. CNY takes the FULLWIDTH YEN SIGN U+FFE5: in GB18030 it is the two bytes A3 A4
 * every Chinese font ROM has, while U+00A5 is a four-byte sequence (81 30 84 36) that printers show as junk.
 * Other currencies print their ISO code, which every printer has.
 */
export function receiptMoney(m: ReceiptMoney): string {
  const decimal = toDecimalString(m);
  const negative = decimal.startsWith('-');
  const digits = negative ? decimal.slice(1) : decimal;
  const text = m.currency === 'CNY' ? `\uFFE5${digits}` : `${m.currency} ${digits}`;
  return negative ? `-${text}` : text;
}

/** "2026-12-07 12:30:05" in the shop's time zone: the same on every receipt whatever the till's language. */
export function receiptTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** ReceiptLine's markup characters in shop data (a product named "A|B", "-50%") print as themselves. */
export function escapeReceiptText(text: string): string {
  return text.replace(/[\\|{}\-=~_"`^]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/**
 * Property values (the QR's payload) have their own specials. They are written as ReceiptLine's `\xNN`
 * escapes: its parser drops a backslash before any other character together with that character, so
 * `\:` would lose the colon of a refund receipt's `RF:` and the QR would no longer say what it is.
 */
const escapeProperty = (text: string): string =>
  text.replace(/[\\|{};:]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const rate = (bps: number): string => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;

/**
 * A tax line's label: the rate's name, with its rate only when the name does not already say it (a shop
 * names its rates "增值税 13%" or "VAT 13 %"; "VAT 13 % 13%" said it twice), then included or added.
 */
export function taxLabel(tax: ReceiptTax, t: Pick<ReceiptLabels, 'taxIncluded' | 'taxAdded'>): string {
  return `${taxRateName(tax.name, tax.rateBps)} ${tax.inclusive ? t.taxIncluded : t.taxAdded}`;
}

/** A rate's name with its percentage, said once. */
export function taxRateName(name: string, rateBps: number): string {
  const percent = rate(rateBps);
  return name.replace(/\s+/g, '').includes(percent) ? name : `${name} ${percent}`;
}

/** A row with a left and a right column; both escaped. */
const row = (left: string, right: string): string =>
  `${escapeReceiptText(left)} | ${escapeReceiptText(right)}`;
/** The same in double width on both sides (ReceiptLine's `^` holds for one column). */
const wideRow = (left: string, right: string): string =>
  `^${escapeReceiptText(left)} | ^${escapeReceiptText(right)}`;
const negative = (m: ReceiptMoney): ReceiptMoney => ({ amount: -m.amount, currency: m.currency });

/** The receipt of a completed sale, a reprint of it, or its refund, as one ReceiptLine document. */
export function buildReceipt(input: ReceiptInput): string {
  const { sale, shop, labels: t } = input;
  const out: string[] = [];
  const text = (s: string) => out.push(escapeReceiptText(s));

  // header: the shop
  out.push(`^^${escapeReceiptText(shop.name)}`);
  if (shop.address) text(shop.address);
  if (shop.phone) out.push(row(t.phone, shop.phone));
  if (shop.taxId) out.push(row(t.taxId, shop.taxId));
  if (input.duplicate) out.push(`^^"${escapeReceiptText(t.duplicate)}"`);
  if (input.refund) out.push(`^^"${escapeReceiptText(t.refund)}"`);
  out.push('-');
  out.push(row(t.terminal, input.terminalName));
  out.push(row(t.receiptNumber, sale.number === null ? '' : String(sale.number)));
  const at = input.refund ? (input.refund.refundedAt ?? input.refund.createdAt) : sale.completedAt;
  if (at) out.push(row(t.date, receiptTime(at, shop.timeZone)));
  if (input.cashier !== null) out.push(row(t.cashier, input.cashier));
  if (input.journal) out.push(row(t.journal, input.journal));
  out.push('-');

  if (input.refund) {
    const refund = input.refund;
    out.push(row(t.refundOf, sale.number === null ? '' : String(sale.number)));
    if (refund.reason) out.push(row(t.refundReason, refund.reason));
    const via =
      refund.method === 'cash' ? t.refundToCash : (t.wallets[refund.wallet ?? ''] ?? refund.wallet ?? '');
    out.push(row(via, receiptMoney(negative(refund.amount))));
    if (refund.pointsReversed > 0) out.push(row(t.pointsReversed, `-${refund.pointsReversed}`));
    out.push('-');
    out.push(wideRow(t.refundAmount, receiptMoney(refund.amount)));
  } else {
    for (const line of sale.lines) {
      out.push(`${escapeReceiptText(line.name)} |`);
      out.push(row(`  ${line.quantity} x ${receiptMoney(line.unitPrice)}`, receiptMoney(line.gross)));
      if (line.lineDiscount.amount !== 0) {
        out.push(row(`  ${t.lineDiscount}`, receiptMoney(negative(line.lineDiscount))));
      }
    }
    out.push('-');
    out.push(row(t.subtotal, receiptMoney(sale.totals.subtotal)));
    if (sale.totals.discount.amount !== 0) {
      out.push(row(t.discount, receiptMoney(negative(sale.totals.discount))));
    }
    // a bill's ticket holds only money collected for the biller: no tax to show
    for (const tax of input.bill ? [] : sale.totals.taxes) {
      out.push(row(taxLabel(tax, t), receiptMoney(tax.tax)));
    }
    out.push(wideRow(t.total, receiptMoney(sale.totals.total)));
    out.push('-');
    for (const payment of sale.payments) tender(out, payment, t);
    if (input.bill) {
      out.push('-');
      out.push(row(t.billCollected, input.bill.biller));
      out.push(row(t.billConfirmation, input.bill.confirmationNo ?? t.billPending));
    }
    if (sale.customer) {
      out.push('-');
      out.push(row(t.member, sale.customer.name));
      if (sale.pointsEarned > 0) out.push(row(t.pointsEarned, `+${sale.pointsEarned}`));
    }
  }

  if (sale.receiptCode) {
    out.push('');
    // a refund receipt's QR is marked as one, so scanning it for a return is refused (return.of_return)
    const qr = input.refund ? refundReceiptCode(sale.receiptCode) : sale.receiptCode;
    out.push(`{c:${escapeProperty(qr)};o:qrcode,6,m}`);
    out.push(row(t.receiptCode, sale.receiptCode));
    // back to the default options for what follows (ReceiptLine keeps "saved" properties)
    out.push('{o:code128,2,72,nohri,3,l}');
  }
  out.push('');
  text(t.thanks);
  if (shop.footer) text(shop.footer);
  return `${out.join('\n')}\n`;
}

function tender(out: string[], payment: ReceiptPayment, t: ReceiptLabels): void {
  switch (payment.method) {
    case 'cash':
      if (payment.rounding && payment.rounding.amount !== 0) {
        out.push(row(t.rounding, receiptMoney(payment.rounding)));
      }
      out.push(row(t.cash, receiptMoney(payment.amount)));
      out.push(row(`  ${t.tendered}`, receiptMoney(payment.tendered)));
      out.push(row(`  ${t.change}`, receiptMoney(payment.change)));
      return;
    case 'wallet':
      if (payment.promotion) {
        out.push(
          row(
            `${t.promotion}: ${payment.promotion.label}`,
            receiptMoney(negative(payment.promotion.discount)),
          ),
        );
      }
      out.push(row(t.wallets[payment.wallet] ?? payment.wallet, receiptMoney(payment.amount)));
      return;
    case 'stored-value':
      out.push(row(`${t.storedValue} ${payment.cardUid.slice(-4)}`, receiptMoney(payment.amount)));
      out.push(row(`  ${t.cardBalance}`, receiptMoney(payment.balanceAfter)));
      return;
  }
}
