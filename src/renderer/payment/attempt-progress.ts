import type { PaymentAttemptDto } from '../../shared/dto.js';
import type { MessageKey } from '../i18n/en.js';

export type ProgressTone = 'busy' | 'done' | 'failed';

export interface AttemptProgress {
  readonly key: Extract<MessageKey, `qrpay.state.${string}`>;
  readonly tone: ProgressTone;
  /** The attempt's reason, for the messages that name it (declined, reversed). */
  readonly reason: PaymentAttemptDto['reason'];
}

/**
 * What the cashier reads for each state of an attempt (src/core/payment-state.ts has the transitions).
 * 'paying' means the provider answered USERPAYING for a customer code (the customer is typing their
 * password), or, for a QR on the customer display, that the terminal is waiting for the customer to pay.
 */
export function attemptProgress(attempt: PaymentAttemptDto): AttemptProgress {
  const shown = attempt.kind !== 'customer-code';
  const busy = (key: AttemptProgress['key']): AttemptProgress => ({ key, tone: 'busy', reason: null });
  switch (attempt.state) {
    case 'created':
    case 'charging':
      return busy(shown ? 'qrpay.state.waitingScan' : 'qrpay.state.charging');
    case 'paying':
      return busy(shown ? 'qrpay.state.waitingScan' : 'qrpay.state.password');
    case 'succeeded':
      return { key: 'qrpay.state.paid', tone: 'done', reason: null };
    case 'declined':
      return { key: 'qrpay.state.declined', tone: 'failed', reason: attempt.reason };
    case 'unknown':
      return busy('qrpay.state.unknown');
    case 'reversing':
      return busy('qrpay.state.reversing');
    case 'reversed':
      return {
        key: attempt.reason ? 'qrpay.state.reversed' : 'qrpay.state.reversedPlain',
        tone: 'failed',
        reason: attempt.reason,
      };
  }
}

/** Final for the screen: nothing more will happen to this attempt without the cashier. */
export const isAttemptFinal = (attempt: PaymentAttemptDto): boolean =>
  attempt.state === 'succeeded' || attempt.state === 'declined' || attempt.state === 'reversed';

/** Seconds left until `expiresAt` (never negative), and the m:ss a countdown shows. */
export function countdown(
  expiresAt: string,
  nowMs: number,
): { readonly seconds: number; readonly text: string } {
  const end = Date.parse(expiresAt);
  const seconds = Number.isFinite(end) ? Math.max(0, Math.ceil((end - nowMs) / 1000)) : 0;
  return { seconds, text: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` };
}

const rank: Record<PaymentAttemptDto['state'], number> = {
  created: 0,
  charging: 1,
  paying: 2,
  unknown: 3,
  reversing: 4,
  succeeded: 5,
  declined: 5,
  reversed: 5,
};

/**
 * Two reports of one attempt (a call's answer and a payment.changed event) may arrive in either order: the
 * later updatedAt wins, and on a tie (same millisecond) the state further along, so a screen never steps
 * back from 'succeeded' to 'charging'.
 */
export function latestReport(a: PaymentAttemptDto, b: PaymentAttemptDto | undefined): PaymentAttemptDto {
  if (!b) return a;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? a : b;
  return rank[b.state] > rank[a.state] ? b : a;
}
