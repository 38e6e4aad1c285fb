import { toDecimalString } from '../core/money.js';
import {
  reconcile,
  type Finding,
  type FindingKind,
  type HubPayment,
  type HubRefund,
  type SettlementLine,
} from '../core/reconcile.js';
import { saleRefundedPayload } from '../shared/hub-api.js';
import type { HubStore, PaymentPosition } from './hub-store.js';

/** The providers' settlement day is Beijing time (UTC+8 all year). */
export const SETTLEMENT_TIME_ZONE = 'Asia/Shanghai';
const beijingDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

export interface DayReconciliation {
  readonly providerId: string;
  /** YYYY-MM-DD in SETTLEMENT_TIME_ZONE */
  readonly day: string;
  readonly timeZone: string;
  readonly currency: string;
  readonly source: string;
  readonly counts: Readonly<Record<FindingKind, number>>;
  readonly findings: readonly Finding[];
}

const pageSize = 5_000;

/** Every final payment the tills reported for one provider (any day: a provider line is found by number). */
async function hubPaymentsOf(store: HubStore, providerId: string): Promise<HubPayment[]> {
  const out: HubPayment[] = [];
  for (let from: PaymentPosition | undefined; ;) {
    const page = await store.payments({ providerId }, pageSize, from);
    out.push(...page);
    const last = page[page.length - 1];
    if (last === undefined || page.length < pageSize) return out;
    from = last;
  }
}

/** Every wallet refund the tills paid back through this provider (sale.refunded entries). */
async function hubRefundsOf(store: HubStore, providerId: string): Promise<HubRefund[]> {
  const out: HubRefund[] = [];
  for (let after = 0; ;) {
    const page = await store.entriesAfter(after, pageSize, 'sale.refunded');
    for (const entry of page) {
      const parsed = saleRefundedPayload.safeParse(JSON.parse(entry.payload));
      if (!parsed.success) continue;
      const r = parsed.data;
      if (r.method !== 'wallet' || r.providerId !== providerId || r.attemptId === null) continue;
      out.push({
        refundId: r.id,
        attemptId: r.attemptId,
        terminalId: entry.terminalId,
        saleId: r.saleId,
        amount: r.amount.amount,
        refundedAt: r.refundedAt,
      });
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < pageSize) return out;
    after = last.hubSeq;
  }
}

/**
 * Reconciles one provider's day: the settlement `lines` against what the tills reported, kept in the hub
 * (the latest run per provider and day, for `hub report --reconciliations`) and answered.
 */
export async function reconcileDay(
  store: HubStore,
  input: {
    readonly providerId: string;
    readonly day: string;
    readonly currency: string;
    readonly lines: readonly SettlementLine[];
    readonly source: string;
    readonly now: Date;
  },
): Promise<DayReconciliation> {
  const [payments, refunds] = await Promise.all([
    hubPaymentsOf(store, input.providerId),
    hubRefundsOf(store, input.providerId),
  ]);
  const { findings, counts } = reconcile(
    input.lines,
    payments,
    refunds,
    (iso) => beijingDay(iso) === input.day,
  );
  await store.saveReconciliation({
    providerId: input.providerId,
    day: input.day,
    runAt: input.now.toISOString(),
    source: input.source,
    counts: JSON.stringify(counts),
    // what needs the operator: a clean day of 100,000 matched lines keeps nothing but its counts
    findings: JSON.stringify(findings.filter((f) => f.kind !== 'matched')),
  });
  return {
    providerId: input.providerId,
    day: input.day,
    timeZone: SETTLEMENT_TIME_ZONE,
    currency: input.currency,
    source: input.source,
    counts,
    findings,
  };
}

/** The findings as CSV for a spreadsheet: amounts in the currency's decimal form. */
export function reconciliationCsv(result: DayReconciliation): string {
  const amount = (minor: number | null) =>
    minor === null ? '' : toDecimalString({ amount: minor, currency: result.currency });
  const cell = (value: string | null) => {
    const text = value ?? '';
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header =
    'kind,out_trade_no,out_refund_no,provider_amount,hub_amount,currency,provider_trade_no,terminal_id,sale_id';
  const rows = result.findings.map((f) =>
    [
      f.kind,
      f.outTradeNo,
      f.outRefundNo,
      amount(f.providerAmount),
      amount(f.hubAmount),
      result.currency,
      f.providerTradeNo,
      f.terminalId,
      f.saleId,
    ]
      .map(cell)
      .join(','),
  );
  return `${[header, ...rows].join('\r\n')}\r\n`;
}
