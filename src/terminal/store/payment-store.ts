import type { PaymentEvent, PaymentState } from '../../core/payment-state.js';
import type { PaymentAttemptDto, PaymentAttemptKindDto, TenderPromotionDto } from '../../shared/dto.js';
import { appendJournal } from './journal-store.js';
import type { SqliteDatabase } from './open-store.js';
import { paymentIdempotencyKey, type PaymentFinalPayload } from '../../shared/hub-api.js';

/** A payment attempt as stored: the DTO plus what only the till needs (deadline, promotion, provider ids). */
export interface StoredAttempt {
  readonly id: string;
  readonly saleId: string;
  readonly kind: PaymentAttemptKindDto;
  readonly wallet: string | null;
  readonly providerId: string;
  readonly amount: number;
  readonly currency: string;
  readonly promotion: TenderPromotionDto | null;
  readonly state: PaymentState;
  readonly reason: { code: string; message: string } | null;
  readonly maskedCode: string | null;
  readonly qr: { payload: string; expiresAt: string } | null;
  readonly confirmation: 'provider' | 'cashier' | null;
  readonly transactionId: string | null;
  readonly refunded: boolean;
  readonly deadlineAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a transition may change besides the state. */
export interface AttemptPatch {
  readonly reason?: { code: string; message: string } | null;
  readonly confirmation?: 'provider' | 'cashier';
  readonly transactionId?: string | null;
  readonly qr?: { payload: string; expiresAt: string };
  readonly refunded?: boolean;
  readonly deadlineAt?: string;
  /** the wallet that paid, when only the provider knew it (a merchant QR) */
  readonly wallet?: string;
}

interface AttemptRow {
  id: string;
  sale_id: string;
  kind: PaymentAttemptKindDto;
  wallet: string | null;
  provider_id: string;
  amount: number;
  currency: string;
  promotion_label: string | null;
  promotion_discount: number | null;
  state: PaymentState;
  reason_code: string | null;
  reason_message: string | null;
  masked_code: string | null;
  qr_payload: string | null;
  qr_expires_at: string | null;
  confirmation: 'provider' | 'cashier' | null;
  transaction_id: string | null;
  refunded: number;
  deadline_at: string;
  created_at: string;
  updated_at: string;
}

const toAttempt = (r: AttemptRow): StoredAttempt => ({
  id: r.id,
  saleId: r.sale_id,
  kind: r.kind,
  wallet: r.wallet,
  providerId: r.provider_id,
  amount: r.amount,
  currency: r.currency,
  promotion:
    r.promotion_label === null
      ? null
      : { label: r.promotion_label, discount: { amount: r.promotion_discount ?? 0, currency: r.currency } },
  state: r.state,
  reason: r.reason_code === null ? null : { code: r.reason_code, message: r.reason_message ?? '' },
  maskedCode: r.masked_code,
  qr: r.qr_payload === null ? null : { payload: r.qr_payload, expiresAt: r.qr_expires_at ?? '' },
  confirmation: r.confirmation,
  transactionId: r.transaction_id,
  refunded: r.refunded === 1,
  deadlineAt: r.deadline_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const attemptDto = (a: StoredAttempt): PaymentAttemptDto => ({
  id: a.id,
  saleId: a.saleId,
  kind: a.kind,
  wallet: a.wallet,
  providerId: a.providerId,
  amount: { amount: a.amount, currency: a.currency },
  state: a.state,
  reason: a.reason,
  maskedCode: a.maskedCode,
  qr: a.qr,
  confirmation: a.confirmation,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

/**
 * The SQL side of payment attempts. Every write is meant to run inside the caller's transaction; a
 * transition updates the row only if it is still in the state the caller read (so two drivers can never
 * both move it) and appends to the transition log in the same statement group.
 */
export function createPaymentStore(db: SqliteDatabase) {
  const q = {
    get: db.prepare('SELECT * FROM payment_attempts WHERE id = ?'),
    outbox: db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, payload, state, attempts, created_at) VALUES (?, ?, ?, 'queued', 0, ?)`,
    ),
    active: db.prepare(
      `SELECT * FROM payment_attempts WHERE sale_id = ? AND state IN ('created', 'charging', 'paying', 'unknown')`,
    ),
    unfinished: db.prepare(
      `SELECT * FROM payment_attempts WHERE state NOT IN ('succeeded', 'declined', 'reversed') ORDER BY created_at`,
    ),
    insert: db.prepare(
      `INSERT INTO payment_attempts (id, sale_id, kind, wallet, provider_id, amount, currency, promotion_label,
         promotion_discount, state, masked_code, deadline_at, created_at, updated_at)
       VALUES (@id, @saleId, @kind, @wallet, @providerId, @amount, @currency, @promotionLabel,
         @promotionDiscount, 'created', @maskedCode, @deadlineAt, @at, @at)`,
    ),
    update: db.prepare(
      `UPDATE payment_attempts SET state = @to, updated_at = @at,
         reason_code = CASE WHEN @setReason THEN @reasonCode ELSE reason_code END,
         reason_message = CASE WHEN @setReason THEN @reasonMessage ELSE reason_message END,
         confirmation = coalesce(@confirmation, confirmation),
         transaction_id = coalesce(@transactionId, transaction_id),
         qr_payload = coalesce(@qrPayload, qr_payload),
         qr_expires_at = coalesce(@qrExpiresAt, qr_expires_at),
         refunded = coalesce(@refunded, refunded),
         deadline_at = coalesce(@deadlineAt, deadline_at),
         wallet = coalesce(@wallet, wallet)
       WHERE id = @id AND state = @from`,
    ),
    log: db.prepare(
      `INSERT INTO payment_transitions (attempt_id, from_state, event, to_state, at, data) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    transitions: db.prepare(
      'SELECT from_state, event, to_state, at, data FROM payment_transitions WHERE attempt_id = ? ORDER BY id',
    ),
  };

  return {
    /** newest first, with the sale's receipt number (null until it completed) */
    list(
      states: readonly string[] | undefined,
      limit: number,
    ): (StoredAttempt & { saleNumber: number | null })[] {
      const where = states ? `WHERE a.state IN (${states.map(() => '?').join(', ')})` : '';
      const rows = db
        .prepare(
          `SELECT a.*, s.number AS sale_number FROM payment_attempts a JOIN sales s ON s.id = a.sale_id ${where}
           ORDER BY a.created_at DESC, a.rowid DESC LIMIT ?`,
        )
        .all(...(states ?? []), limit) as (AttemptRow & { sale_number: number | null })[];
      return rows.map((r) => ({ ...toAttempt(r), saleNumber: r.sale_number }));
    },
    read(id: string): StoredAttempt | null {
      const row = q.get.get(id) as AttemptRow | undefined;
      return row ? toAttempt(row) : null;
    },
    activeForSale(saleId: string): StoredAttempt | null {
      const row = q.active.get(saleId) as AttemptRow | undefined;
      return row ? toAttempt(row) : null;
    },
    unfinished(): StoredAttempt[] {
      return (q.unfinished.all() as AttemptRow[]).map(toAttempt);
    },
    insert(a: {
      id: string;
      saleId: string;
      kind: PaymentAttemptKindDto;
      wallet: string | null;
      providerId: string;
      amount: number;
      currency: string;
      promotion: TenderPromotionDto | null;
      maskedCode: string | null;
      deadlineAt: string;
      at: string;
      /** for the transition log: where the code came from (camera, scanner, typed) */
      source?: string;
    }): void {
      const { source, ...row } = a;
      q.insert.run({
        ...row,
        promotionLabel: a.promotion?.label ?? null,
        promotionDiscount: a.promotion?.discount.amount ?? null,
      });
      const data = { saleId: a.saleId, kind: a.kind, ...(source ? { source } : {}) };
      q.log.run(a.id, 'created', 'create', 'created', a.at, JSON.stringify(data));
    },
    /** false when the attempt is no longer in `from` (someone else moved it first). */
    transition(
      id: string,
      from: PaymentState,
      event: PaymentEvent,
      to: PaymentState,
      patch: AttemptPatch,
      at: string,
      data: unknown = {},
    ): boolean {
      const changed = q.update.run({
        id,
        from,
        to,
        at,
        setReason: patch.reason === undefined ? 0 : 1,
        reasonCode: patch.reason?.code ?? null,
        reasonMessage: patch.reason?.message ?? null,
        confirmation: patch.confirmation ?? null,
        transactionId: patch.transactionId ?? null,
        qrPayload: patch.qr?.payload ?? null,
        qrExpiresAt: patch.qr?.expiresAt ?? null,
        refunded: patch.refunded === undefined ? null : patch.refunded ? 1 : 0,
        deadlineAt: patch.deadlineAt ?? null,
        wallet: patch.wallet ?? null,
      }).changes;
      if (changed !== 1) return false;
      q.log.run(id, from, event, to, at, JSON.stringify(data ?? {}));
      if (to === 'succeeded' || to === 'declined' || to === 'reversed') {
        // the hub records the final state of every payment, in the transaction that reached it
        const row = q.get.get(id) as AttemptRow;
        const final = toAttempt(row);
        const payload: PaymentFinalPayload = { ...attemptDto(final), state: to, refunded: final.refunded };
        q.outbox.run(paymentIdempotencyKey(id), 'payment.final', JSON.stringify(payload), at);
        // a money event: its journal row commits with the final state (src/core/journal-chain.ts)
        appendJournal(db, {
          kind: 'payment.final',
          saleId: row.sale_id,
          data: { attempt: id, state: to, amount: row.amount, currency: row.currency, wallet: row.wallet },
          at,
        });
      }
      return true;
    },
    transitions(id: string): { from: string; event: string; to: string; at: string; data: unknown }[] {
      return (
        q.transitions.all(id) as {
          from_state: string;
          event: string;
          to_state: string;
          at: string;
          data: string;
        }[]
      ).map((r) => ({
        from: r.from_state,
        event: r.event,
        to: r.to_state,
        at: r.at,
        data: JSON.parse(r.data),
      }));
    },
  };
}

export type PaymentStore = ReturnType<typeof createPaymentStore>;
