import type { TradeStatus } from './order-state.js';
import type { Json } from './reply.js';
import type { GatewayWallet } from './wallet-format.js';

/** One order in the sandbox's books and the shapes it is shown in (design section B). */

export const iso = (ms: number) => new Date(ms).toISOString();

export interface Order {
  merchantId: string;
  outTradeNo: string;
  kind: 'micropay' | 'precreate';
  authCode: string | null;
  wallet: GatewayWallet | null;
  amount: number;
  currency: string;
  status: TradeStatus;
  transactionId: string | null;
  code: string | null;
  message: string | null;
  charged: number;
  refunded: number;
  refundedAmount: number;
  /** set by reverse; `reverseRefunded` is what the first reverse answered, repeated by every retry */
  reversed: boolean;
  reverseRefunded: boolean;
  settleAt: number | null;
  settleTo: 'SUCCESS' | 'PAYERROR' | null;
  qr: { payload: string; expiresAt: number } | null;
  slowMs: number;
  /** when the money came in (unix ms; absent in books written before it was kept, and when never paid) */
  paidAt?: number;
  createdAt: number;
  updatedAt: number;
}

export function micropayView(order: Order): Json {
  return {
    trade_status: order.status,
    ...(order.code ? { code: order.code, message: order.message } : {}),
    ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
    ...(order.wallet ? { wallet: order.wallet } : {}),
    amount: order.amount,
    currency: order.currency,
  };
}

export function precreateView(order: Order): Json {
  return {
    trade_status: order.status,
    qr_payload: order.qr?.payload,
    expires_at: iso(order.qr?.expiresAt ?? order.createdAt),
    amount: order.amount,
    currency: order.currency,
    ...(order.code ? { code: order.code, message: order.message } : {}),
  };
}

export function queryView(order: Order): Json {
  return {
    trade_status: order.status,
    amount: order.amount,
    currency: order.currency,
    ...(order.wallet ? { wallet: order.wallet } : {}),
    ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
    ...(order.code ? { code: order.code, message: order.message } : {}),
    ...(order.refundedAmount > 0 ? { refunded_total: order.refundedAmount } : {}),
  };
}

/** A row of GET /sandbox/ledger: `charged` and `refunded` count money movements, `refunded_amount` sums them. */
export function ledgerRow(o: Order): Json {
  return {
    out_trade_no: o.outTradeNo,
    merchant_id: o.merchantId,
    kind: o.kind,
    wallet: o.wallet,
    amount: o.amount,
    currency: o.currency,
    trade_status: o.status,
    transaction_id: o.transactionId,
    code: o.code,
    charged: o.charged,
    refunded: o.refunded,
    refunded_amount: o.refundedAmount,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
  };
}
