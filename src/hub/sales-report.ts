import { billIdOf } from '../core/bill-line.js';
import { saleDto } from '../shared/dto.js';
import { saleRefundedPayload } from '../shared/hub-api.js';
import type { HubStore } from './hub-store.js';

/** One row of "sales by terminal, day and tender": what one tender took at one terminal on one day. */
export interface TenderRow {
  readonly terminalId: string;
  readonly terminalName: string;
  /** the shop's calendar day (YYYY-MM-DD) of the sale's completion, in `timeZone` */
  readonly day: string;
  readonly currency: string;
  /** cash, stored-value, or wallet:<wallet> (wallet:alipay ...) */
  readonly tender: string;
  readonly payments: number;
  /** minor units */
  readonly amount: number;
  /** refunds paid back on that day, of sales paid with this tender (sale.refunded), and how much */
  readonly refunds: number;
  readonly refunded: number;
}

/** "Bill payments collected" by terminal and day: money taken for billers, not the shop's sales. */
export interface BillPaymentsRow {
  readonly terminalId: string;
  readonly terminalName: string;
  readonly day: string;
  readonly currency: string;
  readonly count: number;
  readonly amount: number;
}

export interface SalesReport {
  readonly timeZone: string;
  /** completed tickets that sold something (a ticket that only paid a bill is under billPayments) */
  readonly sales: number;
  readonly refunds: number;
  readonly rows: TenderRow[];
  readonly billPayments: BillPaymentsRow[];
}

const pageSize = 500;

/**
 * Reads every accepted sale page by page (hub_seq cursor, so memory holds one page and the totals) and sums
 * payments by terminal, day and tender. The day is taken in the hub's time zone (TZ), which is the shop's.
 */
export async function salesReport(store: HubStore, timeZone?: string): Promise<SalesReport> {
  const dayFormat = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const names = new Map((await store.terminals()).map((t) => [t.id, t.name]));
  const totals = new Map<string, { -readonly [K in keyof TenderRow]: TenderRow[K] }>();
  let sales = 0;
  let refunds = 0;
  const bills = new Map<string, { -readonly [K in keyof BillPaymentsRow]: BillPaymentsRow[K] }>();
  const rowFor = (terminalId: string, day: string, currency: string, tender: string) => {
    const key = JSON.stringify([terminalId, day, currency, tender]);
    const row = totals.get(key) ?? {
      terminalId,
      terminalName: names.get(terminalId) ?? '',
      day,
      currency,
      tender,
      payments: 0,
      amount: 0,
      refunds: 0,
      refunded: 0,
    };
    totals.set(key, row);
    return row;
  };
  // a voided ticket's paid parts were taken too (and given back: sale.refunded below), so they count
  for (const kind of ['sale.completed', 'sale.voided'] as const)
    for (let after = 0; ;) {
      const page = await store.entriesAfter(after, pageSize, kind);
      for (const entry of page) {
        const sale = saleDto.safeParse(JSON.parse(entry.payload));
        // every stored sale passed saleDto on the way in; one that no longer does is left out, never guessed
        if (!sale.success) continue;
        const day = dayFormat.format(new Date(sale.data.completedAt ?? sale.data.createdAt));
        // a bill's ticket holds its one line, at the 'bill-collected' rate (src/core/bill-line.ts)
        const billLines = sale.data.lines.filter((l) => billIdOf(l.productId) !== null);
        if (kind === 'sale.completed' && billLines.length < sale.data.lines.length) sales++;
        for (const line of kind === 'sale.completed' ? billLines : []) {
          const key = JSON.stringify([entry.terminalId, day, line.total.currency]);
          const row = bills.get(key) ?? {
            ...{ terminalId: entry.terminalId, terminalName: names.get(entry.terminalId) ?? '', day },
            ...{ currency: line.total.currency, count: 0, amount: 0 },
          };
          row.count++;
          row.amount += line.total.amount;
          bills.set(key, row);
        }
        for (const p of sale.data.payments) {
          const tender = p.method === 'wallet' ? `wallet:${p.wallet}` : p.method;
          const row = rowFor(entry.terminalId, day, p.amount.currency, tender);
          row.payments++;
          row.amount += p.amount.amount;
        }
      }
      if (page.length < pageSize) break;
      after = page[page.length - 1]?.hubSeq ?? after;
    }
  // refunds on the day the money went back, under the tender the sale was paid with
  for (let after = 0; ;) {
    const page = await store.entriesAfter(after, pageSize, 'sale.refunded');
    for (const entry of page) {
      const refund = saleRefundedPayload.safeParse(JSON.parse(entry.payload));
      if (!refund.success) continue;
      refunds++;
      const r = refund.data;
      const tender = r.tender === 'wallet' ? `wallet:${r.wallet}` : r.tender;
      const row = rowFor(
        entry.terminalId,
        dayFormat.format(new Date(r.refundedAt)),
        r.amount.currency,
        tender,
      );
      row.refunds++;
      row.refunded += r.amount.amount;
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]?.hubSeq ?? after;
  }
  const rows = [...totals.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      a.terminalName.localeCompare(b.terminalName) ||
      a.terminalId.localeCompare(b.terminalId) ||
      a.tender.localeCompare(b.tender),
  );
  const billPayments = [...bills.values()].sort(
    (a, b) => a.day.localeCompare(b.day) || a.terminalName.localeCompare(b.terminalName),
  );
  return { timeZone: dayFormat.resolvedOptions().timeZone, sales, refunds, rows, billPayments };
}
