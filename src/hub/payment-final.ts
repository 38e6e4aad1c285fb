import { paymentIdempotencyKey, type PaymentFinalPayload } from '../shared/hub-api.js';
import type { PaymentRecord } from './hub-store.js';

/**
 * What the hub keeps of a payment.final entry (payload already checked with paymentFinalPayload), or why it
 * refuses it. The key must be `payment:<attemptId>`: dedupe is by key, so an attempt sent under another key
 * could be stored twice; such an entry is rejected (the terminal parks it and shows why), never guessed at.
 * One key per attempt also means one row per terminal and attempt: a resend is a duplicate, and a different
 * final state under the same key is a conflict, never applied.
 */
export function paymentRecordOf(
  idempotencyKey: string,
  payload: PaymentFinalPayload,
): { ok: true; record: PaymentRecord } | { ok: false; reason: string } {
  const expected = paymentIdempotencyKey(payload.id);
  if (idempotencyKey !== expected) {
    return { ok: false, reason: `a payment.final entry must be keyed "${expected}" (its attempt id)` };
  }
  return {
    ok: true,
    record: {
      attemptId: payload.id,
      saleId: payload.saleId,
      kind: payload.kind,
      providerId: payload.providerId,
      wallet: payload.wallet,
      amount: payload.amount.amount,
      currency: payload.amount.currency,
      state: payload.state,
      refunded: payload.refunded,
      reasonCode: payload.reason?.code ?? null,
      reasonMessage: payload.reason?.message ?? null,
      // normalised to milliseconds in UTC, so SQLite's text order is time order
      finalAt: new Date(payload.updatedAt).toISOString(),
    },
  };
}
