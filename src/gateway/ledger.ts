import {
  codeTtlMs,
  defaultBalance,
  defaultDelayMs,
  defaultPasswordMs,
  qrTtlMs,
  type Behaviour,
} from './behaviour.js';
import { assertTransition, isPaid, type TradeStatus } from './order-state.js';
import type {
  CustomerPaysParams,
  IssueCodeParams,
  MicropayParams,
  OrderRef,
  PrecreateParams,
  RefundParams,
} from './params.js';
import {
  answer,
  business,
  businessMessages as messages,
  type BusinessCode,
  type Json,
  type Reply,
} from './reply.js';
import { iso, ledgerRow, micropayView, precreateView, queryView, type Order } from './order.js';
import { walletCodeFor, type GatewayWallet, type RandomInt } from './wallet-format.js';

/**
 * The sandbox's books: issued customer codes, orders, refunds. Pure (the clock and the randomness come in),
 * so every wallet behaviour is a plain function call in unit tests; the HTTP server only adds transport
 * effects (a slow answer, a destroyed socket) that a `Reply` asks for.
 *
 * Decisions where the wallets differ or say nothing (also in /tmp/q3-design.md "H6 changes"):
 * - every micropay is recorded, failures too (PAYERROR, charged 0), so a query answers what happened;
 * - a reverse of an out_trade_no never seen is remembered (`reversed_unknown` in the ledger) and a later
 *   micropay or precreate with it answers ORDER_REVERSED; a query of it answers ORDER_NOT_EXIST;
 * - a retried micropay answers the order's current state and is never delayed or dropped again, except a
 *   'slow' code, which is slow on every micropay answer.
 */

export interface IssuedCode {
  code: string;
  wallet: GatewayWallet;
  behaviour: Behaviour;
  balance: number;
  passwordMs: number;
  delayMs: number;
  issuedAt: number;
  expiresAt: number;
  usedBy: string | null;
}

export interface RefundRecord {
  outTradeNo: string;
  amount: number;
  refundedTotal: number;
  /** when the refund was made (unix ms; absent in books written before it was kept) */
  at?: number;
}

interface ReversedUnknown {
  merchantId: string;
  outTradeNo: string;
  at: number;
}

export interface LedgerState {
  codes: IssuedCode[];
  orders: Order[];
  refunds: [string, RefundRecord][];
  reversedUnknown: ReversedUnknown[];
}

export interface LedgerDeps {
  now: () => number;
  randomInt: RandomInt;
}

const orderKey = (merchantId: string, outTradeNo: string) => `${merchantId}\n${outTradeNo}`;

export class GatewayLedger {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly orders = new Map<string, Order>();
  private readonly refunds = new Map<string, RefundRecord>();
  private readonly reversedUnknown = new Map<string, ReversedUnknown>();

  constructor(
    private readonly deps: LedgerDeps,
    state?: LedgerState,
  ) {
    for (const c of state?.codes ?? []) this.codes.set(c.code, c);
    for (const o of state?.orders ?? []) this.orders.set(orderKey(o.merchantId, o.outTradeNo), o);
    for (const [key, r] of state?.refunds ?? []) this.refunds.set(key, r);
    for (const r of state?.reversedUnknown ?? [])
      this.reversedUnknown.set(orderKey(r.merchantId, r.outTradeNo), r);
  }

  /** Everything the books hold, as plain JSON-able data (for --ledger FILE). */
  snapshot(): LedgerState {
    return {
      codes: [...this.codes.values()],
      orders: [...this.orders.values()],
      refunds: [...this.refunds.entries()],
      reversedUnknown: [...this.reversedUnknown.values()],
    };
  }

