import type { Log } from '../../../shared/log.js';
import { toWechatNo } from '../../../shared/wechatpay-wire.js';
import type {
  MerchantQrOutcome,
  OutcomeReason,
  PaymentProvider,
  ProviderOutcome,
  RefundOutcome,
  ReverseOutcome,
} from '../provider.js';
import { createWechatpayClient, type NoAnswer, type V2Result } from './wechatpay-client.js';
import type { WechatpayCredentials } from './wechatpay-credentials.js';
import { providerError, unknownOutcomeCodes, wechatReason } from './wechatpay-reasons.js';

export interface WechatpayConfig {
  readonly id: string;
  readonly url: string;
  readonly credentials: WechatpayCredentials;
  readonly notifyUrl: string;
  readonly deviceIp: string;
  readonly log: Log;
  /** query, reverse, refund (a charge uses the attempt's remaining time) */
  readonly requestTimeoutMs?: number;
  readonly now?: () => number;
}

/** The longest a Native QR may live at WeChat Pay (2 h); the till's own deadline is shorter. */
const nativeMaxMs = 2 * 60 * 60 * 1000;

/** WeChat Pay's time format: RFC 3339 in Beijing time, e.g. 2026-12-07T22:05:00+08:00. */
export function beijingTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A description cut to WeChat's limit in UTF-8 bytes (v2 body: 128), never inside a character. */
function cut(text: string, maxBytes: number): string {
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** trade_state (orderquery v2, query v3) -> what the state machine needs. */
function fromTradeState(
  state: string | null,
  transactionId: string | null,
  desc: string | null,
): ProviderOutcome {
  switch (state) {
    case 'SUCCESS':
    case 'REFUND': // paid, then (partly) refunded: the payment itself happened
      return { status: 'succeeded', transactionId, wallet: 'wechat' };
    case 'USERPAYING':
    case 'NOTPAY':
      return { status: 'paying' };
    case 'REVOKED':
      return { status: 'reversed' };
    case 'CLOSED':
      return { status: 'declined', reason: wechatReason('ORDERCLOSED', desc ?? undefined) };
    case 'PAYERROR':
      return { status: 'declined', reason: wechatReason('PAYERROR', desc ?? undefined) };
    default:
      return {
        status: 'unknown',
        reason: providerError(`WeChat Pay answered trade_state ${state ?? '(none)'}.`),
      };
  }
}

/**
 * WeChat Pay for the merchant's own account (design: README "WeChat Pay"). Customer codes go through API
 * v2 micropay (HMAC-SHA256 signed XML) with orderquery / reverse / refund / refundquery; the merchant QR
 * through API v3 Native, its query, close and refund. Every call carries the attempt's id (without its
 * dashes) as out_trade_no, so a call repeated after a lost answer or a crash never moves money twice.
 */
export function createWechatpayProvider(config: WechatpayConfig): PaymentProvider {
  const client = createWechatpayClient({
    id: config.id,
    url: config.url,
    credentials: config.credentials,
    log: config.log,
    ...(config.now ? { now: config.now } : {}),
  });
  const now = config.now ?? Date.now;
  const timeoutMs = config.requestTimeoutMs ?? 10_000;
  /** orders this till made through API v3 Native: queried, closed and refunded through v3 */
  const nativeOrders = new Set<string>();
  const orderPath = (no: string) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(no)}`;

  /** v2 orderquery: the order's fields, 'not_found', or no answer. */
  async function orderquery(no: string): Promise<Record<string, string> | 'not_found' | NoAnswer> {
    const r = await client.v2('/pay/orderquery', { out_trade_no: no }, timeoutMs, 'query', { ref: no });
    if (r.kind === 'none') return r.outcome;
    if (r.kind === 'refused') return { status: 'unknown', reason: r.reason };
    if (r.fields.result_code === 'SUCCESS') {
      if (r.fields.trade_type === 'NATIVE') nativeOrders.add(no);
      return r.fields;
    }
    if (r.fields.err_code === 'ORDERNOTEXIST') return 'not_found';
    return {
      status: 'unknown',
      reason: wechatReason(r.fields.err_code ?? 'SYSTEMERROR', r.fields.err_code_des),
    };
  }

  async function queryV3(no: string): Promise<ProviderOutcome> {
    const r = await client.v3('GET', `${orderPath(no)}?mchid=${client.mchid}`, null, timeoutMs, 'query', no);
    if (r.kind === 'none') return r.outcome;
    const json = r.json ?? {};
    if (r.status === 200) {
      return fromTradeState(str(json.trade_state), str(json.transaction_id), str(json.trade_state_desc));
    }
    if (r.status === 404 && json.code === 'ORDER_NOT_EXIST') return { status: 'not_found' };
    return {
      status: 'unknown',
      reason: wechatReason(str(json.code) ?? `HTTP ${r.status}`, str(json.message) ?? undefined),
    };
  }

  /** micropay's answer: paid, the payer typing a password, unknown (query), or a refusal. */
  function fromMicropay(r: V2Result): ProviderOutcome {
    if (r.kind === 'none') return r.outcome;
    if (r.kind === 'refused') return { status: 'declined', reason: r.reason };
    const f = r.fields;
    if (f.result_code === 'SUCCESS') {
      return { status: 'succeeded', transactionId: f.transaction_id ?? null, wallet: 'wechat' };
    }
    const code = f.err_code ?? 'SYSTEMERROR';
    if (code === 'USERPAYING') return { status: 'paying' };
    if (unknownOutcomeCodes.has(code))
      return { status: 'unknown', reason: wechatReason(code, f.err_code_des) };
    if (code === 'ORDERREVERSED') return { status: 'reversed' };
    return { status: 'declined', reason: wechatReason(code, f.err_code_des) };
  }

  const failed = (reason: OutcomeReason): { status: 'failed'; reason: OutcomeReason } => ({
    status: 'failed',
    reason,
  });

  /** Closes an unpaid Native order, refunds a paid one in full (out_refund_no derived from the order). */
  async function reverseNative(
    no: string,
    state: string | null,
    total: number,
    currency: string,
  ): Promise<ReverseOutcome> {
    if (state === 'SUCCESS') {
      const refunded = await refundV3(no, `${no}rv`, total, total, currency);
      if (refunded.status === 'answered') return { status: 'reversed', refunded: true };
      return failed(refunded.reason);
    }
    if (state === 'CLOSED' || state === 'REVOKED' || state === 'REFUND') {
      return { status: 'reversed', refunded: state === 'REFUND' };
    }
    const r = await client.v3(
      'POST',
      `${orderPath(no)}/close`,
      { mchid: client.mchid },
      timeoutMs,
      'close',
      no,
    );
    if (r.kind === 'none') return failed(r.outcome.reason);
    if (r.status === 204 || r.status === 200) return { status: 'reversed', refunded: false };
    const json = r.json ?? {};
    // an order WeChat never made (the create was lost before it arrived) has nothing to close
    if (r.status === 404 && json.code === 'ORDER_NOT_EXIST') return { status: 'reversed', refunded: false };
    return failed(wechatReason(str(json.code) ?? `HTTP ${r.status}`, str(json.message) ?? undefined));
  }

  type Sent = { status: 'answered' } | { status: 'failed' | 'unknown'; reason: OutcomeReason };

  async function refundV3(
    no: string,
    refundNo: string,
    amount: number,
    total: number,
    currency: string,
  ): Promise<Sent> {
    const r = await client.v3(
      'POST',
      '/v3/refund/domestic/refunds',
      { out_trade_no: no, out_refund_no: refundNo, amount: { refund: amount, total, currency } },
      timeoutMs,
      'refund',
      refundNo,
    );
    if (r.kind === 'none') return { status: 'unknown', reason: r.outcome.reason };
    const json = r.json ?? {};
    if (r.status === 200) {
      if (json.status === 'SUCCESS' || json.status === 'PROCESSING') return { status: 'answered' };
      return {
        status: 'failed',
        reason: wechatReason(`refund ${str(json.status) ?? '?'}`, undefined, 'refund'),
      };
    }
    const code = str(json.code) ?? `HTTP ${r.status}`;
    const reason = wechatReason(code, str(json.message) ?? undefined, 'refund');
    return unknownOutcomeCodes.has(code) ? { status: 'unknown', reason } : { status: 'failed', reason };
  }

  async function refundV2(
    no: string,
    refundNo: string,
    amount: number,
    total: number,
    currency: string,
  ): Promise<Sent> {
    const r = await client.v2(
      '/secapi/pay/refund',
      {
        out_trade_no: no,
        out_refund_no: refundNo,
        total_fee: String(total),
        refund_fee: String(amount),
        refund_fee_type: currency,
      },
      timeoutMs,
      'refund',
      { mutualTls: true, ref: refundNo },
    );
    if (r.kind === 'none') return { status: 'unknown', reason: r.outcome.reason };
    if (r.kind === 'refused') return { status: 'failed', reason: r.reason };
    if (r.fields.result_code === 'SUCCESS') return { status: 'answered' };
    const code = r.fields.err_code ?? 'SYSTEMERROR';
    const reason = wechatReason(code, r.fields.err_code_des, 'refund');
    return unknownOutcomeCodes.has(code) ? { status: 'unknown', reason } : { status: 'failed', reason };
  }

  /** refundquery v2: where the refund `refundNo` of the order stands, and how much is refunded in all. */
  async function refundquery(no: string, refundNo: string): Promise<RefundOutcome> {
    const r = await client.v2('/pay/refundquery', { out_trade_no: no }, timeoutMs, 'refund query', {
      ref: refundNo,
    });
    if (r.kind === 'none') return { status: 'unknown', reason: r.outcome.reason };
    if (r.kind === 'refused' || r.fields.result_code !== 'SUCCESS') {
      const reason =
        r.kind === 'refused'
          ? r.reason
          : wechatReason(r.fields.err_code ?? 'SYSTEMERROR', r.fields.err_code_des);
      return { status: 'unknown', reason };
    }
    const f = r.fields;
    const count = Number(f.refund_count ?? '0');
    let total = 0;
    let mine: string | null = null;
    for (let n = 0; n < count && n < 100; n += 1) {
      const status = f[`refund_status_${n}`];
      if (status === 'SUCCESS') total += Number(f[`refund_fee_${n}`] ?? '0');
      if (f[`out_refund_no_${n}`] === refundNo) mine = status ?? null;
    }
    if (mine === 'SUCCESS') return { status: 'refunded', refundedTotal: total };
    if (mine === 'REFUNDCLOSE' || mine === 'CHANGE') {
      return { status: 'failed', reason: wechatReason(`refund ${mine}`, undefined, 'refund') };
    }
    return {
      status: 'unknown',
      reason: providerError(
        `WeChat Pay has the refund as ${mine ?? 'not yet recorded'}; the till asks again.`,
      ),
    };
  }

  return {
    id: config.id,
    confirms: true,

    async chargeCode(req) {
      const no = toWechatNo(req.outTradeNo);
      const r = await client.v2(
        '/pay/micropay',
        {
          body: cut(req.description ?? 'Tillpoint', 128),
          out_trade_no: no,
          total_fee: String(req.amount.amount),
          fee_type: req.amount.currency,
          spbill_create_ip: config.deviceIp,
          auth_code: req.authCode,
        },
        req.timeoutMs,
        'charge',
        { ref: no },
      );
      return fromMicropay(r);
    },

    async createMerchantQr(req): Promise<MerchantQrOutcome> {
      const no = toWechatNo(req.outTradeNo);
      // remembered before sending: after a lost answer the query goes to v3 as well
      nativeOrders.add(no);
      const expiresAt = now() + Math.min(nativeMaxMs, Math.max(60_000, req.timeoutMs));
      const r = await client.v3(
        'POST',
        '/v3/pay/transactions/native',
        {
          appid: client.appid,
          mchid: client.mchid,
          description: cut(req.description ?? 'Tillpoint', 127),
          out_trade_no: no,
          time_expire: beijingTime(expiresAt),
          notify_url: config.notifyUrl,
          amount: { total: req.amount.amount, currency: req.amount.currency },
        },
        req.timeoutMs,
        'QR request',
        no,
      );
      if (r.kind === 'none') return r.outcome;
      const json = r.json ?? {};
      const codeUrl = str(json.code_url);
      if (r.status === 200 && codeUrl) {
        return { status: 'shown', payload: codeUrl, expiresAt: new Date(expiresAt).toISOString() };
      }
      const code = str(json.code) ?? `HTTP ${r.status}`;
      const reason = wechatReason(code, str(json.message) ?? undefined);
      return unknownOutcomeCodes.has(code) || code === 'ORDERPAID'
        ? { status: 'unknown', reason }
        : { status: 'declined', reason };
    },

    async query(outTradeNo) {
      const no = toWechatNo(outTradeNo);
      if (nativeOrders.has(no)) return queryV3(no);
      const info = await orderquery(no);
      if (info === 'not_found') return { status: 'not_found' };
      if ('status' in info) return info as NoAnswer;
      return fromTradeState(
        info.trade_state ?? null,
        info.transaction_id ?? null,
        info.trade_state_desc ?? null,
      );
    },

    async reverse(outTradeNo): Promise<ReverseOutcome> {
      const no = toWechatNo(outTradeNo);
      const info = await orderquery(no);
      const known = info !== 'not_found' && !('status' in info);
      if (known && info.trade_type === 'NATIVE') {
        return reverseNative(
          no,
          info.trade_state ?? null,
          Number(info.total_fee ?? '0'),
          info.fee_type ?? 'CNY',
        );
      }
      if (!known && nativeOrders.has(no)) {
        // a Native order WeChat cannot tell about now: close it (closing an unpaid or unknown order is safe)
        return info === 'not_found' ? reverseNative(no, null, 0, 'CNY') : failed((info as NoAnswer).reason);
      }
      const r = await client.v2('/secapi/pay/reverse', { out_trade_no: no }, timeoutMs, 'reverse', {
        mutualTls: true,
        ref: no,
      });
      if (r.kind === 'none') return failed(r.outcome.reason);
      if (r.kind === 'refused') return failed(r.reason);
      if (r.fields.result_code === 'SUCCESS' && r.fields.recall !== 'Y') {
        const paid = known && (info.trade_state === 'SUCCESS' || info.trade_state === 'REFUND');
        return { status: 'reversed', refunded: paid };
      }
      // recall=Y, SYSTEMERROR, USERPAYING: the reverse did not happen yet; the runner asks again
      return failed(wechatReason(r.fields.err_code ?? 'SYSTEMERROR', r.fields.err_code_des));
    },

    async refund(req): Promise<RefundOutcome> {
      const no = toWechatNo(req.outTradeNo);
      const refundNo = toWechatNo(req.outRefundNo);
      const info = await orderquery(no);
      if (info === 'not_found') {
        return {
          status: 'failed',
          reason: wechatReason('ORDERNOTEXIST', 'no such payment at WeChat Pay', 'refund'),
        };
      }
      if ('status' in info) return { status: 'unknown', reason: (info as NoAnswer).reason };
      const total = Number(info.total_fee ?? '0');
      const currency = info.fee_type ?? req.amount.currency;
      const sent =
        info.trade_type === 'NATIVE'
          ? await refundV3(no, refundNo, req.amount.amount, total, currency)
          : await refundV2(no, refundNo, req.amount.amount, total, currency);
      if (sent.status !== 'answered') return sent;
      return refundquery(no, refundNo);
    },
  };
}
