import { alipayAmount, parseAlipayAmount } from '../../../shared/alipay-sign.js';
import type {
  MerchantQrOutcome,
  OutcomeReason,
  PaymentProvider,
  ProviderOutcome,
  RefundOutcome,
  ReverseOutcome,
} from '../provider.js';
import { createAlipayClient, type AlipayCall, type AlipayClientConfig } from './alipay-client.js';
import { alipayReason } from './alipay-reasons.js';

export interface AlipayProviderConfig extends AlipayClientConfig {
  readonly id: string;
  /** for query / cancel / refund (a charge uses the attempt's remaining time) */
  readonly requestTimeoutMs?: number;
}

/** Alipay face-to-face payment methods (open platform, 当面付). */
export const alipayMethods = {
  pay: 'alipay.trade.pay',
  precreate: 'alipay.trade.precreate',
  query: 'alipay.trade.query',
  cancel: 'alipay.trade.cancel',
  refund: 'alipay.trade.refund',
  refundQuery: 'alipay.trade.fastpay.refund.query',
  billUrl: 'alipay.data.dataservice.bill.downloadurl.query',
} as const;

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

type Plain = Exclude<ProviderOutcome, { status: 'paying' }>;

/**
 * The transport's and the gateway's "cannot say": only a definite, signed business answer is a decline.
 * 20000 (service unavailable), ACQ.SYSTEM_ERROR, a timeout, a lost reply and a bad signature are 'unknown':
 * the charge may have gone through, so the caller queries (and cancels at the deadline).
 */
function unsure(call: AlipayCall, what: string): Plain | null {
  switch (call.kind) {
    case 'unreachable':
      return {
        status: 'unreachable',
        reason: { code: 'payment.offline', message: `Alipay cannot be reached (${call.error}).` },
      };
    case 'timeout':
      return {
        status: 'timeout',
        reason: { code: 'payment.provider_error', message: `Alipay did not answer the ${what} in time.` },
      };
    case 'lost':
      return {
        status: 'unknown',
        reason: {
          code: 'payment.provider_error',
          message: `No trustworthy answer to the ${what} (${call.error}).`,
        },
      };
    case 'answer': {
      const { code, sub_code: subCode } = call.body;
      if (
        code === '20000' ||
        subCode === 'ACQ.SYSTEM_ERROR' ||
        (code !== '10000' && code !== '10003' && !/^4000[1-6]$/.test(String(code)))
      ) {
        return { status: 'unknown', reason: alipayReason(call.body, 'payment.provider_error') };
      }
      return null;
    }
  }
}

const body = (call: AlipayCall): Readonly<Record<string, unknown>> =>
  call.kind === 'answer' ? call.body : {};

/** alipay.trade.query's trade_status -> outcome. */
function fromTradeStatus(b: Readonly<Record<string, unknown>>): ProviderOutcome {
  switch (b.trade_status) {
    case 'TRADE_SUCCESS':
    case 'TRADE_FINISHED':
      return { status: 'succeeded', transactionId: str(b.trade_no), wallet: 'alipay' };
    case 'WAIT_BUYER_PAY':
      return { status: 'paying' };
    case 'TRADE_CLOSED':
      // unpaid and closed (the payer gave up, or the order timed out), or cancelled and refunded in full:
      // either way no money stays with the merchant
      return {
        status: 'declined',
        reason: { code: 'alipay.trade_closed', message: 'The Alipay order is closed (TRADE_CLOSED).' },
      };
  }
  return {
    status: 'unknown',
    reason: { code: 'payment.provider_error', message: 'Alipay gave a trade status the till does not know.' },
  };
}

/**
 * Alipay face-to-face payment (alipay.trade.* over the OpenAPI v2 gateway, RSA2) behind PaymentProvider.
 * out_trade_no is the attempt's id, so every repeat after a lost reply or a crash names the same order.
 */
