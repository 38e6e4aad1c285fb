import type { HttpOutcome, TlsOptions } from './http-json.js';
import type {
  MerchantQrOutcome,
  OutcomeReason,
  PaymentProvider,
  ProviderOutcome,
  RefundOutcome,
  ReverseOutcome,
} from './provider.js';
import { postSignedToGateway } from './gateway-post.js';

export interface SandboxGatewayConfig {
  readonly id: string;
  /** e.g. http://127.0.0.1:8790 */
  readonly url: string;
  readonly merchantId: string;
  readonly key: string;
  /** for query / reverse / refund (a charge uses the attempt's remaining time) */
  readonly requestTimeoutMs?: number;
  /** an https gateway's trust (its own CA, a pin) */
  readonly tls?: TlsOptions;
}

/** Gateway business codes -> the till's reason codes (src/core/errors.ts) for the cashier's message. */
const reasonCodes: Readonly<Record<string, string>> = {
  AUTH_CODE_EXPIRED: 'wallet.code_expired',
  AUTH_CODE_USED: 'wallet.code_used',
  AUTH_CODE_INVALID: 'wallet.code_invalid',
  NOT_ENOUGH: 'payment.declined',
  PAYER_DECLINED: 'payment.declined',
  ORDER_CLOSED: 'payment.declined',
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function reasonOf(body: Record<string, unknown>, fallback: string): OutcomeReason {
  const code = text(body.code);
  return {
    code: (code && reasonCodes[code]) ?? 'payment.provider_error',
    message: text(body.message) ?? (code ? `The payment service answered ${code}.` : fallback),
  };
}

/**
 * What an HTTP outcome means for the money. Only a definite business answer is a decline; a refused
 * connection is 'unreachable' (nothing left the till), and everything else that is not a clear answer
 * (a timeout, a reset, a 5xx, a body that is not JSON, SYSTEMERROR) is 'unknown': the charge may have gone
 * through, so the caller must query, never treat it as declined.
 */
function classify(
  http: HttpOutcome,
  what: string,
): Exclude<ProviderOutcome, { status: 'paying' }> | { status: 'body'; body: Record<string, unknown> } {
  switch (http.kind) {
    case 'unreachable':
      return {
        status: 'unreachable',
        reason: {
          code: 'payment.offline',
          message: `The payment service cannot be reached (${http.error}).`,
        },
      };
    case 'timeout':
      return {
        status: 'timeout',
        reason: {
          code: 'payment.provider_error',
          message: `The payment service did not answer the ${what} in time.`,
        },
      };
    case 'lost':
      return {
        status: 'unknown',
        reason: { code: 'payment.provider_error', message: `The ${what} reply was lost (${http.error}).` },
      };
    case 'reply': {
      const body = http.body;
      if (http.status >= 500 || body === null) {
        return {
          status: 'unknown',
          reason: {
            code: 'payment.provider_error',
            message: `The payment service failed on the ${what} (HTTP ${http.status}).`,
          },
        };
      }
      if (http.status !== 200) {
        // 401 (signature, clock) and 400 (parameters) are refused before any business. For a charge that
        // means no money moved (a decline); a refused query says nothing about the order (unknown).
        const reason = reasonOf(body, `The payment service refused the ${what}.`);
        return what === 'query' ? { status: 'unknown', reason } : { status: 'declined', reason };
      }
      if (body.code === 'SYSTEMERROR') {
        return { status: 'unknown', reason: reasonOf(body, 'The payment service did not confirm.') };
      }
      return { status: 'body', body };
    }
  }
}

/** trade_status -> outcome, for micropay and query answers alike. */
function fromTradeStatus(body: Record<string, unknown>, isQuery = false): ProviderOutcome {
  const transactionId = text(body.transaction_id);
  switch (body.trade_status) {
    case 'SUCCESS':
    case 'REFUND': // paid, then (partly) refunded: the payment itself happened
      return { status: 'succeeded', transactionId, wallet: text(body.wallet) };
    case 'USERPAYING':
    case 'NOTPAY':
      return { status: 'paying' };
    case 'REVOKED':
      return { status: 'reversed' };
    case 'PAYERROR':
    case 'CLOSED':
      return { status: 'declined', reason: reasonOf(body, 'The payment was declined.') };
  }
  if (body.code === 'ORDER_NOT_EXIST') return { status: 'not_found' };
  if (body.code === 'ORDER_REVERSED') return { status: 'reversed' };
  // A business refusal of a charge means it was not taken; a query's refusal says nothing about the order.
  if (typeof body.code === 'string' && !isQuery) {
    return { status: 'declined', reason: reasonOf(body, 'The payment service refused the payment.') };
  }
  return {
    status: 'unknown',
    reason: {
      code: 'payment.provider_error',
      message: 'The payment service gave an answer the till does not know.',
    },
  };
}

/**
 * The sandbox gateway (design section B) over HMAC-SHA256 signed requests. Real wallets' APIs have the same
 * shape (WeChat Pay micropay / orderquery / reverse), so an adapter for one of them follows this one.
 */
export function createSandboxGatewayProvider(config: SandboxGatewayConfig): PaymentProvider {
  const requestTimeoutMs = config.requestTimeoutMs ?? 10_000;

  const post = (path: string, payload: Record<string, unknown>, timeoutMs: number) =>
    postSignedToGateway(config, path, payload, timeoutMs);

  const failed = (outcome: ProviderOutcome): { status: 'failed'; reason: OutcomeReason } => ({
    status: 'failed',
    reason:
      'reason' in outcome
        ? outcome.reason
        : { code: 'payment.provider_error', message: `Unexpected ${outcome.status}.` },
  });

  return {
    id: config.id,
    confirms: true,

    async chargeCode(req) {
      const result = classify(
        await post(
          '/v1/pay/micropay',
          {
            out_trade_no: req.outTradeNo,
            auth_code: req.authCode,
            amount: req.amount.amount,
            currency: req.amount.currency,
            ...(req.description ? { description: req.description } : {}),
          },
          req.timeoutMs,
        ),
        'charge',
      );
      return result.status === 'body' ? fromTradeStatus(result.body) : result;
    },

    async createMerchantQr(req): Promise<MerchantQrOutcome> {
      const result = classify(
        await post(
          '/v1/pay/precreate',
          {
            out_trade_no: req.outTradeNo,
            amount: req.amount.amount,
            currency: req.amount.currency,
            ...(req.description ? { description: req.description } : {}),
          },
          req.timeoutMs,
        ),
        'QR request',
      );
      if (result.status !== 'body') return result;
      const payload = text(result.body.qr_payload);
      const expiresAt = text(result.body.expires_at);
      if (result.body.trade_status === 'NOTPAY' && payload && expiresAt) {
        return { status: 'shown', payload, expiresAt: new Date(expiresAt).toISOString() };
      }
      const outcome = fromTradeStatus(result.body);
      return outcome.status === 'paying'
        ? {
            status: 'unknown',
            reason: { code: 'payment.provider_error', message: 'The payment service sent no QR code.' },
          }
        : outcome;
    },

    async query(outTradeNo) {
      const result = classify(
        await post('/v1/pay/query', { out_trade_no: outTradeNo }, requestTimeoutMs),
        'query',
      );
      return result.status === 'body' ? fromTradeStatus(result.body, true) : result;
    },

    async reverse(outTradeNo): Promise<ReverseOutcome> {
      const result = classify(
        await post('/v1/pay/reverse', { out_trade_no: outTradeNo }, requestTimeoutMs),
        'reverse',
      );
      if (result.status !== 'body') return failed(result);
      if (result.body.result === 'REVERSED')
        return { status: 'reversed', refunded: result.body.refunded === true };
      return failed(fromTradeStatus(result.body));
    },

    async refund(req): Promise<RefundOutcome> {
      const result = classify(
        await post(
          '/v1/pay/refund',
          { out_trade_no: req.outTradeNo, out_refund_no: req.outRefundNo, amount: req.amount.amount },
          requestTimeoutMs,
        ),
        'refund',
      );
      if (result.status === 'declined') return failed(result);
      // out_refund_no is the gateway's idempotency key: asking again after no answer refunds once
      if (result.status !== 'body') return { status: 'unknown', reason: failed(result).reason };
      if (result.body.refund_status === 'SUCCESS' && typeof result.body.refunded_total === 'number') {
        return { status: 'refunded', refundedTotal: result.body.refunded_total };
      }
      // a business code (ORDER_NOT_PAID, REFUND_EXCEEDS, OUT_REFUND_NO_USED ...) is a refusal: nothing moved
      if (typeof result.body.code === 'string') {
        return { status: 'failed', reason: reasonOf(result.body, 'The payment service refused the refund.') };
      }
      return {
        status: 'unknown',
        reason: {
          code: 'payment.provider_error',
          message: 'The payment service gave a refund answer the till does not know.',
        },
      };
    },
  };
}
