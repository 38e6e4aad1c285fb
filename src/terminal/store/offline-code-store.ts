import type { SqliteDatabase } from './open-store.js';

/** A code the till took, as the settlement report and the caps read it. */
export interface OfflineCodeCaptureRow {
  readonly id: string;
  readonly sale_id: string;
  readonly payment_id: string;
  readonly issuer_id: string;
  readonly key_id: string;
  readonly user_id: string;
  readonly counter: number;
  readonly amount: number;
  readonly currency: string;
  readonly issued_at: string;
  readonly captured_at: string;
  readonly settlement: 'unsettled' | 'accepted' | 'rejected';
  readonly reject_reason: string | null;
  readonly settled_at: string | null;
}

export interface NewOfflineCodeCapture {
  readonly id: string;
  readonly saleId: string;
  readonly paymentId: string;
  readonly issuerId: string;
  readonly keyId: string;
  readonly userId: string;
  readonly counter: number;
  readonly amount: number;
  readonly currency: string;
  readonly code: string;
  readonly issuedAt: string;
  readonly capturedAt: string;
}

/**
 * offline_code_captures (schema 17) and the wallet attempt an offline code pays with. "Unsettled" counts
 * toward the caps until the issuer accepts the record; a rejected record stays counted, as a debt is not
 * spending the user may repeat.
 */
export function createOfflineCodeStore(db: SqliteDatabase) {
  const q = {
    seen: db
      .prepare(`SELECT 1 FROM offline_code_captures WHERE issuer_id = ? AND user_id = ? AND counter = ?`)
      .pluck(),
    userUnsettled: db
      .prepare(
        `SELECT coalesce(sum(amount), 0) FROM offline_code_captures
         WHERE issuer_id = ? AND user_id = ? AND settlement <> 'accepted'`,
      )
      .pluck(),
    tillUnsettled: db
      .prepare(`SELECT coalesce(sum(amount), 0) FROM offline_code_captures WHERE settlement <> 'accepted'`)
      .pluck(),
    insert: db.prepare(
      `INSERT INTO offline_code_captures (id, sale_id, payment_id, issuer_id, key_id, user_id, counter, amount,
         currency, code, issued_at, captured_at)
       VALUES (@id, @saleId, @paymentId, @issuerId, @keyId, @userId, @counter, @amount, @currency, @code,
         @issuedAt, @capturedAt)`,
    ),
    settle: db.prepare(
      `UPDATE offline_code_captures SET settlement = ?, reject_reason = ?, settled_at = ?
       WHERE id = ? AND settlement = 'unsettled'`,
    ),
    unsettled: db
      .prepare(
        `SELECT id FROM offline_code_captures WHERE settlement = 'unsettled' ORDER BY captured_at, id LIMIT ?`,
      )
      .pluck(),
    list: db.prepare(
      `SELECT id, sale_id, payment_id, issuer_id, key_id, user_id, counter, amount, currency, issued_at,
         captured_at, settlement, reject_reason, settled_at
       FROM offline_code_captures ORDER BY captured_at DESC, id LIMIT ?`,
    ),
    insertAttempt: db.prepare(
      `INSERT INTO payment_attempts (id, sale_id, kind, wallet, provider_id, amount, currency, state,
         masked_code, confirmation, transaction_id, deadline_at, created_at, updated_at)
       VALUES (@id, @saleId, 'customer-code', @wallet, @providerId, @amount, @currency, 'succeeded',
         @maskedCode, 'provider', @recordId, @at, @at, @at)`,
    ),
    issuerKeys: db.prepare(
      `SELECT key, value FROM terminal_config WHERE key LIKE 'offline\\_codes.key.%' ESCAPE '\\' ORDER BY key`,
    ),
    insertTransition: db.prepare(
      `INSERT INTO payment_transitions (attempt_id, from_state, event, to_state, at, data)
       VALUES (?, 'created', 'offline_code.verified', 'succeeded', ?, ?)`,
    ),
  };
  return {
    seen: (issuerId: string, userId: string, counter: number): boolean =>
      q.seen.get(issuerId, userId, counter) !== undefined,
    userUnsettled: (issuerId: string, userId: string): number =>
      q.userUnsettled.get(issuerId, userId) as number,
    tillUnsettled: (): number => q.tillUnsettled.get() as number,
    insert(capture: NewOfflineCodeCapture): void {
      q.insert.run(capture);
    },
    /** the issuer's answer; false when the record is unknown or was settled before (answers come once) */
    settle(id: string, status: 'accepted' | 'rejected', reason: string | null, at: string): boolean {
      return q.settle.run(status, reason, at, id).changes === 1;
    },
    /** the hub's published issuer keys (config.set `offline_codes.key.<keyId>`), as JSON values */
    issuerKeyValues: (): { key: string; value: unknown }[] =>
      (q.issuerKeys.all() as { key: string; value: string }[]).map((r) => ({
        key: r.key,
        value: JSON.parse(r.value) as unknown,
      })),
    /** the oldest unsettled records' ids, to ask the hub about */
    unsettledIds: (limit: number): string[] => q.unsettled.all(limit) as string[],
    list: (limit: number): OfflineCodeCaptureRow[] => q.list.all(limit) as OfflineCodeCaptureRow[],
    /** the wallet attempt the payment row refers to: final at once, the issuer's signature is the confirmation */
    insertAttempt(a: {
      id: string;
      saleId: string;
      wallet: string;
      providerId: string;
      amount: number;
      currency: string;
      maskedCode: string;
      recordId: string;
      at: string;
    }): void {
      q.insertAttempt.run(a);
      q.insertTransition.run(a.id, a.at, JSON.stringify({ recordId: a.recordId }));
    },
  };
}

export type OfflineCodeStore = ReturnType<typeof createOfflineCodeStore>;