export function createAlipayProvider(config: AlipayProviderConfig) {
  const client = createAlipayClient(config);
  const requestTimeoutMs = config.requestTimeoutMs ?? 10_000;
  const now = config.now ?? Date.now;

  const failed = (outcome: Plain): { status: 'failed'; reason: OutcomeReason } => ({
    status: 'failed',
    reason:
      'reason' in outcome
        ? outcome.reason
        : { code: 'payment.provider_error', message: `Unexpected ${outcome.status}.` },
  });

  async function refundQuery(outTradeNo: string, outRefundNo: string): Promise<RefundOutcome> {
    const call = await client.call(
      alipayMethods.refundQuery,
      { out_trade_no: outTradeNo, out_request_no: outRefundNo },
      requestTimeoutMs,
    );
    const doubt = unsure(call, 'refund query');
    if (doubt) return { status: 'unknown', reason: failed(doubt).reason };
    const b = body(call);
    // 10000 with refund_status REFUND_SUCCESS (or, from older merchants' accounts, no status but the
    // refund's amount): refunded. 10000 without either: Alipay has no such refund (it never arrived).
    if (
      b.code === '10000' &&
      (b.refund_status === 'REFUND_SUCCESS' || (b.refund_status === undefined && str(b.refund_amount)))
    ) {
      return { status: 'refunded', refundedTotal: parseAlipayAmount(b.refund_amount) ?? 0 };
    }
    return {
      status: 'unknown',
      reason: { code: 'payment.provider_error', message: 'Alipay has no record of this refund yet.' },
    };
  }

  const provider: PaymentProvider & { refundQuery: typeof refundQuery } = {
    id: config.id,
    confirms: true,

    async chargeCode(req) {
      const call = await client.call(
        alipayMethods.pay,
        {
          out_trade_no: req.outTradeNo,
          scene: 'bar_code',
          auth_code: req.authCode,
          subject: req.description ?? 'Tillpoint sale',
          total_amount: alipayAmount(req.amount.amount),
        },
        req.timeoutMs,
      );
      const doubt = unsure(call, 'charge');
      if (doubt) return doubt;
      const b = body(call);
      if (b.code === '10000')
        return { status: 'succeeded', transactionId: str(b.trade_no), wallet: 'alipay' };
      // "order success pay inprocess": the payer is confirming on the phone; the query tells the end
      if (b.code === '10003') return { status: 'paying' };
      // paid already (a repeat of a charge that went through): only a query can say what to keep
      if (b.sub_code === 'ACQ.TRADE_HAS_SUCCESS') {
        return { status: 'unknown', reason: alipayReason(b, 'payment.provider_error') };
      }
      return { status: 'declined', reason: alipayReason(b, 'payment.declined') };
    },

    async createMerchantQr(req): Promise<MerchantQrOutcome> {
      const minutes = Math.max(1, Math.ceil(req.timeoutMs / 60_000));
      const call = await client.call(
        alipayMethods.precreate,
        {
          out_trade_no: req.outTradeNo,
          subject: req.description ?? 'Tillpoint sale',
          total_amount: alipayAmount(req.amount.amount),
          timeout_express: `${minutes}m`,
        },
        req.timeoutMs,
      );
      const doubt = unsure(call, 'QR request');
      if (doubt) return doubt;
      const b = body(call);
      const qr = str(b.qr_code);
      if (b.code === '10000' && qr) {
        return { status: 'shown', payload: qr, expiresAt: new Date(now() + minutes * 60_000).toISOString() };
      }
      if (b.code === '10000') {
        return {
          status: 'unknown',
          reason: { code: 'payment.provider_error', message: 'Alipay sent no QR code.' },
        };
      }
      return { status: 'declined', reason: alipayReason(b, 'payment.declined') };
    },

    async query(outTradeNo) {
      const call = await client.call(alipayMethods.query, { out_trade_no: outTradeNo }, requestTimeoutMs);
      const doubt = unsure(call, 'query');
      if (doubt) return doubt;
      const b = body(call);
      if (b.code === '10000') return fromTradeStatus(b);
      if (b.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'not_found' };
      // a refused query says nothing about the order
      return { status: 'unknown', reason: alipayReason(b, 'payment.provider_error') };
    },

    async reverse(outTradeNo): Promise<ReverseOutcome> {
      const call = await client.call(alipayMethods.cancel, { out_trade_no: outTradeNo }, requestTimeoutMs);
      const doubt = unsure(call, 'cancel');
      if (doubt) return failed(doubt);
      const b = body(call);
      // retry_flag Y: Alipay could not cancel yet (the payer is mid-payment): the till asks again
      if (b.code === '10000' && b.retry_flag !== 'Y')
        return { status: 'reversed', refunded: b.action === 'refund' };
      // nothing by that out_trade_no: the charge never arrived; Alipay closes the number for a late one
      if (b.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'reversed', refunded: false };
      return { status: 'failed', reason: alipayReason(b, 'payment.provider_error') };
    },

    async refund(req): Promise<RefundOutcome> {
      const call = await client.call(
        alipayMethods.refund,
        {
          out_trade_no: req.outTradeNo,
          refund_amount: alipayAmount(req.amount.amount),
          // out_request_no makes a refund partial and idempotent: the same one again refunds once
          out_request_no: req.outRefundNo,
        },
        requestTimeoutMs,
      );
      if (call.kind === 'unreachable')
        return { status: 'unknown', reason: failed(unsure(call, 'refund')!).reason };
      const doubt = unsure(call, 'refund');
      // no answer that says either way: ask Alipay whether this refund exists (the same out_request_no)
      if (doubt) return refundQuery(req.outTradeNo, req.outRefundNo);
      const b = body(call);
      if (b.code === '10000') {
        return { status: 'refunded', refundedTotal: parseAlipayAmount(b.refund_fee) ?? req.amount.amount };
      }
      return { status: 'failed', reason: alipayReason(b, 'payment.declined') };
    },

    refundQuery,
  };
  return provider;
}
