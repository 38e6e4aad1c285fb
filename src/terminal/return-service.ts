import { TillpointError } from '../core/errors.js';
import { money } from '../core/money.js';
import { DEFAULT_UNSYNCED_CASH_REFUNDS_PER_SHIFT, type OfflinePolicy } from '../core/offline-policy.js';
import { refundMethodFor, unsyncedRefusal } from '../core/refund.js';
import {
  allocateReturn,
  checkAllocation,
  planReturn,
  pointsToReverse,
  type RefundablePayment,
} from '../core/returns.js';
import type { SaleDto } from '../shared/dto.js';
import type { ReturnDto } from '../shared/return-dto.js';
import type { RefundService } from './refund-service.js';
import { saleIdempotencyKey, type SaleCashier, type SaleService } from './sale-service.js';
import type { MemberStore } from './store/member-store.js';
import type { SqliteDatabase } from './store/open-store.js';
import { createRefundStore, toRefund, type RefundRow } from './store/refund-store.js';
import { createReturnStore, type ReturnRow } from './store/return-store.js';
import { withStoreErrors } from './store/store-errors.js';

export interface ReturnServiceDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly refunds: RefundService;
  readonly sales: SaleService;
  readonly members: MemberStore;
  /** the till's currency: it returns nothing else */
  readonly currency: string;
  /** the offline policy in force (its unsynced cash refund limit per shift) */
  readonly policy: () => OfflinePolicy;
  readonly now: () => Date;
  readonly log: (line: string, details?: unknown) => void;
}

export interface ReturnRequest {
  readonly saleId: string;
  readonly returnId: string;
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
  readonly reason: string;
  readonly allocation?: readonly { readonly paymentId: string; readonly amount: number }[] | undefined;
}

/**
 * Partial returns (sale.return). The return, its lines, the points taken back, its journal row and one
 * refund row per payment paid back are ONE transaction: cash is paid out at once (with its sale.refunded
 * outbox entry), a wallet's refund is written pending and asked of its provider after the commit, exactly
 * like a full refund (refund-service), so a lost reply never pays twice.
 *
 * The hub must receive the sale before its refunds: the outbox keeps that order for a sale still queued,
 * so a return of an unsynced sale is allowed, its cash capped per shift by the offline policy (a wallet's
 * part is the provider's to judge). A sale the hub refused (parked) or that was settled by hand is not
 * returned here.
 */
