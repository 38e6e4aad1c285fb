/**
 * The gateway's order states and their legal transitions, in one table (STYLE.md: one table per state
 * machine). Names follow WeChat Pay's trade_state, which Alipay and UnionPay map onto:
 * NOTPAY (QR shown, not paid), USERPAYING (waiting for the payer's password), SUCCESS, PAYERROR (declined,
 * no money moved), REFUND (some or all refunded), REVOKED (reversed: cancelled, refunded if it was paid),
 * CLOSED (a merchant QR that expired or was reversed before anyone paid).
 */
export const tradeStatuses = [
  'NOTPAY',
  'USERPAYING',
  'SUCCESS',
  'PAYERROR',
  'REFUND',
  'REVOKED',
  'CLOSED',
] as const;
export type TradeStatus = (typeof tradeStatuses)[number];

/** The states an order may start in: micropay answers at once, precreate waits for the customer. */
export const initialStatuses: readonly TradeStatus[] = ['SUCCESS', 'USERPAYING', 'PAYERROR', 'NOTPAY'];

export const tradeTransitions: Readonly<Record<TradeStatus, readonly TradeStatus[]>> = {
  NOTPAY: ['SUCCESS', 'CLOSED'],
  USERPAYING: ['SUCCESS', 'PAYERROR', 'REVOKED'],
  SUCCESS: ['REFUND', 'REVOKED'],
  PAYERROR: ['REVOKED'],
  // A partly refunded order can be refunded again or reversed (which refunds the rest).
  REFUND: ['REFUND', 'REVOKED'],
  REVOKED: [],
  CLOSED: [],
};

export const canTransition = (from: TradeStatus, to: TradeStatus): boolean =>
  tradeTransitions[from].includes(to);

/** Money has been taken from the payer (and not all of it necessarily given back). */
export const isPaid = (status: TradeStatus): boolean => status === 'SUCCESS' || status === 'REFUND';

export const isFinal = (status: TradeStatus): boolean => tradeTransitions[status].length === 0;

/** A programming error in the gateway, never the client's fault: the server answers 500 SYSTEMERROR. */
export class IllegalTradeTransition extends Error {
  override readonly name = 'IllegalTradeTransition';
  constructor(
    readonly from: TradeStatus,
    readonly to: TradeStatus,
  ) {
    super(`illegal trade transition ${from} -> ${to}`);
  }
}

export function assertTransition(from: TradeStatus, to: TradeStatus): TradeStatus {
  if (!canTransition(from, to)) throw new IllegalTradeTransition(from, to);
  return to;
}
