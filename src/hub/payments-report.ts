import type { HubStore, PaymentFilter, PaymentPosition, PaymentRecord, StoredPayment } from './hub-store.js';

export interface PaymentRow extends StoredPayment {
  readonly terminalName: string;
}

/** Payments in one currency and final state, and what they add up to (minor units). */
export interface PaymentTotal {
  readonly currency: string;
  readonly state: PaymentRecord['state'];
  readonly payments: number;
  readonly amount: number;
  /** of these, reversed after the money was taken (a refund) */
  readonly refunded: number;
}

export interface PaymentsReport {
  readonly filter: PaymentFilter;
  readonly payments: PaymentRow[];
  readonly totals: PaymentTotal[];
}

const pageSize = 500;

/** The final state of every payment the terminals reported (payment.final), oldest first, with totals. */
export async function paymentsReport(store: HubStore, filter: PaymentFilter = {}): Promise<PaymentsReport> {
  const names = new Map((await store.terminals()).map((t) => [t.id, t.name]));
  const payments: PaymentRow[] = [];
  const totals = new Map<string, { -readonly [K in keyof PaymentTotal]: PaymentTotal[K] }>();
  for (let from: PaymentPosition | undefined; ;) {
    const page = await store.payments(filter, pageSize, from);
    for (const p of page) {
      payments.push({ ...p, terminalName: names.get(p.terminalId) ?? '' });
      const key = `${p.currency} ${p.state}`;
      const total = totals.get(key) ?? {
        currency: p.currency,
        state: p.state,
        payments: 0,
        amount: 0,
        refunded: 0,
      };
      total.payments++;
      total.amount += p.amount;
      if (p.refunded) total.refunded++;
      totals.set(key, total);
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < pageSize) break;
    from = last;
  }
  return {
    filter,
    payments,
    totals: [...totals.values()].sort(
      (a, b) => a.currency.localeCompare(b.currency) || a.state.localeCompare(b.state),
    ),
  };
}
