/**
 * Settlement reconciliation: the provider's settlement file for one day, line by line, against what the
 * tills reported to the hub (payment.final and sale.refunded). Pure: the caller parses the file and reads
 * the hub. Every provider line is accounted for once, and every hub payment or refund of the day that the
 * provider does not list is named; nothing is reported that the two sides do not show.
 *
 * Keys: a payment is the provider's out_trade_no, which is the till's payment attempt id; a refund is the
 * provider's out_request_no / out_refund_no, which is the till's refund id. A payment reversed after the
 * money was taken (the till's reverse of an unknown outcome that had in fact paid) appears at the provider
 * as the payment and a refund of all of it, under the payment's own number.
 */
export interface SettlementLine {
  readonly kind: 'payment' | 'refund';
  /** the merchant's order number: the till's payment attempt id */
  readonly outTradeNo: string;
  /** refunds: the merchant's refund number (the till's refund id); null when the provider gave none */
  readonly outRefundNo: string | null;
  /** the provider's own transaction number */
  readonly providerTradeNo: string;
  /** minor units, positive for payments and refunds alike */
  readonly amount: number;
  readonly currency: string;
  /** when the provider completed it (ISO 8601) */
  readonly at: string;
}

export interface HubPayment {
  readonly attemptId: string;
  readonly terminalId: string;
  readonly saleId: string;
  readonly amount: number;
  readonly currency: string;
  readonly state: 'succeeded' | 'declined' | 'reversed';
  /** reversed after the money was taken: the provider shows the payment and its refund */
  readonly refunded: boolean;
  readonly finalAt: string;
}

export interface HubRefund {
  readonly refundId: string;
  readonly attemptId: string;
  readonly terminalId: string;
  readonly saleId: string;
  readonly amount: number;
  readonly refundedAt: string;
}

export type FindingKind =
  /** the provider and the hub agree */
  | 'matched'
  /** money taken at the provider with no sale at the hub: the operator refunds the customer or attaches it */
  | 'paid_without_sale'
  /** a sale the hub has as paid that the provider did not capture on the day */
  | 'sale_without_capture'
  /** both have the payment, for different amounts */
  | 'amount_differs'
  /** refunded at the provider, the hub has no such refund */
  | 'refund_at_provider_only'
  /** refunded at the hub, the provider has no such refund on the day */
  | 'refund_at_hub_only'
  /** both have the refund, for different amounts */
  | 'refund_amount_differs';

export interface Finding {
  readonly kind: FindingKind;
  readonly outTradeNo: string;
  readonly outRefundNo: string | null;
  /** the provider's amount (minor units), null when the provider has no line */
  readonly providerAmount: number | null;
  /** the hub's amount, null when the hub has no record */
  readonly hubAmount: number | null;
  readonly providerTradeNo: string | null;
  readonly terminalId: string | null;
  readonly saleId: string | null;
}

export interface Reconciliation {
  readonly findings: readonly Finding[];
  /** how many findings of each kind (every kind present, zero included) */
  readonly counts: Readonly<Record<FindingKind, number>>;
}

export const findingKinds: readonly FindingKind[] = [
  'matched',
  'paid_without_sale',
  'sale_without_capture',
  'amount_differs',
  'refund_at_provider_only',
  'refund_at_hub_only',
  'refund_amount_differs',
];

/**
 * Matches the provider's lines of the day against the hub. `hubPayments` and `hubRefunds` are the hub's
 * records of the provider that may touch the day (a payment's own day, or any day: a provider line is
 * looked up by number whatever its hub date); `onDay` says whether a hub time falls on the reconciled day
 * (in the provider's time zone), so only the day's hub records can be missing at the provider.
 */
export function reconcile(
  lines: readonly SettlementLine[],
  hubPayments: readonly HubPayment[],
  hubRefunds: readonly HubRefund[],
  onDay: (iso: string) => boolean,
): Reconciliation {
  const findings: Finding[] = [];
  const payments = new Map(hubPayments.map((p) => [p.attemptId, p]));
  const refunds = new Map(hubRefunds.map((r) => [r.refundId, r]));
  const paidAtProvider = new Set<string>();
  const refundedAtProvider = new Set<string>();
  const add = (kind: FindingKind, f: Omit<Finding, 'kind'>) => findings.push({ kind, ...f });

  for (const line of lines.filter((l) => l.kind === 'payment')) {
    const hub = payments.get(line.outTradeNo);
    paidAtProvider.add(line.outTradeNo);
    const took =
      hub !== undefined && (hub.state === 'succeeded' || (hub.state === 'reversed' && hub.refunded));
    const common = {
      outTradeNo: line.outTradeNo,
      outRefundNo: null,
      providerAmount: line.amount,
      hubAmount: took ? hub.amount : null,
      providerTradeNo: line.providerTradeNo,
      terminalId: hub?.terminalId ?? null,
      saleId: hub?.saleId ?? null,
    };
    if (!took) add('paid_without_sale', common);
    else if (hub.amount !== line.amount || hub.currency !== line.currency) add('amount_differs', common);
    else add('matched', common);
  }

  for (const line of lines.filter((l) => l.kind === 'refund')) {
    const byNumber = line.outRefundNo === null ? undefined : refunds.get(line.outRefundNo);
    const payment = payments.get(line.outTradeNo);
    const common = {
      outTradeNo: line.outTradeNo,
      outRefundNo: line.outRefundNo,
      providerAmount: line.amount,
      providerTradeNo: line.providerTradeNo,
      terminalId: byNumber?.terminalId ?? payment?.terminalId ?? null,
      saleId: byNumber?.saleId ?? payment?.saleId ?? null,
    };
    if (byNumber !== undefined && byNumber.attemptId === line.outTradeNo) {
      refundedAtProvider.add(byNumber.refundId);
      add(byNumber.amount === line.amount ? 'matched' : 'refund_amount_differs', {
        ...common,
        hubAmount: byNumber.amount,
      });
    } else if (
      payment?.state === 'reversed' &&
      payment.refunded &&
      !refundedAtProvider.has(`reversal:${payment.attemptId}`) &&
      payment.amount === line.amount
    ) {
      // the reverse of a payment that had been taken: all of it back, under the payment's number
      refundedAtProvider.add(`reversal:${payment.attemptId}`);
      add('matched', { ...common, hubAmount: payment.amount });
    } else {
      add('refund_at_provider_only', { ...common, hubAmount: null });
    }
  }

  for (const p of hubPayments) {
    const took = p.state === 'succeeded' || (p.state === 'reversed' && p.refunded);
    if (!took || paidAtProvider.has(p.attemptId) || !onDay(p.finalAt)) continue;
    add('sale_without_capture', {
      outTradeNo: p.attemptId,
      outRefundNo: null,
      providerAmount: null,
      hubAmount: p.amount,
      providerTradeNo: null,
      terminalId: p.terminalId,
      saleId: p.saleId,
    });
  }
  for (const r of hubRefunds) {
    if (refundedAtProvider.has(r.refundId) || !onDay(r.refundedAt)) continue;
    add('refund_at_hub_only', {
      outTradeNo: r.attemptId,
      outRefundNo: r.refundId,
      providerAmount: null,
      hubAmount: r.amount,
      providerTradeNo: null,
      terminalId: r.terminalId,
      saleId: r.saleId,
    });
  }

  const counts = Object.fromEntries(findingKinds.map((k) => [k, 0])) as Record<FindingKind, number>;
  for (const f of findings) counts[f.kind]++;
  return { findings, counts };
}
