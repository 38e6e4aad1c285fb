import type { GatewayLedger } from '../ledger.js';
import type { Order } from '../order.js';
import { openidOf, refundIdOf, tradeType } from './wechatpay-v2.js';

/**
 * The business of WeChat Pay API v3 on the sandbox's books: Native order, query by out_trade_no, close,
 * domestic refund. Answers are JSON with WeChat's field names and its error shape `{ code, message }`;
 * authentication and answer signatures are the dialect's.
 */
export interface V3Answer {
  status: number;
  /** null: 204 No Content */
  body: Record<string, unknown> | null;
}

const error = (status: number, code: string, message: string): V3Answer => ({
  status,
  body: { code, message },
});
const outTradeNoShape = /^[A-Za-z0-9_\-|*@]{6,32}$/;
const beijing = (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
const positiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const object = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function transaction(o: Readonly<Order>, appid: string): Record<string, unknown> {
  const paid = o.transactionId !== null;
  return {
    appid,
    mchid: o.merchantId,
    out_trade_no: o.outTradeNo,
    ...(paid ? { transaction_id: o.transactionId, bank_type: 'OTHERS', payer: { openid: openidOf(o) } } : {}),
    trade_type: tradeType(o),
    trade_state: o.status,
    trade_state_desc: o.message ?? o.status,
    ...(paid ? { success_time: beijing(o.paidAt ?? o.updatedAt) } : {}),
    amount: {
      total: o.amount,
      currency: o.currency,
      ...(paid ? { payer_total: o.amount, payer_currency: o.currency } : {}),
    },
  };
}

export function createV3Business(ledger: GatewayLedger, merchant: { mchid: string; appid: string }) {
  return {
    native(mchid: string, body: Record<string, unknown>): V3Answer {
      const amount = object(body.amount);
      if (body.mchid !== mchid) return error(400, 'PARAM_ERROR', 'mchid与请求头中的商户号不一致');
      if (body.appid !== merchant.appid) return error(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
      if (typeof body.out_trade_no !== 'string' || !outTradeNoShape.test(body.out_trade_no))
        return error(400, 'PARAM_ERROR', 'out_trade_no 须为6-32位字母、数字或_-|*@');
      if (typeof body.description !== 'string' || body.description === '')
        return error(400, 'PARAM_ERROR', '缺少参数 description');
      if (typeof body.notify_url !== 'string' || !body.notify_url.startsWith('https://'))
        return error(400, 'PARAM_ERROR', 'notify_url 须为 https 地址');
      if (!positiveInt(amount.total)) return error(400, 'PARAM_ERROR', 'amount.total 须为正整数（分）');
      const reply = ledger.precreate(mchid, {
        out_trade_no: body.out_trade_no,
        amount: amount.total,
        currency: typeof amount.currency === 'string' ? amount.currency : 'CNY',
        description: body.description,
      });
      const order = ledger.order(mchid, body.out_trade_no);
      if (reply.body.code === 'OUT_TRADE_NO_USED') return error(400, 'INVALID_REQUEST', '商户订单号重复');
      if (
        !order ||
        reply.body.code === 'ORDER_REVERSED' ||
        order.status === 'CLOSED' ||
        order.status === 'REVOKED'
      )
        return error(400, 'ORDER_CLOSED', '订单已关闭');
      if (order.status !== 'NOTPAY') return error(403, 'ORDERPAID', '该订单已支付');
      // the sandbox's own token in WeChat's Native code_url shape (a scheme, never a host)
      const token =
        String(order.qr?.payload ?? '')
          .split('/')
          .pop() ?? '';
      return { status: 200, body: { code_url: `weixin://wxpay/bizpayurl?pr=${token}` } };
    },

    query(mchid: string, outTradeNo: string, queryMchid: string | null): V3Answer {
      if (queryMchid !== mchid) return error(400, 'PARAM_ERROR', 'mchid 参数与请求头中的商户号不一致');
      const order = ledger.order(mchid, outTradeNo);
      if (!order) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      return { status: 200, body: transaction(order, merchant.appid) };
    },

    close(mchid: string, outTradeNo: string, body: Record<string, unknown>): V3Answer {
      if (body.mchid !== mchid) return error(400, 'PARAM_ERROR', 'mchid与请求头中的商户号不一致');
      const order = ledger.order(mchid, outTradeNo);
      if (order && (order.status === 'SUCCESS' || order.status === 'REFUND'))
        return error(400, 'ORDERPAID', '订单已支付，不能关闭');
      // an unknown order is remembered as closed: a late payment of it cannot land (the ledger's reverse)
      if (!order || order.status === 'NOTPAY' || order.status === 'USERPAYING')
        ledger.reverse(mchid, { out_trade_no: outTradeNo });
      return { status: 204, body: null };
    },

    refund(mchid: string, body: Record<string, unknown>): V3Answer {
      const amount = object(body.amount);
      const outTradeNo = body.out_trade_no;
      const outRefundNo = body.out_refund_no;
      if (
        typeof outTradeNo !== 'string' ||
        typeof outRefundNo !== 'string' ||
        !/^[A-Za-z0-9_\-|*@]{1,64}$/.test(outRefundNo)
      )
        return error(400, 'PARAM_ERROR', '缺少参数 out_trade_no 或 out_refund_no');
      if (!positiveInt(amount.refund) || !positiveInt(amount.total))
        return error(400, 'PARAM_ERROR', 'amount.refund 与 amount.total 须为正整数（分）');
      const order = ledger.order(mchid, outTradeNo);
      if (!order) return error(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
      if (order.amount !== amount.total) return error(400, 'INVALID_REQUEST', '订单金额与原订单不一致');
      const reply = ledger.refund(mchid, {
        out_trade_no: outTradeNo,
        out_refund_no: outRefundNo,
        amount: amount.refund,
      });
      const code = reply.body.code;
      if (code === 'REFUND_EXCEEDS') return error(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
      if (code === 'ORDER_NOT_PAID' || code === 'ORDER_REVERSED')
        return error(400, 'INVALID_REQUEST', '订单状态不允许退款');
      if (code === 'OUT_REFUND_NO_USED') return error(400, 'INVALID_REQUEST', '商户退款单号已用于另一笔退款');
      if (typeof code === 'string') return error(500, 'SYSTEM_ERROR', '系统错误');
      const at = ledger
        .books()
        .refunds.find((r) => r.merchantId === mchid && r.outRefundNo === outRefundNo)?.at;
      return {
        status: 200,
        body: {
          refund_id: refundIdOf(mchid, outRefundNo),
          out_refund_no: outRefundNo,
          transaction_id: order.transactionId,
          out_trade_no: outTradeNo,
          channel: 'ORIGINAL',
          user_received_account: '支付用户零钱',
          create_time: beijing(at ?? order.updatedAt),
          success_time: beijing(at ?? order.updatedAt),
          status: 'SUCCESS',
          funds_account: 'AVAILABLE',
          amount: {
            total: order.amount,
            refund: amount.refund,
            payer_total: order.amount,
            payer_refund: amount.refund,
            settlement_total: order.amount,
            settlement_refund: amount.refund,
            discount_refund: 0,
            currency: order.currency,
          },
        },
      };
    },
  };
}
