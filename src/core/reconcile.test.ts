import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile, type HubPayment, type HubRefund, type SettlementLine } from './reconcile.js';

const day = (iso: string) => iso.startsWith('2026-12-07');
const pay = (outTradeNo: string, amount: number, at = '2026-12-07T02:00:00.000Z'): SettlementLine => ({
  kind: 'payment',
  outTradeNo,
  outRefundNo: null,
  providerTradeNo: `T${outTradeNo}`,
  amount,
  currency: 'CNY',
  at,
});
const back = (outTradeNo: string, outRefundNo: string | null, amount: number): SettlementLine => ({
  ...pay(outTradeNo, amount),
  kind: 'refund',
  outRefundNo,
});
const hubPay = (attemptId: string, amount: number, extra: Partial<HubPayment> = {}): HubPayment => ({
  attemptId,
  terminalId: 't1',
  saleId: `s-${attemptId}`,
  amount,
  currency: 'CNY',
  state: 'succeeded',
  refunded: false,
  finalAt: '2026-12-07T02:00:00.000Z',
  ...extra,
});
const hubRefund = (
  refundId: string,
  attemptId: string,
  amount: number,
  refundedAt = '2026-12-07T03:00:00.000Z',
): HubRefund => ({
  refundId,
  attemptId,
  terminalId: 't1',
  saleId: `s-${attemptId}`,
  amount,
  refundedAt,
});

describe('reconcile', () => {
  it('finds every kind of mismatch, and matches the rest', () => {
    const result = reconcile(
      [
        pay('a1', 100),
        pay('a2', 200), // no sale at the hub
        pay('a3', 300), // the hub says 310
        pay('a5', 500), // the till thinks declined: money taken anyway
        pay('a6', 600),
        back('a6', 'r1', 100),
        back('a6', 'r9', 50), // refunded at the provider only
        back('a1', 'r2', 40), // the hub says 30
        pay('a7', 700),
        back('a7', null, 700), // a reversal of a taken payment
      ],
      [
        hubPay('a1', 100),
        hubPay('a3', 310),
        hubPay('a4', 400), // no capture at the provider
        hubPay('a5', 500, { state: 'declined' }),
        hubPay('a6', 600),
        hubPay('a7', 700, { state: 'reversed', refunded: true }),
        hubPay('a8', 800, { finalAt: '2026-12-06T10:00:00.000Z' }), // another day: not missing today
        hubPay('a9', 900, { state: 'reversed' }), // reversed before paying: nothing at the provider
      ],
      [hubRefund('r1', 'a6', 100), hubRefund('r2', 'a1', 30), hubRefund('r3', 'a6', 70)],
      day,
    );
    expect(result.counts).toEqual({
      matched: 5,
      paid_without_sale: 2,
      sale_without_capture: 1,
      amount_differs: 1,
      refund_at_provider_only: 1,
      refund_at_hub_only: 1,
      refund_amount_differs: 1,
    });
    const kindOf = (no: string, refund: string | null = null) =>
      result.findings.filter((f) => f.outTradeNo === no && f.outRefundNo === refund).map((f) => f.kind);
    expect(kindOf('a2')).toEqual(['paid_without_sale']);
    expect(kindOf('a5')).toEqual(['paid_without_sale']);
    expect(kindOf('a3')).toEqual(['amount_differs']);
    expect(kindOf('a4')).toEqual(['sale_without_capture']);
    expect(kindOf('a6', 'r9')).toEqual(['refund_at_provider_only']);
    expect(kindOf('a6', 'r3')).toEqual(['refund_at_hub_only']);
    expect(kindOf('a1', 'r2')).toEqual(['refund_amount_differs']);
    expect(kindOf('a7', null)).toEqual(['matched', 'matched']);
    expect(result.findings.some((f) => f.outTradeNo === 'a8' || f.outTradeNo === 'a9')).toBe(false);
  });

  it('property: both sides the same -> all matched; every provider line accounted for once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 0, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        (ids, dropped) => {
          const payments = ids.map((id) => hubPay(`p${id}`, id));
          const refunds = ids.filter((id) => id % 3 === 0).map((id) => hubRefund(`r${id}`, `p${id}`, 1));
          const lines = [
            ...payments.map((p) => pay(p.attemptId, p.amount)),
            ...refunds.map((r) => back(r.attemptId, r.refundId, r.amount)),
          ];
          const same = reconcile(lines, payments, refunds, day);
          expect(same.counts.matched).toBe(lines.length);
          expect(same.findings).toHaveLength(lines.length);
          // drop some provider lines: exactly those come back as missing at the provider
          const kept = lines.filter((_, i) => !dropped[i % dropped.length]);
          const partial = reconcile(kept, payments, refunds, day);
          expect(partial.counts.matched).toBe(kept.length);
          expect(partial.counts.sale_without_capture + partial.counts.refund_at_hub_only).toBe(
            lines.length - kept.length,
          );
          expect(partial.findings.filter((f) => f.providerAmount !== null)).toHaveLength(kept.length);
        },
      ),
    );
  });
});