  issueCode(params: IssueCodeParams): Json {
    const now = this.deps.now();
    let code = walletCodeFor(params.wallet, this.deps.randomInt);
    while (this.codes.has(code)) code = walletCodeFor(params.wallet, this.deps.randomInt);
    this.codes.set(code, {
      code,
      wallet: params.wallet,
      behaviour: params.behaviour,
      balance: params.balance ?? defaultBalance,
      passwordMs: params.passwordMs ?? defaultPasswordMs,
      delayMs: params.delayMs ?? defaultDelayMs,
      issuedAt: now,
      expiresAt: now + codeTtlMs,
      usedBy: null,
    });
    return { auth_code: code, wallet: params.wallet, expires_at: iso(now + codeTtlMs) };
  }

  micropay(merchantId: string, p: MicropayParams): Reply {
    const key = orderKey(merchantId, p.out_trade_no);
    if (this.reversedUnknown.has(key)) return business('ORDER_REVERSED', { trade_status: 'REVOKED' });
    const existing = this.orders.get(key);
    if (existing) {
      this.settle(existing);
      if (existing.reversed) return business('ORDER_REVERSED', { trade_status: existing.status });
      const same =
        existing.kind === 'micropay' &&
        existing.amount === p.amount &&
        existing.currency === p.currency &&
        existing.authCode === p.auth_code;
      if (!same) return business('OUT_TRADE_NO_USED');
      return answer(micropayView(existing), existing.slowMs > 0 ? { delayMs: existing.slowMs } : {});
    }
    const now = this.deps.now();
    const issued = this.codes.get(p.auth_code);
    const problem: BusinessCode | null = !issued
      ? 'AUTH_CODE_INVALID'
      : now >= issued.expiresAt
        ? 'AUTH_CODE_EXPIRED'
        : issued.usedBy !== null
          ? 'AUTH_CODE_USED'
          : issued.behaviour === 'insufficient' || issued.balance < p.amount
            ? 'NOT_ENOUGH'
            : null;
    const waits = issued?.behaviour === 'password' || issued?.behaviour === 'password-declined';
    const order = this.newOrder(
      merchantId,
      'micropay',
      p,
      problem ? 'PAYERROR' : waits ? 'USERPAYING' : 'SUCCESS',
    );
    order.authCode = p.auth_code;
    order.wallet = issued?.wallet ?? null;
    // A code is spent by its first charge attempt, declined or not (the phone shows a new one).
    if (issued && problem !== 'AUTH_CODE_EXPIRED' && problem !== 'AUTH_CODE_USED') issued.usedBy = key;
    if (problem || !issued) {
      order.code = problem;
      order.message = problem ? messages[problem] : null;
      return answer(micropayView(order));
    }
    switch (issued.behaviour) {
      case 'password':
      case 'password-declined':
        order.settleAt = now + issued.passwordMs;
        order.settleTo = issued.behaviour === 'password' ? 'SUCCESS' : 'PAYERROR';
        return answer(micropayView(order));
      case 'systemerror':
        this.charge(order, issued);
        return business('SYSTEMERROR');
      case 'slow':
        this.charge(order, issued);
        order.slowMs = issued.delayMs;
        return answer(micropayView(order), { delayMs: issued.delayMs });
      case 'lost-reply':
        this.charge(order, issued);
        return answer(micropayView(order), { dropReply: true });
      case 'insufficient':
      case 'success':
        this.charge(order, issued);
        return answer(micropayView(order));
    }
  }

  precreate(merchantId: string, p: PrecreateParams): Reply {
    const key = orderKey(merchantId, p.out_trade_no);
    if (this.reversedUnknown.has(key)) return business('ORDER_REVERSED', { trade_status: 'CLOSED' });
    const existing = this.orders.get(key);
    if (existing) {
      this.settle(existing);
      if (existing.reversed) return business('ORDER_REVERSED', { trade_status: existing.status });
      if (existing.kind !== 'precreate' || existing.amount !== p.amount || existing.currency !== p.currency) {
        return business('OUT_TRADE_NO_USED');
      }
      return answer(precreateView(existing));
    }
    let token = '';
    for (let i = 0; i < 24; i += 1) token += 'abcdefghijklmnopqrstuvwxyz0123456789'[this.deps.randomInt(36)];
    const order = this.newOrder(merchantId, 'precreate', p, 'NOTPAY');
    // A private scheme: the sandbox never names an external host (no network beyond 127.0.0.1).
    order.qr = { payload: `tillpoint-sandbox://pay/${token}`, expiresAt: order.createdAt + qrTtlMs };
    return answer(precreateView(order));
  }

