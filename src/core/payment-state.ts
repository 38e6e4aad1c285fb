import { TillpointError } from './errors.js';

/**
 * A wallet payment attempt's life. The attempt's id is the provider's out_trade_no, so
 * every call about it (charge, query, reverse) is idempotent at the provider.
 *
 * - created:   written before anything is sent. After a crash a 'created' attempt was never sent, so it
 *              can be dropped without asking the provider ('cancel' -> reversed, nothing to undo).
 * - charging:  committed BEFORE the charge request leaves the till; from here on the provider may hold
 *              money, so the attempt can only end by the provider's word or by a reverse.
 * - paying:    the provider answered USERPAYING (the payer types a password) or, for a QR, the code is
 *              shown and not paid yet. The till polls (query) with backoff.
 * - unknown:   the outcome is not known (SYSTEMERROR, a 5xx, a lost reply, a timeout). The till queries;
 *              a definite answer moves it on, otherwise it reverses.
 * - reversing: committed BEFORE the reverse request; repeated until the provider confirms.
 * - succeeded, declined, reversed: final. A succeeded attempt is undone by a refund of the sale, never by
 *              changing the attempt.
 */
export type PaymentState =
  'created' | 'charging' | 'paying' | 'succeeded' | 'declined' | 'unknown' | 'reversing' | 'reversed';

export type PaymentEvent =
  /** the charge / precreate request is about to be sent */
  | 'send'
  /** the provider says the payer is still paying (USERPAYING, NOTPAY on a shown QR) */
  | 'userpaying'
  /** the provider (or, for a static QR, the cashier) confirms the money arrived */
  | 'paid'
  /** the provider refuses: insufficient funds, expired or used code, password declined */
  | 'declined'
  /** no definite answer: SYSTEMERROR, 5xx, a lost reply */
  | 'unknown'
  /** give up on the charge (timeout, unknown outcome, the cashier cancels): ask the provider to reverse */
  | 'reverse'
  /** the provider confirmed the reverse (a paid order is refunded by it) */
  | 'reversed'
  /** the cashier cancels, or a restart finds it, before anything was sent */
  | 'cancel';

export const paymentStates: readonly PaymentState[] = [
  'created',
  'charging',
  'paying',
  'succeeded',
  'declined',
  'unknown',
  'reversing',
  'reversed',
];
export const paymentEvents: readonly PaymentEvent[] = [
  'send',
  'userpaying',
  'paid',
  'declined',
  'unknown',
  'reverse',
  'reversed',
  'cancel',
];

type Table = Readonly<Record<PaymentState, Readonly<Partial<Record<PaymentEvent, PaymentState>>>>>;

/** The one table of legal payment transitions. A pair that is not here is refused. */
export const paymentTransitions: Table = {
  created: { send: 'charging', cancel: 'reversed' },
  // charging -> reversing: the answer is slower than the timeout, or the cashier cancels while it is in flight
  charging: {
    userpaying: 'paying',
    paid: 'succeeded',
    declined: 'declined',
    unknown: 'unknown',
    reverse: 'reversing',
  },
  // paying -> unknown is not a transition: a failed query while the payer types is simply retried
  paying: { paid: 'succeeded', declined: 'declined', reverse: 'reversing' },
  // a query after an unknown outcome may still give a definite answer
  unknown: { userpaying: 'paying', paid: 'succeeded', declined: 'declined', reverse: 'reversing' },
  reversing: { reversed: 'reversed' },
  succeeded: {},
  declined: {},
  reversed: {},
};

export const finalPaymentStates: readonly PaymentState[] = ['succeeded', 'declined', 'reversed'];

export const isFinalPaymentState = (state: PaymentState): boolean => finalPaymentStates.includes(state);

export const canPaymentTransition = (state: PaymentState, event: PaymentEvent): boolean =>
  Object.hasOwn(paymentTransitions, state) && Object.hasOwn(paymentTransitions[state], event);

export function nextPaymentState(state: PaymentState, event: PaymentEvent): PaymentState {
  const next = canPaymentTransition(state, event) ? paymentTransitions[state][event] : undefined;
  if (next === undefined) {
    throw new TillpointError(
      'payment.illegal_transition',
      `This payment is ${isFinalPaymentState(state) ? 'already finished' : 'in progress'} (${String(state)}); it cannot take "${String(event)}".`,
      { state, event },
    );
  }
  return next;
}
