import type { OutboxState, RefundMethod, RefundTender } from '../../core/refund.js';
import type { RefundDto, RefundStateDto } from '../../shared/dto.js';
import type { SqliteDatabase } from './open-store.js';

export interface RefundRow {
  id: string;
  sale_id: string;
  payment_id: string;
  tender: RefundTender;
  method: RefundMethod;
  amount: number;
  currency: string;
  reason: string;
  state: RefundStateDto;
  attempt_id: string | null;
  wallet: string | null;
  provider_id: string | null;
  problem_code: string | null;
  problem_message: string | null;
  tries: number;
  points_reversed: number;
  return_id: string | null;
  created_at: string;
  updated_at: string;
  refunded_at: string | null;
}

export const toRefund = (r: RefundRow): RefundDto => ({
  id: r.id,
  saleId: r.sale_id,
  state: r.state,
  tender: r.tender,
  method: r.method,
  amount: { amount: r.amount, currency: r.currency },
  reason: r.reason,
  attemptId: r.attempt_id,
  wallet: r.wallet,
  providerId: r.provider_id,
  problem: r.problem_code === null ? null : { code: r.problem_code, message: r.problem_message ?? '' },
  pointsReversed: r.points_reversed,
  ...(r.return_id === null ? {} : { returnId: r.return_id }),
  createdAt: r.created_at,
  refundedAt: r.refunded_at,
});

/** The sale's refund as the sale DTO shows it: the live one, else the latest failed try. */
export const latestRefundSql = `SELECT * FROM refunds WHERE sale_id = ? AND return_id IS NULL
  ORDER BY (state <> 'failed') DESC, created_at DESC, rowid DESC LIMIT 1`;

export interface NewRefund {
  readonly id: string;
  readonly saleId: string;
  readonly paymentId: string;
  readonly tender: RefundTender;
  readonly method: RefundMethod;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly state: 'pending' | 'refunded';
  readonly attemptId: string | null;
  readonly wallet: string | null;
  readonly providerId: string | null;
  readonly pointsReversed: number;
  readonly at: string;
  /** the return the refund belongs to; null for full refunds and voids */
  readonly returnId?: string | null;
}

/**
 * The SQL side of refunds. Every write is meant to run inside the caller's transaction; a settle only
 * moves a row that is still 'pending', so two tries of one refund can never both settle it.
 */
export function createRefundStore(db: SqliteDatabase) {
  const q = {
    get: db.prepare('SELECT * FROM refunds WHERE id = ?'),
    live: db.prepare(`SELECT * FROM refunds WHERE sale_id = ? AND state <> 'failed' AND return_id IS NULL`),
    latest: db.prepare(latestRefundSql),
    pending: db.prepare(`SELECT * FROM refunds WHERE state = 'pending' ORDER BY created_at, rowid`),
    forPayment: db.prepare('SELECT * FROM refunds WHERE payment_id = ? ORDER BY created_at, rowid'),
    insert: db.prepare(
      `INSERT INTO refunds (id, sale_id, payment_id, tender, method, amount, currency, reason, state, attempt_id,
         wallet, provider_id, points_reversed, created_at, updated_at, refunded_at, return_id)
       VALUES (@id, @saleId, @paymentId, @tender, @method, @amount, @currency, @reason, @state, @attemptId,
         @wallet, @providerId, @pointsReversed, @at, @at, CASE WHEN @state = 'refunded' THEN @at END, @returnId)`,
    ),
    tried: db.prepare(
      `UPDATE refunds SET tries = tries + 1, problem_code = ?, problem_message = ?, updated_at = ?
       WHERE id = ? AND state = 'pending'`,
    ),
    refunded: db.prepare(
      `UPDATE refunds SET state = 'refunded', tries = tries + 1, problem_code = NULL, problem_message = NULL,
         points_reversed = ?, refunded_at = ?, updated_at = ?
       WHERE id = ? AND state = 'pending'`,
    ),
    failed: db.prepare(
      `UPDATE refunds SET state = 'failed', tries = tries + 1, problem_code = ?, problem_message = ?, updated_at = ?
       WHERE id = ? AND state = 'pending'`,
    ),
    outboxState: db.prepare('SELECT state FROM outbox WHERE idempotency_key = ?').pluck(),
    hasReturns: db.prepare('SELECT EXISTS (SELECT 1 FROM returns WHERE sale_id = ?)').pluck(),
  };
  const one = (row: unknown): RefundRow | null => (row ? (row as RefundRow) : null);

  return {
    read: (id: string): RefundRow | null => one(q.get.get(id)),
    /** the full refund of the sale that is pending or refunded (the refund service allows one); not a return's */
    liveForSale: (saleId: string): RefundRow | null => one(q.live.get(saleId)),
    latestForSale: (saleId: string): RefundRow | null => one(q.latest.get(saleId)),
    pending: (): RefundRow[] => q.pending.all() as RefundRow[],
    /** every refund row of one payment (a voided part, or the parts of returns) */
    forPayment: (paymentId: string): RefundRow[] => q.forPayment.all(paymentId) as RefundRow[],
    /** newest first, with the sale's receipt number */
    list(
      states: readonly string[] | undefined,
      limit: number,
    ): (RefundRow & { sale_number: number | null })[] {
      const where = states ? `WHERE r.state IN (${states.map(() => '?').join(', ')})` : '';
      return db
        .prepare(
          `SELECT r.*, s.number AS sale_number FROM refunds r JOIN sales s ON s.id = r.sale_id ${where}
           ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
        )
        .all(...(states ?? []), limit) as (RefundRow & { sale_number: number | null })[];
    },
    insert(r: NewRefund): void {
      q.insert.run({ ...r, returnId: r.returnId ?? null });
    },
    /** a try whose outcome is unknown: the refund stays pending, with why */
    noteTry(id: string, problem: { code: string; message: string }, at: string): boolean {
      return q.tried.run(problem.code, problem.message, at, id).changes === 1;
    },
    markRefunded(id: string, pointsReversed: number, at: string): boolean {
      return q.refunded.run(pointsReversed, at, at, id).changes === 1;
    },
    markFailed(id: string, problem: { code: string; message: string }, at: string): boolean {
      return q.failed.run(problem.code, problem.message, at, id).changes === 1;
    },
    /** whether part of the sale was returned (sale.return): then it is not refunded in full */
    hasReturns: (saleId: string): boolean => q.hasReturns.get(saleId) === 1,
    /** where the sale's own outbox row (sale.completed) stands on its way to the hub */
    outboxState: (idempotencyKey: string): OutboxState | null =>
      (q.outboxState.get(idempotencyKey) as OutboxState | undefined) ?? null,
  };
}

export type RefundStore = ReturnType<typeof createRefundStore>;