  query(merchantId: string, p: OrderRef): Reply {
    const order = this.orders.get(orderKey(merchantId, p.out_trade_no));
    if (!order) return business('ORDER_NOT_EXIST');
    this.settle(order);
    return answer(queryView(order));
  }

  reverse(merchantId: string, p: OrderRef): Reply {
    const key = orderKey(merchantId, p.out_trade_no);
    const order = this.orders.get(key);
    if (!order) {
      if (!this.reversedUnknown.has(key)) {
        this.reversedUnknown.set(key, { merchantId, outTradeNo: p.out_trade_no, at: this.deps.now() });
      }
      return answer({ result: 'REVERSED', refunded: false });
    }
    this.settle(order);
    if (!order.reversed) {
      order.reversed = true;
      if (isPaid(order.status)) {
        // Reverse of a paid order gives the payer back whatever is not refunded yet (WeChat reverse API).
        const rest = order.amount - order.refundedAmount;
        if (rest > 0) {
          order.refundedAmount += rest;
          order.refunded += 1;
          order.reverseRefunded = true;
        }
        this.move(order, 'REVOKED');
      } else if (order.status === 'NOTPAY') {
        this.move(order, 'CLOSED');
      } else if (order.status === 'USERPAYING' || order.status === 'PAYERROR') {
        order.settleAt = null;
        order.settleTo = null;
        this.move(order, 'REVOKED');
      }
    }
    return answer({ result: 'REVERSED', refunded: order.reverseRefunded });
  }

  refund(merchantId: string, p: RefundParams): Reply {
    const refundKey = orderKey(merchantId, p.out_refund_no);
    const previous = this.refunds.get(refundKey);
    if (previous) {
      if (previous.outTradeNo !== p.out_trade_no || previous.amount !== p.amount) {
        return business('OUT_REFUND_NO_USED');
      }
      return answer({ refund_status: 'SUCCESS', refunded_total: previous.refundedTotal });
    }
    const order = this.orders.get(orderKey(merchantId, p.out_trade_no));
    if (!order) return business('ORDER_NOT_EXIST');
    this.settle(order);
    if (order.reversed) return business('ORDER_REVERSED', { trade_status: order.status });
    if (!isPaid(order.status)) return business('ORDER_NOT_PAID', { trade_status: order.status });
    if (order.refundedAmount + p.amount > order.amount) {
      return business('REFUND_EXCEEDS', { refunded_total: order.refundedAmount });
    }
    order.refundedAmount += p.amount;
    order.refunded += 1;
    this.move(order, 'REFUND');
    this.refunds.set(refundKey, {
      outTradeNo: p.out_trade_no,
      amount: p.amount,
      refundedTotal: order.refundedAmount,
      at: this.deps.now(),
    });
    return answer({ refund_status: 'SUCCESS', refunded_total: order.refundedAmount });
  }

  /** The "customer pays" control: the customer's phone scanned a precreated merchant QR and paid it. */
  customerPays(outTradeNo: string, p: CustomerPaysParams): Reply {
    const matches = [...this.orders.values()].filter(
      (o) =>
        o.kind === 'precreate' &&
        o.outTradeNo === outTradeNo &&
        (p.merchant_id === undefined || o.merchantId === p.merchant_id),
    );
    if (matches.length > 1) {
      const message = 'Several merchants precreated this out_trade_no; say which with merchant_id';
      return { status: 409, body: { code: 'PARAM_ERROR', message } };
    }
    const order = matches[0];
    if (!order) return { status: 404, body: { code: 'ORDER_NOT_EXIST', message: messages.ORDER_NOT_EXIST } };
    this.settle(order);
    if (order.status === 'NOTPAY') {
      order.wallet = p.wallet;
      this.charge(order, null);
      this.move(order, 'SUCCESS');
    }
    if (!isPaid(order.status)) {
      return { status: 409, body: { code: 'ORDER_CLOSED', message: messages.ORDER_CLOSED } };
    }
    return answer({ trade_status: order.status, transaction_id: order.transactionId, wallet: order.wallet });
  }

