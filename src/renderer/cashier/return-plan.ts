import { isTillpointError } from '../../core/errors.js';
import {
  allocateReturn,
  checkAllocation,
  planReturn,
  type PlannedReturnLine,
  type RefundablePayment,
  type ReturnableSale,
} from '../../core/returns.js';
import type { PaymentDto, RefundDto, SaleDto, SaleLineDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import type { ReturnDto } from '../../shared/return-dto.js';

/**
 * The Return dialog's preview: the same pure plan the terminal makes (src/core/returns.ts), computed on the
 * screen from the sale and its returns so far, so the cashier sees what goes back, per line and per tender,
 * before confirming. The terminal's answer is what counts; this only shows it in advance.
 */

/** A sale as the core plans a return of it: line totals, and what its payments took in all. */
export function returnableSale(sale: SaleDto): ReturnableSale {
  return {
    currency: sale.currency,
    lines: sale.lines.map((l) => ({ id: l.id, quantity: l.quantity, total: l.total.amount })),
    paid: sale.payments.reduce((sum, p) => sum + p.amount.amount, 0),
  };
}

/** The quantity of each line returned so far. */
export function returnedQuantities(sale: SaleDto): Map<string, number> {
  return new Map((sale.returned ?? []).map((r) => [r.lineId, r.quantity]));
}

export interface ReturnableLine {
  readonly line: SaleLineDto;
  readonly returned: number;
  /** units that may still come back */
  readonly left: number;
}

export function returnableLines(sale: SaleDto): ReturnableLine[] {
  const returned = returnedQuantities(sale);
  return sale.lines.map((line) => {
    const before = returned.get(line.id) ?? 0;
    return { line, returned: before, left: Math.max(0, line.quantity - before) };
  });
}

/** A completed sale with units left, not refunded in full: the Return items button shows. */
export function canReturn(sale: SaleDto): boolean {
  if (sale.state !== 'completed' || sale.number === null) return false;
  if (sale.refund && sale.refund.state !== 'failed' && !sale.refund.returnId) return false;
  return returnableLines(sale).some((l) => l.left > 0);
}

/**
 * The payment a refund paid back: a wallet refund names its payment attempt; a cash or store-card one is
 * the sale's payment of that tender (a sale has at most one of each).
 */
function paymentOf(refund: RefundDto, payments: readonly PaymentDto[]): PaymentDto | undefined {
  if (refund.tender === 'wallet') {
    return payments.find((p) => p.method === 'wallet' && p.attemptId === refund.attemptId);
  }
  return payments.find((p) => p.method === refund.tender);
}

/** What each payment may still give back: what it took less the refunds of earlier returns not failed. */
export function refundablePayments(sale: SaleDto, returns: readonly ReturnDto[]): RefundablePayment[] {
  const given = new Map<string, number>();
  for (const refund of returns.flatMap((r) => r.refunds)) {
    if (refund.state === 'failed') continue;
    const payment = paymentOf(refund, sale.payments);
    if (payment) given.set(payment.id, (given.get(payment.id) ?? 0) + refund.amount.amount);
  }
  return sale.payments.map((p) => ({
    id: p.id,
    left: Math.max(0, p.amount.amount - (given.get(p.id) ?? 0)),
  }));
}

export interface ReturnPreview {
  readonly lines: readonly PlannedReturnLine[];
  /** minor units paid back in all */
  readonly amount: number;
  /** per payment, what it gives back (proportional, or the manager's split when it adds up) */
  readonly tenders: readonly { readonly paymentId: string; readonly amount: number }[];
}

export type PreviewResult =
  | { readonly ok: true; readonly preview: ReturnPreview }
  /** nothing chosen yet: no amount, and no message either */
  | { readonly ok: false; readonly empty: true }
  | { readonly ok: false; readonly empty: false; readonly error: ApiError };

const asApiError = (error: unknown): ApiError =>
  isTillpointError(error)
    ? { code: error.code, message: error.message, details: error.details }
    : { code: 'internal', message: String(error) };

/**
 * The preview for the quantities chosen (line id -> units, 0 for none) and, when the manager chose the
 * split, the amount per payment. A refusal comes back as the typed error the terminal would answer.
 */
export function previewReturn(
  sale: SaleDto,
  returns: readonly ReturnDto[],
  quantities: Readonly<Record<string, number>>,
  chosen: readonly { readonly paymentId: string; readonly amount: number }[] | null,
): PreviewResult {
  const request = sale.lines
    .map((l) => ({ lineId: l.id, quantity: quantities[l.id] ?? 0 }))
    .filter((r) => r.quantity > 0);
  if (request.length === 0) return { ok: false, empty: true };
  try {
    const lines = planReturn(returnableSale(sale), returnedQuantities(sale), request);
    const amount = lines.reduce((sum, l) => sum + l.amount, 0);
    const payments = refundablePayments(sale, returns);
    const tenders =
      chosen === null
        ? allocateReturn(amount, sale.currency, payments)
        : checkAllocation(amount, payments, chosen);
    return { ok: true, preview: { lines, amount, tenders } };
  } catch (error) {
    return { ok: false, empty: false, error: asApiError(error) };
  }
}
