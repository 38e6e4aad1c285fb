import type { Money } from '../../core/money.js';

/**
 * A payment provider behind the till: a wallet gateway, an aggregator, or a static bank
 * QR scheme. Every call carries the payment attempt's id as out_trade_no, the provider's idempotency key, so
 * a call repeated after a lost reply or a crash can never move money twice. Amounts are minor units.
 */
export interface PaymentProvider {
  readonly id: string;
  /** 'gateway': the provider confirms payments; 'static-qr': no confirmation, the cashier's word is recorded */
  readonly confirms: boolean;
  /** barcode pay: charge the code the customer's phone shows */
  chargeCode(req: ChargeRequest): Promise<ProviderOutcome>;
  /** a QR for the customer to scan; the provider's own (precreate) or a static EMV MPM with the amount */
  createMerchantQr(req: MerchantQrRequest): Promise<MerchantQrOutcome>;
  query(outTradeNo: string, signal?: AbortSignal): Promise<ProviderOutcome>;
  /** cancel: an unpaid order is closed, a paid one refunded; idempotent */
  reverse(outTradeNo: string): Promise<ReverseOutcome>;
  refund(req: RefundRequest): Promise<RefundOutcome>;
}

export interface ChargeRequest {
  readonly outTradeNo: string;
  readonly authCode: string;
  readonly amount: Money;
  readonly description?: string;
  /** give up waiting for the reply after this many ms (the reply is then 'unknown', never a decline) */
  readonly timeoutMs: number;
}

export interface MerchantQrRequest {
  readonly outTradeNo: string;
  readonly amount: Money;
  readonly description?: string;
  readonly timeoutMs: number;
}

export interface RefundRequest {
  readonly outTradeNo: string;
  readonly outRefundNo: string;
  readonly amount: Money;
}

/** What a reason carries to the cashier: a stable code (ours, or the provider's) and a message. */
export interface OutcomeReason {
  readonly code: string;
  readonly message: string;
}

/**
 * The provider's word on an order, reduced to what the state machine needs.
 * - unreachable: the request never left (connection refused): no money can have moved.
 * - unknown: the request may have arrived (timeout, reset, 5xx, SYSTEMERROR): only a query can tell.
 * - timeout: like unknown, but the caller's deadline passed while waiting.
 * - not_found: the provider has no such order (the charge never arrived).
 */
export type ProviderOutcome =
  | {
      readonly status: 'succeeded';
      readonly transactionId: string | null;
      /** the wallet that paid, when the provider says (a merchant QR can be paid from several) */
      readonly wallet?: string | null;
    }
  | { readonly status: 'paying' }
  | { readonly status: 'declined'; readonly reason: OutcomeReason }
  | { readonly status: 'reversed' }
  | { readonly status: 'not_found' }
  | { readonly status: 'unknown'; readonly reason: OutcomeReason }
  | { readonly status: 'timeout'; readonly reason: OutcomeReason }
  | { readonly status: 'unreachable'; readonly reason: OutcomeReason };

export type MerchantQrOutcome =
  | { readonly status: 'shown'; readonly payload: string; readonly expiresAt: string }
  | Exclude<ProviderOutcome, { status: 'paying' }>;

export type ReverseOutcome =
  | { readonly status: 'reversed'; readonly refunded: boolean }
  | { readonly status: 'failed'; readonly reason: OutcomeReason };

/**
 * - failed: the provider answered and refused: no money moved.
 * - unknown: no answer that says either way (unreachable, timeout, reply lost, 5xx, SYSTEMERROR): the
 *   refund may have happened, so the caller asks again with the SAME outRefundNo, never a new one.
 */
export type RefundOutcome =
  | { readonly status: 'refunded'; readonly refundedTotal: number }
  | { readonly status: 'failed'; readonly reason: OutcomeReason }
  | { readonly status: 'unknown'; readonly reason: OutcomeReason };