  /** A refund by its out_refund_no, as the books hold it (refund queries, settlement files). */
  refundRecord(merchantId: string, outRefundNo: string): RefundRecord | null {
    return this.refunds.get(orderKey(merchantId, outRefundNo)) ?? null;
  }

  /** An order as the books hold it, time-driven transitions applied (settlement files, dialects). */
  order(merchantId: string, outTradeNo: string): Order | null {
    const order = this.orders.get(orderKey(merchantId, outTradeNo));
    if (order) this.settle(order);
    return order ?? null;
  }

  ledger(): Json {
    for (const order of this.orders.values()) this.settle(order);
    return {
      now: iso(this.deps.now()),
      orders: [...this.orders.values()].map(ledgerRow),
      reversed_unknown: [...this.reversedUnknown.values()].map((r) => ({
        out_trade_no: r.outTradeNo,
        merchant_id: r.merchantId,
        reversed_at: iso(r.at),
      })),
    };
  }

  /** Time-driven transitions happen when someone looks: a password typed, a merchant QR expired. */
  private settle(order: Order): void {
    const now = this.deps.now();
    if (order.status === 'USERPAYING' && order.settleAt !== null && now >= order.settleAt) {
      const to = order.settleTo;
      order.settleAt = null;
      order.settleTo = null;
      if (to === 'SUCCESS') {
        const issued = order.authCode === null ? undefined : this.codes.get(order.authCode);
        this.charge(order, issued ?? null);
        this.move(order, 'SUCCESS');
      } else {
        order.code = 'PAYER_DECLINED';
        order.message = messages.PAYER_DECLINED;
        this.move(order, 'PAYERROR');
      }
    }
    if (order.status === 'NOTPAY' && order.qr !== null && now >= order.qr.expiresAt) {
      order.code = 'ORDER_CLOSED';
      order.message = messages.ORDER_CLOSED;
      this.move(order, 'CLOSED');
    }
  }

  private newOrder(
    merchantId: string,
    kind: Order['kind'],
    p: { out_trade_no: string; amount: number; currency: string },
    status: TradeStatus,
  ): Order {
    const now = this.deps.now();
    const order: Order = {
      merchantId,
      outTradeNo: p.out_trade_no,
      kind,
      authCode: null,
      wallet: null,
      amount: p.amount,
      currency: p.currency,
      status,
      transactionId: null,
      code: null,
      message: null,
      charged: 0,
      refunded: 0,
      refundedAmount: 0,
      reversed: false,
      reverseRefunded: false,
      settleAt: null,
      settleTo: null,
      qr: null,
      slowMs: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.orders.set(orderKey(merchantId, p.out_trade_no), order);
    return order;
  }

  /** The one place money comes in: `charged` counts it, so a test can prove nothing was charged twice. */
  private charge(order: Order, issued: IssuedCode | null): void {
    if (issued) issued.balance -= order.amount;
    let digits = '';
    for (let i = 0; i < 18; i += 1) digits += String(this.deps.randomInt(10));
    // 28 digits like WeChat Pay's transaction_id: 42, the date, 18 random digits.
    const day = new Date(this.deps.now()).toISOString().slice(0, 10).replaceAll('-', '');
    order.transactionId = `42${day}${digits}`;
    order.charged += 1;
    order.paidAt = this.deps.now();
    order.code = null;
    order.message = null;
    order.updatedAt = this.deps.now();
  }

  private move(order: Order, to: TradeStatus): void {
    order.status = assertTransition(order.status, to);
    order.updatedAt = this.deps.now();
  }
}
