import type { Order } from '../order.js';

/** Alipay's trade_no for a sandbox order: its date, "22", then the ledger's 18 random digits (28 digits). */
export const alipayTradeNo = (order: Pick<Order, 'transactionId'>): string | null =>
  order.transactionId ? `${order.transactionId.slice(2, 10)}22${order.transactionId.slice(10)}` : null;