export function createReturnService(deps: ReturnServiceDeps) {
  const { db, file } = deps;
  const returns = createReturnStore(db);
  const refundStore = createRefundStore(db);
  const read = <T>(fn: () => T): T => withStoreErrors(file, 'read', fn);
  const write = <T>(fn: () => T): T => withStoreErrors(file, 'refund', () => db.transaction(fn).immediate());

  function toDto(row: ReturnRow, sale: SaleDto): ReturnDto {
    const m = (amount: number) => money(amount, row.currency);
    return {
      id: row.id,
      saleId: row.sale_id,
      saleNumber: sale.number,
      reason: row.reason,
      amount: m(row.amount),
      lines: returns.lines(row.id).map((l) => ({
        lineId: l.line_id,
        name: l.name,
        quantity: l.quantity,
        amount: m(l.amount),
      })),
      refunds: returns.refunds(row.id).map(toRefund),
      pointsReversed: row.points_reversed,
      cashier: row.staff_id === null ? null : { staffId: row.staff_id, name: row.staff_name ?? '' },
      createdAt: row.created_at,
    };
  }

  const dtoOf = (id: string): ReturnDto =>
    read(() => {
      const row = returns.read(id);
      if (!row) throw new Error(`return ${id} vanished`);
      return toDto(row, deps.sales.get(row.sale_id));
    });

  /** After the commit: every refund row settled (cash is; a wallet's is asked), then the return as it stands. */
  async function settleAll(id: string, rows: readonly RefundRow[], cashier: SaleCashier | null) {
    for (const row of rows) {
      try {
        await deps.refunds.settle(row, cashier);
      } catch (error) {
        // the refund stays pending and is asked again like any other (refund-service's sweeps)
        deps.log(`refund ${row.id} of return ${id}: asking failed, kept pending`, error);
      }
    }
    return dtoOf(id);
  }

  /** What each payment of the sale may still give back (its live refunds subtracted). */
  function refundable(sale: SaleDto): RefundablePayment[] {
    return sale.payments.map((p) => ({
      id: p.id,
      left:
        p.amount.amount -
        refundStore
          .forPayment(p.id)
          .filter((r) => r.state !== 'failed')
          .reduce((s, r) => s + r.amount, 0),
    }));
  }

  /**
   * The same return asked again (a retry after a lost answer, or "Try again"): its failed refunds are made
   * again (a failed one moved no money), its pending ones asked again. Never a second return.
   */
  function again(row: ReturnRow, request: ReturnRequest, cashier: SaleCashier | null) {
    if (row.sale_id !== request.saleId) {
      throw new TillpointError(
        'invalid_params',
        'That return belongs to another sale. Start the return again.',
        {
          returnId: row.id,
        },
      );
    }
    const rows = write(() => {
      const sale = deps.sales.get(row.sale_id);
      const all = returns.refunds(row.id);
      const out: RefundRow[] = all.filter((r) => r.state === 'pending');
      for (const paymentId of new Set(all.map((r) => r.payment_id))) {
        const mine = all.filter((r) => r.payment_id === paymentId);
        const last = mine[mine.length - 1];
        if (!last || mine.some((r) => r.state !== 'failed')) continue;
        const payment = sale.payments.find((p) => p.id === paymentId);
        if (!payment) continue;
        const at = deps.now().toISOString();
        out.push(deps.refunds.insertPart(sale, payment, last.amount, row.reason, row.id, at, cashier));
      }
      return out;
    });
    return settleAll(row.id, rows, cashier);
  }

  return {
    /** sale.return: plans, checks and commits the return, then settles its refunds. */
    returnItems(request: ReturnRequest, cashier: SaleCashier | null): Promise<ReturnDto> {
      const existing = read(() => returns.read(request.returnId));
      if (existing) return again(existing, request, cashier);
      const { rows, id } = write(() => {
        const sale = deps.sales.get(request.saleId);
        if (sale.state !== 'completed') {
          throw new TillpointError(
            'sale.refund_not_completed',
            'Only a completed sale can have items returned. Void an open ticket instead; a voided one took no money.',
            { saleId: sale.id, state: sale.state },
          );
        }
        const other = [sale.currency, ...sale.payments.map((p) => p.amount.currency)].find(
          (c) => c !== deps.currency,
        );
        if (other !== undefined) {
          throw new TillpointError(
            'sale.refund_other_currency',
            `This sale was paid in ${other}; this till refunds in ${deps.currency} only. Refund it through head office.`,
            { saleId: sale.id, currency: other, tillCurrency: deps.currency },
          );
        }
        if (refundStore.liveForSale(sale.id)) {
          throw new TillpointError(
            'return.already_refunded',
            'This sale was already refunded in full, so nothing is left to return.',
            { saleId: sale.id },
          );
        }
        const outboxState = refundStore.outboxState(saleIdempotencyKey(sale.id));
        if (outboxState !== 'sent' && outboxState !== 'queued') throw unsyncedRefusal(sale.id, outboxState);

        const paid = sale.payments.reduce((s, p) => s + p.amount.amount, 0);
        const returnedBefore = new Map((sale.returned ?? []).map((r) => [r.lineId, r.quantity]));
        const planned = planReturn(
          {
            currency: sale.currency,
            lines: sale.lines.map((l) => ({ id: l.id, quantity: l.quantity, total: l.total.amount })),
            paid,
          },
          returnedBefore,
          request.lines,
        );
        const amount = planned.reduce((s, l) => s + l.amount, 0);
        const payments = refundable(sale);
        const parts = request.allocation
          ? checkAllocation(amount, payments, request.allocation)
          : allocateReturn(amount, sale.currency, payments);

        const at = deps.now().toISOString();
        const shiftId = returns.openShiftId();
        let unsyncedCash = 0;
        if (outboxState === 'queued') {
          unsyncedCash = parts
            .filter((part) => {
              const payment = sale.payments.find((p) => p.id === part.paymentId);
              return payment !== undefined && refundMethodFor(payment.method) === 'cash';
            })
            .reduce((s, part) => s + part.amount, 0);
          const limit = deps.policy().unsyncedCashRefundsPerShift ?? DEFAULT_UNSYNCED_CASH_REFUNDS_PER_SHIFT;
          const used = returns.unsyncedCash(shiftId, at.slice(0, 10));
          if (unsyncedCash > 0 && used + unsyncedCash > limit) {
            throw new TillpointError(
              'return.unsynced_limit',
              'This sale has not reached head office yet, and this cash refund would pass the shift limit for such refunds. Wait until the till has synced, or call a manager.',
              { saleId: sale.id, limit, used, amount: unsyncedCash },
            );
          }
        }

        // membership points in proportion to what came back, never below zero (points spent stay spent)
        const returnedAmount = (sale.returned ?? []).reduce((s, r) => s + r.amount.amount, 0);
        const member = sale.customer === null ? null : deps.members.byId(sale.customer.id);
        const points = Math.min(
          member?.points ?? 0,
          pointsToReverse(sale.pointsEarned, paid, returnedAmount, amount, returns.pointsReversed(sale.id)),
        );
        if (member && points > 0) deps.members.addPoints(member.id, -points);

        returns.insert({
          id: request.returnId,
          saleId: sale.id,
          amount,
          currency: sale.currency,
          reason: request.reason,
          pointsReversed: points,
          unsyncedCash,
          staffId: cashier?.staffId ?? null,
          staffName: cashier?.name ?? null,
          shiftId,
          at,
          lines: planned,
        });
        deps.sales.appendJournalRow(
          'sale.returned',
          sale.id,
          { return: request.returnId, amount: money(amount, sale.currency), lines: planned, parts, points },
          at,
        );
        const refundRows = parts.map((part) => {
          const payment = sale.payments.find((p) => p.id === part.paymentId);
          if (!payment) throw new Error(`payment ${part.paymentId} vanished`);
          return deps.refunds.insertPart(
            sale,
            payment,
            part.amount,
            request.reason,
            request.returnId,
            at,
            cashier,
          );
        });
        return { rows: refundRows, id: request.returnId };
      });
      return settleAll(id, rows, cashier);
    },

    /** sale.returns: the sale's returns, oldest first. */
    list(saleId: string): ReturnDto[] {
      return read(() => {
        const sale = deps.sales.get(saleId);
        return returns.forSale(saleId).map((row) => toDto(row, sale));
      });
    },
  };
}

export type ReturnService = ReturnType<typeof createReturnService>;
